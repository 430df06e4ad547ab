// The linter's entry point: which kind of file, which release, then the rules; findings sorted,
// with directives and severity overrides applied. Used by the editor and the CLI alike.
import { detectFileType, fileTypeOf, type FileType } from '../fileType';
import { isLocalrcSection, parseLocalConfLines, type LocalConfDocument } from '../localConf';
import { parseLocalrcLines } from '../localrc';
import { parseOsloLines } from '../osloIni';
import { lineRange, splitLines, type Range } from '../text';
import { OptionCatalog, closestName } from '../../schema/catalog';
import { devstackData, knownIn, namesIn, type DevstackData } from '../../schema/devstack';
import type { OsloService } from '../../schema/loader';
import { RELEASE_LABELS, eraOf, type Release } from '../../schema/releases';
import { readDirectives } from './directives';
import type { Finding, RawFinding, SeverityOverride } from './findings';
import { lintLocalrc } from './localrcRules';
import { lintOslo } from './osloRules';
import { chooseRelease, type ReleaseChoice, type ReleaseInputs } from './releaseChoice';
import { RULES_BY_CODE } from './ruleCatalog';

export type { ReleaseChoice } from './releaseChoice';

export interface LintOptions extends ReleaseInputs {
  readonly fileName?: string;
  /** the kind of file; default: detected from fileName and the text */
  readonly type?: FileType;
  readonly severity?: Readonly<Record<string, SeverityOverride>>;
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
  if (FILE_VARIABLE_SERVICES[target]) return FILE_VARIABLE_SERVICES[target];
  if (/^\/?\$\{?Q_PLUGIN_CONF_FILE\}?$/.test(target)) return qPlugin === 'contrail' ? 'contrail-plugin' : undefined;
  const type = fileTypeOf(target);
  return type?.kind === 'oslo' ? type.service : undefined;
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

export function lint(text: string, options: LintOptions = {}): LintResult {
  const type = options.type ?? detectFileType(options.fileName, text)?.type ?? { kind: 'oslo' };
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
  const findings: Finding[] = [];
  for (const f of raw) {
    const configured = options.severity?.[f.code] ?? f.severity ?? RULES_BY_CODE.get(f.code)?.severity ?? 'warning';
    if (configured === 'off' || directives.disabledFile.has(f.code)) continue;
    if (directives.disabledLines.get(f.range.start.line)?.has(f.code)) continue;
    findings.push({ ...f, severity: configured });
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
  return { type, release, findings };
}

export function describeRelease(choice: ReleaseChoice): string {
  return `${RELEASE_LABELS[choice.release]} — ${choice.reason}`;
}
