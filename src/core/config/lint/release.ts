// Which release a file is checked against, and why: a modeline, then what the user chose (--release,
// the setting), then the file's own *_BRANCH values, then its devstack checkout's stackrc, then what
// fits its content best.
import type { LocalrcDocument } from '../localrc';
import type { OsloDocument } from '../osloIni';
import { releaseFromStackrc } from '../../devstack/stackrc';
import { OptionCatalog } from '../../schema/catalog';
import { devstackData, knownIn, type DevstackData } from '../../schema/devstack';
import type { OsloService } from '../../schema/loader';
import { KNOWN_RELEASES, parseReleaseName, type DevstackEra, type Release } from '../../schema/releases';

export interface ReleaseChoice {
  readonly release: Release;
  /** how it was chosen, for messages: "modeline", "--release", "NOVA_BRANCH=stable/icehouse", … */
  readonly reason: string;
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
    if (named)
      return {
        release: named.release,
        reason: `${a.name}=${a.value}${named.series !== named.release ? ` (${named.series}: nearest data is ${named.release})` : ''}`,
      };
  }
  return undefined;
}

/** How badly a release fits: unknown options count 2, deprecated names 1. */
function releaseMisfit(docs: readonly { doc: OsloDocument; service: OsloService }[], release: Release): number {
  let misfit = 0;
  for (const { doc, service } of docs) {
    const catalog = OptionCatalog.for(service, release);
    if (!catalog) return Infinity;
    for (const o of doc.options) {
      const kind = o.section === undefined ? 'option' : catalog.lookup(o.section, o.key).kind;
      if (kind === 'unknown-group' || kind === 'unknown-option') misfit += 2;
      else if (kind === 'deprecated-name') misfit += 1;
    }
  }
  return misfit;
}

function unknownDevstackCount(docs: readonly LocalrcDocument[], data: DevstackData, era: DevstackEra): number {
  let unknown = 0;
  for (const d of docs) {
    for (const a of d.assignments) if (!knownIn(data.variables, a.name, era)) unknown += 1;
    for (const c of d.calls) {
      if (c.name === 'enable_plugin' && era === '2014') unknown += 1;
      for (const w of c.args)
        for (const s of w.raw.split(','))
          if ((c.name === 'enable_service' || c.name === 'disable_service') && s && !knownIn(data.services, s, era)) unknown += 1;
    }
  }
  return unknown;
}

export function chooseRelease(
  options: ReleaseInputs,
  modeline: string | undefined,
  localrcs: readonly LocalrcDocument[],
  osloDocs: readonly { doc: OsloDocument; service: OsloService }[],
): ReleaseChoice {
  if (modeline) {
    const named = parseReleaseName(modeline);
    if (named) return { release: named.release, reason: `modeline release=${modeline}` };
  }
  if (options.release && options.release !== 'auto') {
    const named = parseReleaseName(options.release);
    if (named) return { release: named.release, reason: options.releaseOrigin ?? 'chosen' };
  }
  // the file's own NOVA_BRANCH wins over its checkout's: stackrc only sets ${NOVA_BRANCH:-…} defaults
  const fromBranches = releaseFromBranches(localrcs);
  if (fromBranches) return fromBranches;
  const fromStackrc = options.stackrc ? releaseFromStackrc(options.stackrc.text) : undefined;
  if (fromStackrc && options.stackrc) return { release: fromStackrc.release, reason: `${options.stackrc.path}: ${fromStackrc.reason}` };
  if (osloDocs.length > 0 && osloDocs.every((d) => d.service === 'contrail-plugin')) {
    return { release: 'havana', reason: 'ContrailPlugin.ini: the Havana/Icehouse Juniper Contrail plugin' };
  }
  if (osloDocs.some((d) => d.doc.options.length > 0)) {
    let best: Release = 'epoxy';
    let bestCount = Infinity;
    for (const release of [...KNOWN_RELEASES].reverse()) {
      const count = releaseMisfit(osloDocs, release);
      if (count < bestCount) {
        best = release;
        bestCount = count;
      }
    }
    return { release: best, reason: 'inferred: the release that fits its options best' };
  }
  if (localrcs.length > 0) {
    const data = devstackData();
    const older = unknownDevstackCount(localrcs, data, '2014');
    const newer = unknownDevstackCount(localrcs, data, 'current');
    if (older < newer) return { release: 'icehouse', reason: "inferred: its variables and services are 2014-era devstack's" };
  }
  return { release: 'epoxy', reason: 'default: the newest release with data' };
}
