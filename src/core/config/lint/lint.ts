// The linter's entry point: which kind of file, which release, then the rules; findings sorted,
// with directives and severity overrides applied. Used by the editor and the CLI alike.
import { basename } from 'node:path';
import { isLocalrcSection, parseLocalConfLines, type LocalConfDocument } from '../localConf';
import { parseLocalrcLines, type LocalrcDocument } from '../localrc';
import { parseOsloLines, type OsloDocument } from '../osloIni';
import { formatMiB, MAX_FINDINGS_PER_FILE, MAX_LINT_INPUT_BYTES, sizeOverLimit } from '../limits';
import { lineRange, splitLines, type Range } from '../text';
import { OptionCatalog, closestName } from '../../schema/catalog';
import { devstackData, knownIn, namesIn, type DevstackData } from '../../schema/devstack';
import type { OsloService } from '../../schema/loader';
import { KNOWN_RELEASES, RELEASE_LABELS, eraOf, parseReleaseName, type DevstackEra, type Release } from '../../schema/releases';
import { readDirectives, type Directives } from './directives';
import type { Finding, RawFinding, Severity, SeverityOverride } from './findings';
import { lintLocalrc } from './localrcRules';
import { lintOslo } from './osloRules';
import { RULES_BY_CODE } from './ruleCatalog';
import { ownEntry } from '../../ownEntry';

export type FileType =
  | { readonly kind: 'localrc' }
  | { readonly kind: 'local.conf' }
  | { readonly kind: 'oslo'; readonly service?: OsloService };

const SERVICE_FILES: Readonly<Record<string, OsloService>> = {
  'nova.conf': 'nova', 'neutron.conf': 'neutron', 'glance-api.conf': 'glance-api', 'contrailplugin.ini': 'contrail-plugin',
};

export function fileTypeOf(fileName: string): FileType | undefined {
  const name = basename(fileName);
  const lower = name.toLowerCase();
  if (name === 'localrc' || name === '.localrc.auto' || name.endsWith('.localrc')) return { kind: 'localrc' };
  if (name === 'local.conf' || name.endsWith('.local.conf')) return { kind: 'local.conf' };
  const service = ownEntry(SERVICE_FILES, lower);
  if (service) return { kind: 'oslo', service };
  if (/^nova-.*\.conf$/.test(lower)) return { kind: 'oslo', service: 'nova' };
  if (lower.endsWith('.conf') || lower.endsWith('.ini')) return { kind: 'oslo' };
  return undefined;
}

/** Reads `localrc`, `local.conf`, `oslo`, `oslo:nova`, `oslo:contrail-plugin`… (the CLI's --type). */
export function parseFileType(text: string): FileType | undefined {
  if (text === 'localrc' || text === 'local.conf') return { kind: text };
  const m = /^oslo(?::(nova|neutron|glance-api|contrail-plugin))?$/.exec(text);
  if (!m) return undefined;
  return m[1] ? { kind: 'oslo', service: m[1] as OsloService } : { kind: 'oslo' };
}

export interface LintOptions {
  readonly fileName?: string;
  readonly type?: FileType;
  /** a release name, or 'auto' / undefined to use the modeline or infer it */
  readonly release?: string;
  /** what set `release`, for the message ("--release", "setting") */
  readonly releaseOrigin?: string;
  readonly severity?: Readonly<Record<string, SeverityOverride>>;
}

export interface ReleaseChoice {
  readonly release: Release;
  /** how it was chosen, for messages: "modeline", "--release", "NOVA_BRANCH=stable/icehouse", … */
  readonly reason: string;
}

export interface LintResult {
  readonly type: FileType;
  readonly release: ReleaseChoice;
  readonly findings: readonly Finding[];
}

const FILE_VARIABLE_SERVICES: Readonly<Record<string, OsloService>> = { $NOVA_CONF: 'nova', $NEUTRON_CONF: 'neutron', $GLANCE_API_CONF: 'glance-api' };

/** The oslo service a local.conf meta-section's file target configures ($NOVA_CONF, /$Q_PLUGIN_CONF_FILE, a path). */
export function serviceOfTarget(file: string, qPlugin: string | undefined): OsloService | undefined {
  const target = file.replace(/^\$\{(\w+)\}/, '$$$1');
  const variableService = ownEntry(FILE_VARIABLE_SERVICES, target);
  if (variableService) return variableService;
  if (/^\/?\$\{?Q_PLUGIN_CONF_FILE\}?$/.test(target)) return qPlugin === 'contrail' ? 'contrail-plugin' : undefined;
  return fileTypeOf(target)?.kind === 'oslo' ? (fileTypeOf(target) as { service?: OsloService }).service : undefined;
}

function releaseFromBranches(docs: readonly LocalrcDocument[]): ReleaseChoice | undefined {
  const branches = docs.flatMap((d) => d.assignments).filter((a) => a.name.endsWith('_BRANCH') && !a.expands);
  const preferred = [...branches].sort((a, b) => Number(b.name === 'NOVA_BRANCH') - Number(a.name === 'NOVA_BRANCH'));
  for (const a of preferred) {
    const named = parseReleaseName(a.value);
    if (named) return { release: named.release, reason: `${a.name}=${a.value}${named.series !== named.release ? ` (${named.series}: nearest data is ${named.release})` : ''}` };
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
      for (const w of c.args) for (const s of w.raw.split(',')) if ((c.name === 'enable_service' || c.name === 'disable_service') && s && !knownIn(data.services, s, era)) unknown += 1;
    }
  }
  return unknown;
}

function chooseRelease(options: LintOptions, modeline: string | undefined, localrcs: readonly LocalrcDocument[], osloDocs: readonly { doc: OsloDocument; service: OsloService }[]): ReleaseChoice {
  if (modeline) {
    const named = parseReleaseName(modeline);
    if (named) return { release: named.release, reason: `modeline release=${modeline}` };
  }
  if (options.release && options.release !== 'auto') {
    const named = parseReleaseName(options.release);
    if (named) return { release: named.release, reason: options.releaseOrigin ?? 'chosen' };
  }
  const fromBranches = releaseFromBranches(localrcs);
  if (fromBranches) return fromBranches;
  if (osloDocs.length > 0 && osloDocs.every((d) => d.service === 'contrail-plugin')) {
    return { release: 'havana', reason: 'ContrailPlugin.ini: the Havana/Icehouse Juniper Contrail plugin' };
  }
  if (osloDocs.some((d) => d.doc.options.length > 0)) {
    let best: Release = 'epoxy';
    let bestCount = Infinity;
    for (const release of [...KNOWN_RELEASES].reverse()) {
      const count = releaseMisfit(osloDocs, release);
      if (count < bestCount) { best = release; bestCount = count; }
    }
    return { release: best, reason: 'inferred: the release that fits its options best' };
  }
  if (localrcs.length > 0) {
    const data = devstackData();
    const older = unknownDevstackCount(localrcs, data, '2014');
    const newer = unknownDevstackCount(localrcs, data, 'current');
    if (older < newer) return { release: 'icehouse', reason: 'inferred: its variables and services are 2014-era devstack\'s' };
  }
  return { release: 'epoxy', reason: 'default: the newest release with data' };
}

function localConfFindings(doc: LocalConfDocument, data: DevstackData, release: Release): RawFinding[] {
  const era = eraOf(release);
  const out: RawFinding[] = doc.problems.map((p) => ({ code: p.code === 'bad-meta-header' ? 'DS117' : 'DS116', message: p.message, range: p.range }));
  const localrc = doc.sections.find((s) => isLocalrcSection(s.phase, s.file));
  const qPlugin = localrc?.body.kind === 'localrc' ? localrc.body.document.assignments.find((a) => a.name === 'Q_PLUGIN')?.value : undefined;
  for (const section of doc.sections) {
    if (!knownIn(data.metaSectionPhases, section.phase, era)) {
      const typo = closestName(section.phase, namesIn(data.metaSectionPhases, era));
      const other = knownIn(data.metaSectionPhases, section.phase, era === '2014' ? 'current' : '2014') ? ' (it exists in later devstack)' : '';
      out.push({
        code: 'DS112', message: `devstack runs no "${section.phase}" phase${other}${typo ? `; did you mean "${typo}"?` : ''}`, range: section.phaseRange,
        fixes: typo ? [{ title: `Use "${typo}"`, edits: [{ range: section.phaseRange, newText: typo }], certain: false }] : undefined,
      });
    }
    if (/^\$\{?Q_PLUGIN_CONF_FILE\}?$/.test(section.file)) {
      out.push({
        code: 'DS113', message: 'Q_PLUGIN_CONF_FILE is relative (etc/neutron/plugins/…): write /$Q_PLUGIN_CONF_FILE so devstack writes /etc/neutron/plugins/…', range: section.fileRange,
        fixes: [{ title: 'Write /$Q_PLUGIN_CONF_FILE', edits: [{ range: section.fileRange, newText: `/${section.file}` }], certain: true }],
      });
    }
    const bounds = { firstLine: section.bodyStart, endLine: section.bodyEnd };
    if (section.body.kind === 'localrc') {
      out.push(...lintLocalrc(section.body.document, { data, era, complete: true, anchor: section.headerRange }));
    } else {
      const service = serviceOfTarget(section.file, qPlugin);
      out.push(...lintOslo(section.body.document, { service, catalog: service ? OptionCatalog.for(service, release) : undefined, release, wholeFile: false, bounds }));
    }
  }
  return out;
}

/** The severity a finding is reported with: the caller's override, else the finding's or its rule's own. */
function configuredSeverity(f: RawFinding, options: LintOptions): SeverityOverride {
  return options.severity?.[f.code] ?? f.severity ?? RULES_BY_CODE.get(f.code)?.severity ?? 'warning';
}

/**
 * The result for a file over MAX_LINT_INPUT_BYTES: one finding on its first line instead of a lint
 * (the file is not even split into lines). The editor calls it with the size it knows without the text.
 */
export function notLintedResult(type: FileType, bytes: number, firstLineLength: number, options: LintOptions = {}): LintResult {
  const raw: Omit<Finding, 'severity'> = {
    code: 'DC001',
    message: `not linted: this file is ${formatMiB(bytes)}, over the ${formatMiB(MAX_LINT_INPUT_BYTES)} devstack-contrail lints; split it, or lint the part you changed`,
    range: lineRange(0, 0, firstLineLength),
  };
  const severity = configuredSeverity(raw, options);
  const release = parseReleaseName(options.release ?? '')?.release ?? 'epoxy';
  return { type, release: { release, reason: 'not linted: the file is over the size limit' }, findings: severity === 'off' ? [] : [{ ...raw, severity }] };
}

/**
 * The findings to report, in order: severities applied, directives and "off" dropped, and at most
 * MAX_FINDINGS_PER_FILE of them, then one that says how many more there are. Only those reported are
 * copied (a huge file has hundreds of thousands).
 */
function reported(raw: readonly RawFinding[], directives: Directives, options: LintOptions): Finding[] {
  const kept: { readonly finding: RawFinding; readonly severity: Severity }[] = [];
  for (const finding of raw) {
    const severity = configuredSeverity(finding, options);
    if (severity === 'off' || directives.disabledFile.has(finding.code)) continue;
    if (directives.disabledLines.get(finding.range.start.line)?.has(finding.code)) continue;
    kept.push({ finding, severity });
  }
  kept.sort(({ finding: a }, { finding: b }) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
  const findings = kept.slice(0, MAX_FINDINGS_PER_FILE).map(({ finding, severity }): Finding => {
    const { fixes } = finding;
    return typeof fixes === 'function' ? { ...finding, severity, fixes: fixes() } : { ...finding, severity, fixes };
  });
  if (kept.length <= MAX_FINDINGS_PER_FILE) return findings;
  const more: Omit<Finding, 'severity'> = {
    code: 'DC002',
    message: `${kept.length - MAX_FINDINGS_PER_FILE} more problems not shown: only the first ${MAX_FINDINGS_PER_FILE} of ${kept.length} are listed; fix or turn off those first`,
    range: kept[MAX_FINDINGS_PER_FILE].finding.range,
  };
  const severity = configuredSeverity(more, options);
  return severity === 'off' ? findings : [...findings, { ...more, severity }];
}

export function lint(text: string, options: LintOptions = {}): LintResult {
  const type = options.type ?? (options.fileName ? fileTypeOf(options.fileName) : undefined) ?? { kind: 'oslo' };
  const bytes = sizeOverLimit(text);
  if (bytes !== undefined) {
    const firstLineEnd = text.search(/[\r\n]/);
    return notLintedResult(type, bytes, firstLineEnd < 0 ? text.length : firstLineEnd, options);
  }
  // one split of the text into lines, shared by the parser and the directives
  const lines = splitLines(text);
  const directives = readDirectives(lines);
  // findings about the file as a whole point at its first line
  const anchor: Range = lineRange(0, 0, lines[0].text.length);
  let raw: RawFinding[];
  let release: ReleaseChoice;
  if (type.kind === 'localrc') {
    const doc = parseLocalrcLines(lines);
    release = chooseRelease(options, directives.release?.value, [doc], []);
    raw = lintLocalrc(doc, { data: devstackData(), era: eraOf(release.release), complete: true, anchor });
  } else if (type.kind === 'local.conf') {
    const doc = parseLocalConfLines(lines);
    const localrcs = doc.sections.flatMap((s) => (s.body.kind === 'localrc' ? [s.body.document] : []));
    const qPlugin = localrcs.flatMap((d) => d.assignments).find((a) => a.name === 'Q_PLUGIN')?.value;
    const oslo = doc.sections.flatMap((s) => {
      const service = serviceOfTarget(s.file, qPlugin);
      return s.body.kind === 'ini' && service ? [{ doc: s.body.document, service }] : [];
    });
    release = chooseRelease(options, directives.release?.value, localrcs, oslo);
    raw = localConfFindings(doc, devstackData(), release.release);
  } else {
    const doc = parseOsloLines(lines);
    release = chooseRelease(options, directives.release?.value, [], type.service ? [{ doc, service: type.service }] : []);
    const catalog = type.service ? OptionCatalog.for(type.service, release.release) : undefined;
    raw = lintOslo(doc, { service: type.service, catalog, release: release.release, wholeFile: true, bounds: { firstLine: 0, endLine: lines.length } });
  }
  return { type, release, findings: reported(raw, directives, options) };
}

export function describeRelease(choice: ReleaseChoice): string {
  return `${RELEASE_LABELS[choice.release]} — ${choice.reason}`;
}
