// Which release a file is checked against, and why, in this order: a modeline, what the user chose
// (--release, the setting), the devstack checkout the file sits in (its stackrc), the file's own
// *_BRANCH pins, then the releases its names fit best over all 26 (a range and a confidence, never a
// silent pick between equals).
import type { LocalrcDocument } from '../localrc';
import type { OsloDocument } from '../osloIni';
import { releaseFromStackrc } from '../../devstack/stackrc';
import { normalizeGroup, normalizeOption } from '../../schema/catalog';
import {
  loadDevstackHistory,
  loadHistory,
  loadOptionHistory,
  HISTORY_SERVICES,
  type HistoryService,
  type OsloService,
} from '../../schema/loader';
import { RELEASES, nearestNote, parseReleaseName, releaseName, releaseRange, type Release } from '../../schema/releases';
import { ownEntry } from '../../ownEntry';

/** What a file is checked against when nothing in it or around it tells: the newest release. */
export const DEFAULT_RELEASE: Release = RELEASES[RELEASES.length - 1];

export interface ReleaseFit {
  /** the releases that fit the file's names equally best, oldest first */
  readonly releases: readonly Release[];
  /** high: one release (or a short run) clearly ahead; medium: a few tie or the lead is small; low: little to go on */
  readonly confidence: 'high' | 'medium' | 'low';
  /** names that tell releases apart (known in some releases and not in others) */
  readonly evidence: number;
}

export interface ReleaseChoice {
  readonly release: Release;
  /** how it was chosen, for messages: "modeline", "--release", "NOVA_BRANCH=stable/icehouse", … */
  readonly reason: string;
  /** when inferred from the file's names: the range that fits and how sure that is */
  readonly fit?: ReleaseFit;
}

export interface ReleaseInputs {
  /** a release name, or 'auto' / undefined to use the modeline or infer it */
  readonly release?: string;
  /** what set `release`, for the message ("--release", "setting") */
  readonly releaseOrigin?: string;
  /** the stackrc of the devstack checkout the file sits in (its path as shown, and its text) */
  readonly stackrc?: { readonly path: string; readonly text: string };
}

function releaseFromBranches(docs: readonly LocalrcDocument[]): ReleaseChoice | undefined {
  const branches = docs.flatMap((d) => d.assignments).filter((a) => a.name.endsWith('_BRANCH') && !a.expands);
  const preferred = [...branches].sort((a, b) => Number(b.name === 'NOVA_BRANCH') - Number(a.name === 'NOVA_BRANCH'));
  for (const a of preferred) {
    const named = parseReleaseName(a.value);
    if (named) return { release: named.release, reason: `${a.name}=${a.value}${nearestNote(named)}` };
  }
  return undefined;
}

/** Per release, how many of the file's telling names it does not know (2 for an active option, 1 for a deprecated name or a commented one). */
class Misfit {
  readonly counts = new Array<number>(RELEASES.length).fill(0);
  evidence = 0;
  private readonly all = 2 ** RELEASES.length - 1;

  /** A name known in `mask` (0: in no release, so it tells nothing); `weight` for each release that does not know it. */
  add(mask: number, weight: number, deprecatedMask = 0): void {
    if (mask === 0 || (mask === this.all && deprecatedMask === 0)) return;
    this.evidence += 1;
    for (let i = 0; i < RELEASES.length; i++) {
      const bit = 2 ** i;
      if ((mask & bit) === 0) this.counts[i] += weight;
      else if ((deprecatedMask & bit) !== 0) this.counts[i] += weight / 2;
    }
  }

  fit(): ReleaseFit | undefined {
    if (this.evidence === 0) return undefined;
    const best = Math.min(...this.counts);
    const releases = RELEASES.filter((_, i) => this.counts[i] === best);
    const next = Math.min(...this.counts.filter((c) => c !== best), Infinity);
    const lead = next - best;
    const confidence = releases.length <= 2 && lead >= 2 ? 'high' : releases.length <= 6 && lead >= 1 ? 'medium' : 'low';
    return { releases, confidence, evidence: this.evidence };
  }
}

const COMMENTED_OPTION = /^([A-Za-z][A-Za-z0-9_-]*)\s*=/;
const COMMENTED_VARIABLE = /^#*\s*([A-Z][A-Z0-9_]*)=/;

function osloMisfit(docs: readonly { doc: OsloDocument; service: OsloService }[], misfit: Misfit): void {
  for (const { doc, service } of docs) {
    const index = loadHistory(service);
    const history = (HISTORY_SERVICES as readonly string[]).includes(service) ? loadOptionHistory(service as HistoryService) : undefined;
    const weigh = (section: string, key: string, weight: number): void => {
      const known = ownEntry(ownEntry(index, normalizeGroup(section)) ?? {}, normalizeOption(key)) ?? 0;
      const own = history ? history.mask(section, normalizeOption(key)) : known;
      misfit.add(known, weight, known & ~own);
    };
    let section: string | undefined;
    for (const entry of doc.entries) {
      if (entry.kind === 'section') section = entry.name;
      else if (entry.kind === 'option') {
        if (entry.section !== undefined) weigh(entry.section, entry.key, 2);
      } else if (section !== undefined) {
        // a packaged sample is mostly `#option = default`: each still names an option of its release
        const m = COMMENTED_OPTION.exec(entry.text);
        if (m) weigh(section, m[1], 1);
      }
    }
  }
}

function devstackMisfit(docs: readonly LocalrcDocument[], misfit: Misfit): void {
  const history = loadDevstackHistory();
  if (!history) return;
  for (const d of docs) {
    for (const a of d.assignments) misfit.add(ownEntry(history.variables, a.name) ?? 0, 2);
    // samples list variables commented out (`#HOST_IP=w.x.y.z`): each still names one of its devstack
    for (const c of d.comments) {
      const m = COMMENTED_VARIABLE.exec(c.text);
      if (m) misfit.add(ownEntry(history.variables, m[1]) ?? 0, 1);
    }
    for (const c of d.calls) {
      misfit.add(ownEntry(history.functions, c.name) ?? 0, 2);
      if (c.name !== 'enable_service' && c.name !== 'disable_service') continue;
      for (const w of c.args) for (const s of w.raw.split(',')) if (s) misfit.add(ownEntry(history.services, s) ?? 0, 1);
    }
  }
}

/** The best fit over all releases; the newest of equals is checked, and the reason says which tied. */
function inferred(fit: ReleaseFit, what: string): ReleaseChoice {
  const release = fit.releases[fit.releases.length - 1];
  const range = releaseRange(fit.releases);
  const how = `confidence ${fit.confidence}, ${fit.evidence} telling name${fit.evidence === 1 ? '' : 's'}`;
  const reason =
    fit.releases.length === 1
      ? `inferred: ${what} fit ${range} best (${how})`
      : `inferred: ${what} fit ${range} equally (${how}); checked as ${releaseName(release)}, the newest of them`;
  return { release, reason, fit };
}

export function chooseRelease(
  options: ReleaseInputs,
  modeline: string | undefined,
  localrcs: readonly LocalrcDocument[],
  osloDocs: readonly { doc: OsloDocument; service: OsloService }[],
): ReleaseChoice {
  if (modeline) {
    const named = parseReleaseName(modeline);
    if (named) return { release: named.release, reason: `modeline release=${modeline}${nearestNote(named)}` };
  }
  if (options.release && options.release !== 'auto') {
    const named = parseReleaseName(options.release);
    if (named) return { release: named.release, reason: `${options.releaseOrigin ?? 'chosen'}${nearestNote(named)}` };
  }
  // the checkout's stackrc is the devstack that reads the file; its branch defaults name its release
  const fromStackrc = options.stackrc ? releaseFromStackrc(options.stackrc.text) : undefined;
  if (fromStackrc && options.stackrc) return { release: fromStackrc.release, reason: `${options.stackrc.path}: ${fromStackrc.reason}` };
  const fromBranches = releaseFromBranches(localrcs);
  if (fromBranches) return fromBranches;
  if (osloDocs.length > 0 && osloDocs.every((d) => d.service === 'contrail-plugin')) {
    return { release: 'havana', reason: 'ContrailPlugin.ini: the Havana/Icehouse Juniper Contrail plugin' };
  }
  const misfit = new Misfit();
  osloMisfit(
    osloDocs.filter((d) => d.service !== 'contrail-plugin'),
    misfit,
  );
  const fromOptions = misfit.evidence;
  devstackMisfit(localrcs, misfit);
  const fit = misfit.fit();
  if (fit) {
    const fromDevstack = misfit.evidence > fromOptions;
    return inferred(fit, fromOptions > 0 ? (fromDevstack ? 'its options and devstack names' : 'its options') : 'its devstack names');
  }
  return {
    release: DEFAULT_RELEASE,
    reason: `default: nothing in it names a release; checked as the newest, ${releaseName(DEFAULT_RELEASE)}`,
  };
}
