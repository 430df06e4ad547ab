// The linter's entry point: which kind of file, which release, then the rules; findings sorted,
// with directives and severity overrides applied. Used by the editor and the CLI alike.
import { compareOrdinal } from '../../text/compare';
import { detectFileType, type FileType } from '../fileType';
import { parseOsloLines } from '../osloIni';
import { parseFileLines, type ParsedFile } from '../parsedFile';
import { formatMiB, MAX_FINDINGS_PER_FILE, MAX_LINT_INPUT_BYTES, sizeOverLimit } from '../limits';
import { firstLineLength, lineRange, splitLines, type Range } from '../text';
import { OptionCatalog } from '../../schema/catalog';
import { devstackData } from '../../schema/devstack';
import { eraOf, parseReleaseName } from '../../schema/releases';
import { readDirectives, type Directives } from './directives';
import type { Finding, RawFinding, Severity, SeverityOverride } from './findings';
import { lintInvisibleCharacters } from './invisibleRules';
import { lintLocalConf, localConfBodies } from './localConfRules';
import { lintLocalrc } from './localrcRules';
import { lintOslo } from './osloRules';
import { DEFAULT_RELEASE, chooseRelease, type ReleaseChoice, type ReleaseInputs } from './release';
import { RULES_BY_CODE } from './ruleCatalog';
import { analyzeHot } from '../hot/hotAnalysis';
import type { HeatSchemaSource } from '../../heat/heatSchema';
import { heatSchemaSource } from '../../heat/offlineHeatSchema';
import type { CloudFacts } from '../../heat/cloudFacts';
import { cloudConstraintFindings } from '../hot/hotConstraints';

export type { ReleaseChoice } from './release';

export interface LintOptions extends ReleaseInputs {
  readonly fileName?: string;
  /** the kind of file; default: detected from fileName and the text */
  readonly type?: FileType;
  readonly severity?: Readonly<Record<string, SeverityOverride>>;
  /** where a Heat template's resource types and functions come from; default: the offline data */
  readonly heat?: HeatSchemaSource;
  /** what a cloud has (images, flavors, networks…): a Heat template's names are checked against it (HT316); none: not checked */
  readonly cloudFacts?: CloudFacts;
  /** a Heat template's parameters given a value (stack create --param): Heat does not use their defaults */
  readonly givenParameters?: readonly string[];
}

export interface LintResult {
  readonly type: FileType;
  readonly release: ReleaseChoice;
  readonly findings: readonly Finding[];
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
  const release = parseReleaseName(options.release ?? '')?.release ?? DEFAULT_RELEASE;
  return {
    type,
    release: { release, reason: 'not linted: the file is over the size limit' },
    findings: severity === 'off' ? [] : [{ ...raw, severity }],
  };
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
  kept.sort(
    ({ finding: a }, { finding: b }) =>
      a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || compareOrdinal(a.code, b.code),
  );
  const findings = kept.slice(0, MAX_FINDINGS_PER_FILE).map(({ finding, severity }): Finding => {
    const { fixes, message } = finding;
    return {
      ...finding,
      severity,
      message: typeof message === 'function' ? message() : message,
      fixes: typeof fixes === 'function' ? fixes() : fixes,
    };
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
  const type = options.type ?? detectFileType(options.fileName, text)?.type ?? { kind: 'oslo' };
  const bytes = sizeOverLimit(text);
  if (bytes !== undefined) return notLintedResult(type, bytes, firstLineLength(text), options);
  return lintParsed(parseFileLines(splitLines(text), type, text), options);
}

/** The lint of a file already parsed (the document service's, shared with the language features); options.type is its type. */
export function lintParsed(file: ParsedFile, options: LintOptions = {}): LintResult {
  const { type, lines } = file;
  const directives = readDirectives(lines);
  // findings about the file as a whole point at its first line
  const anchor: Range = lineRange(0, 0, lines[0].text.length);
  let raw: RawFinding[];
  let release: ReleaseChoice;
  if (file.localrc) {
    const doc = file.localrc;
    release = chooseRelease(options, directives.release?.value, [doc], []);
    raw = lintLocalrc(doc, { data: devstackData(), era: eraOf(release.release), release: release.release, complete: true, anchor });
  } else if (file.hot) {
    const heat = heatSchemaSource(options.heat);
    const facts = options.cloudFacts;
    const names = facts ? `; names checked against what cloud ${facts.cloud} has` : '';
    release = { release: heat.release ?? DEFAULT_RELEASE, reason: `Heat template: ${heat.label}, ${heat.origin}${names}` };
    const analysis = analyzeHot(file.hot, heat, lines[0].text.length);
    const cloud = facts ? cloudConstraintFindings({ doc: file.hot, analysis, heat, facts, givenParameters: options.givenParameters }) : [];
    raw = [...analysis.findings, ...cloud];
  } else if (file.localConf) {
    const doc = file.localConf;
    const { localrcs, oslo } = localConfBodies(doc);
    release = chooseRelease(options, directives.release?.value, localrcs, oslo);
    raw = lintLocalConf(doc, devstackData(), release.release);
  } else {
    const doc = file.oslo ?? parseOsloLines(lines);
    const service = type.kind === 'oslo' ? type.service : undefined;
    release = chooseRelease(options, directives.release?.value, [], service ? [{ doc, service }] : []);
    const catalog = service ? OptionCatalog.for(service, release.release) : undefined;
    raw = lintOslo(doc, { service, catalog, release: release.release, wholeFile: true, bounds: { firstLine: 0, endLine: lines.length } });
  }
  lintInvisibleCharacters(lines, type.kind === 'oslo' ? 'oslo' : type.kind === 'hot' ? 'yaml' : 'bash', raw);
  return { type, release, findings: reported(raw, directives, options) };
}
