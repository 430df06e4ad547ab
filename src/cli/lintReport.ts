// `lint`'s reports: problem-matcher text, JSON and SARIF 2.1.0; each says, per file, which kind of
// file it was checked as and against which release, and which inputs were not checked at all.
import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';
import type * as Sarif from 'sarif';
import { formatFileType } from '../core/config/fileType';
import type { Finding } from '../core/config/lint/findings';
import type { LintResult } from '../core/config/lint/lint';
import { RULES } from '../core/config/lint/ruleCatalog';

export interface CheckedFile {
  /** the path as shown (relative inside the working folder, else absolute) */
  readonly shown: string;
  /** why it was checked as its kind: "--type", "from the name", "content: [[local|localrc]] at line 3" */
  readonly typeReason: string;
  readonly result: LintResult;
}

export interface SkippedInput {
  readonly shown: string;
  /** "not a regular file", "not checked: cannot tell what kind of file this is (use --type)" */
  readonly problem: string;
}

export type InputOutcome = ({ readonly checked: true } & CheckedFile) | ({ readonly checked: false } & SkippedInput);

function oneBased(f: Finding): { line: number; column: number; endLine: number; endColumn: number } {
  return {
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
  };
}

const checkedOnly = (outcomes: readonly InputOutcome[]): CheckedFile[] =>
  outcomes.filter((o): o is { checked: true } & CheckedFile => o.checked);

/** One line per input (stderr): what it was checked as and against which release, or why it was not checked. */
export function inputLines(outcomes: readonly InputOutcome[]): string[] {
  return outcomes.map((o) =>
    o.checked
      ? `${o.shown}: checked as ${formatFileType(o.result.type)} (${o.typeReason}) against ${o.result.release.release} (${o.result.release.reason})`
      : `${o.shown}: ${o.problem}`,
  );
}

export function findingLines(outcomes: readonly InputOutcome[]): string[] {
  return checkedOnly(outcomes).flatMap(({ shown, result }) =>
    result.findings.map((f) => {
      const p = oneBased(f);
      return `${shown}:${p.line}:${p.column}: ${f.severity} ${f.code} ${f.message}`;
    }),
  );
}

export function toJson(outcomes: readonly InputOutcome[]): unknown[] {
  return checkedOnly(outcomes).flatMap(({ shown, typeReason, result }) =>
    result.findings.map((f) => {
      const fix = f.fixes?.find((x) => x.certain);
      return {
        file: shown,
        ...oneBased(f),
        severity: f.severity,
        code: f.code,
        message: f.message,
        fileType: formatFileType(result.type),
        fileTypeReason: typeReason,
        ...(fix
          ? {
              fix: {
                title: fix.title,
                edits: fix.edits.map((e) => ({
                  line: e.range.start.line + 1,
                  column: e.range.start.character + 1,
                  endLine: e.range.end.line + 1,
                  endColumn: e.range.end.character + 1,
                  newText: e.newText,
                })),
              },
            }
          : {}),
      };
    }),
  );
}

const SARIF_LEVEL: Record<Finding['severity'], Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

const artifactUri = (shown: string): string => (isAbsolute(shown) ? pathToFileURL(shown).href : shown.split('\\').join('/'));

/** Per file: the kind it was checked as and the release, with the reasons (and, when inferred, the releases that fit as well). */
function artifactOf({ shown, typeReason, result }: CheckedFile): Sarif.Artifact {
  const fit = result.release.fit;
  return {
    location: { uri: artifactUri(shown) },
    properties: {
      fileType: formatFileType(result.type),
      fileTypeReason: typeReason,
      release: result.release.release,
      releaseReason: result.release.reason,
      ...(fit && { releaseFit: { releases: fit.releases, confidence: fit.confidence, evidence: fit.evidence } }),
    },
  };
}

export function toSarif(outcomes: readonly InputOutcome[], version: string): Sarif.Log {
  const rules: Sarif.ReportingDescriptor[] = RULES.map((r) => ({
    id: r.code,
    name: r.name,
    shortDescription: { text: r.summary },
    help: { text: r.fix ? `${r.summary} Fix: ${r.fix}` : r.summary },
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
  }));
  const index = new Map(RULES.map((r, i) => [r.code, i]));
  const checked = checkedOnly(outcomes);
  const skipped = outcomes.filter((o): o is { checked: false } & SkippedInput => !o.checked);
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'devstack-contrail', version, rules } },
        artifacts: checked.map(artifactOf),
        invocations: [
          {
            executionSuccessful: skipped.length === 0,
            toolExecutionNotifications: skipped.map((s) => ({
              level: 'error',
              message: { text: `${s.shown}: ${s.problem}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(s.shown) } } }],
            })),
          },
        ],
        results: checked.flatMap(({ shown, result }, artifact) =>
          result.findings.map((f): Sarif.Result => {
            const p = oneBased(f);
            return {
              ruleId: f.code,
              ruleIndex: index.get(f.code),
              level: SARIF_LEVEL[f.severity],
              message: { text: f.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: artifactUri(shown), index: artifact },
                    region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
                  },
                },
              ],
            };
          }),
        ),
      },
    ],
  };
}
