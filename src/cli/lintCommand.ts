// `devstack-contrail lint`: lints files and folders, prints text, JSON or SARIF 2.1.0.
import { UsageError, forEachArgument } from './args';
import { detectFileType, parseFileType, type FileType } from '../core/config/fileType';
import { lint } from '../core/config/lint/lint';
import type { SeverityOverride } from '../core/config/lint/findings';
import type { LintOptions } from '../core/config/lint/lint';
import { isRuleCode } from '../core/config/lint/ruleCatalog';
import { MAX_INPUT_FILE_BYTES } from '../core/inputFile';
import { parseReleaseName } from '../core/schema/releases';
import { collectFiles, readInput, stackrcNear } from './lintInputs';
import { findingLines, inputLines, toJson, toSarif, type InputOutcome } from './lintReport';
import { displayPath, TerminalLines, type Write } from './output';

export const LINT_USAGE = `devstack-contrail lint [options] PATH...

Lints devstack localrc/local.conf, oslo.config files (nova.conf, neutron.conf,
glance-api.conf, ContrailPlugin.ini) and Heat templates (*.hot, and *.yaml/*.yml
with heat_template_version: against Heat Zed's resource types and functions).
Folders are searched for those files.

Options:
  --release R         any release from Havana to Gazpacho, by name or number (juno,
                      2014.2, stable/icehouse, unmaintained/zed, 2023.1-eom); default: a
                      "# devstack-contrail: release=R" modeline, else the stackrc of the
                      devstack checkout it sits in, else the file's *_BRANCH values, else
                      the releases its names fit best (the range is reported)
  --type T            localrc | local.conf | oslo | oslo:nova | oslo:neutron |
                      oslo:glance-api | oslo:contrail-plugin | hot (default: from the
                      file's name, or from its content when the name does not say it)
  --format F          text (default) | json | sarif
  --max-warnings N    exit 1 when there are more than N warnings
  --severity CODE=S   change a rule's severity: error, warning, info, hint or off
                      (repeatable)
  --cloud NAME        check Heat templates against a cloud of clouds.yaml: its Heat's
                      resource types and functions, and the images, flavors, networks,
                      subnets and keypairs it has (HT316); a cloud that does not answer
                      leaves the offline data, and says so
  --help              this help

Inputs that are not regular files, over ${MAX_INPUT_FILE_BYTES / 1024 / 1024} MiB, unreadable or of no kind it can tell are
reported and skipped; the others are still checked.

Exit status: 0 no errors, 1 errors (or too many warnings), 2 bad usage or an input not checked.
`;

interface LintArgs {
  severity: Record<string, SeverityOverride>;
  release?: string;
  type?: FileType;
  format: 'text' | 'json' | 'sarif';
  maxWarnings?: number;
  cloud?: string;
  paths: string[];
}

/** What --cloud adds to the lint of Heat templates (core/heat/cloudChecks.ts; the remote bundle makes it). */
export interface TemplateChecks {
  /** fetches what these templates need of the cloud; never rejects */
  prepare(templates: readonly string[]): Promise<unknown>;
  lintOptions(): Pick<LintOptions, 'heat' | 'cloudFacts'>;
  /** what could not be read of the cloud, one line each */
  problems(): readonly string[];
}

/** The checks of a cloud by name: a UsageError for a cloud clouds.yaml does not have. */
export type CloudChecksFor = (cloud: string) => Promise<TemplateChecks>;

function parseArgs(argv: readonly string[]): LintArgs {
  const args: LintArgs = { format: 'text', paths: [], severity: {} };
  forEachArgument(argv, (flag, value, arg) => {
    switch (flag) {
      case '--release': {
        const v = value();
        if (!parseReleaseName(v))
          throw new UsageError(
            `--release: unknown release "${v}" (one of Havana to Gazpacho: juno, 2014.2, stable/icehouse, unmaintained/zed, …)`,
          );
        args.release = v;
        break;
      }
      case '--type': {
        const v = value();
        const type = parseFileType(v);
        if (!type) throw new UsageError(`--type: unknown type "${v}"`);
        args.type = type;
        break;
      }
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(`--format: "${v}" is not text, json or sarif`);
        args.format = v;
        break;
      }
      case '--cloud':
        args.cloud = value();
        break;
      case '--max-warnings': {
        const v = value();
        if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings: "${v}" is not a whole number`);
        args.maxWarnings = Number(v);
        break;
      }
      case '--severity': {
        const v = value();
        const m = /^([A-Za-z]{2}\d{3})=(error|warning|info|hint|off)$/.exec(v);
        if (!m || !isRuleCode(m[1].toUpperCase()))
          throw new UsageError(`--severity: "${v}" is not CODE=error|warning|info|hint|off with a known rule code`);
        args.severity[m[1].toUpperCase()] = m[2] as SeverityOverride;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        args.paths.push(arg);
    }
  });
  if (args.paths.length === 0) throw new UsageError('name at least one file or folder to lint');
  return args;
}

const NOT_CHECKED = 'not checked: cannot tell what kind of file this is (use --type)';

/** The kind to check a file as, and why ("--type", "from the name", "content: …"). */
function kindOf(file: string, text: string, given: FileType | undefined): { type: FileType; reason: string } | undefined {
  if (given) return { type: given, reason: '--type' };
  const detection = detectFileType(file, text);
  if (!detection) return undefined;
  // the line names the file already: "(from the name)"
  return { type: detection.type, reason: detection.basis === 'name' ? 'from the name' : `content: ${detection.evidence}` };
}

function counts(outcomes: readonly InputOutcome[]): { findings: number; errors: number; warnings: number } {
  const findings = outcomes.flatMap((o) => (o.checked ? o.result.findings : []));
  const count = (severity: string): number => findings.filter((f) => f.severity === severity).length;
  return { findings: findings.length, errors: count('error'), warnings: count('warning') };
}

function summary(outcomes: readonly InputOutcome[]): string {
  const { findings, errors, warnings } = counts(outcomes);
  const checked = outcomes.filter((o) => o.checked).length;
  const skipped = outcomes.length - checked;
  const notChecked = skipped > 0 ? `${checked > 0 ? '; ' : ''}${skipped} input(s) not checked` : '';
  if (checked === 0)
    return skipped > 0 ? `nothing checked: ${notChecked}` : 'nothing checked: no devstack, oslo.config or Heat files found';
  return `${findings} problem(s): ${errors} error(s), ${warnings} warning(s), ${findings - errors - warnings} note(s) in ${checked} file(s)${notChecked}`;
}

/** A file to lint (read, of a kind), or an input that is not checked. */
type Gathered = { readonly file: string; readonly shown: string; readonly text: string; readonly kind: { type: FileType; reason: string } };

/** The inputs one at a time (a folder's files are read as they are linted, not all at once). */
function* gather(args: LintArgs): Generator<Gathered | InputOutcome> {
  for (const { path: file, problem, ifHeatTemplate } of collectFiles(args.paths)) {
    const shown = displayPath(file);
    // a YAML file of a folder that is not a Heat template (or cannot be read) is none of ours
    if (ifHeatTemplate && args.type && args.type.kind !== 'hot') continue;
    const read = problem === undefined ? readInput(file) : { problem };
    if ('problem' in read) {
      if (!ifHeatTemplate) yield { checked: false, shown, problem: read.problem };
      continue;
    }
    const kind = kindOf(file, read.text, args.type);
    if (ifHeatTemplate && kind?.type.kind !== 'hot') continue;
    if (!kind) yield { checked: false, shown, problem: NOT_CHECKED };
    else yield { file, shown, text: read.text, kind };
  }
}

const isGathered = (g: Gathered | InputOutcome): g is Gathered => 'kind' in g;

/**
 * Lints the files and folders named; with --cloud (and the remote bundle's checksFor) the Heat
 * templates are checked against that cloud, fetched first: then the answer is a promise.
 */
export function runLint(argv: readonly string[], version: string, stdout: Write, stderr: Write): number;
export function runLint(
  argv: readonly string[],
  version: string,
  stdout: Write,
  stderr: Write,
  checksFor: CloudChecksFor,
): number | Promise<number>;
export function runLint(
  argv: readonly string[],
  version: string,
  stdout: Write,
  stderr: Write,
  checksFor?: CloudChecksFor,
): number | Promise<number> {
  const args = parseArgs(argv);
  const cloud = args.cloud;
  if (cloud === undefined) return report(args, gather(args), undefined, version, stdout, stderr);
  if (!checksFor) throw new UsageError('--cloud is not available here: run the devstack-contrail command (dist/cli.js)');
  const gathered = [...gather(args)];
  return (async () => {
    const checks = await checksFor(cloud);
    const templates = gathered.filter(isGathered).filter((g) => g.kind.type.kind === 'hot');
    if (templates.length > 0) await checks.prepare(templates.map((t) => t.text));
    return report(args, gathered, templates.length > 0 ? checks : undefined, version, stdout, stderr);
  })();
}

function report(
  args: LintArgs,
  gathered: Iterable<Gathered | InputOutcome>,
  checks: TemplateChecks | undefined,
  version: string,
  stdout: Write,
  stderr: Write,
): number {
  const lines = new TerminalLines(stdout, stderr);
  const stackrcs = new Map<string, { path: string; text: string } | null>();
  const cloudOptions = checks?.lintOptions();
  const outcomes = Array.from(gathered, (g): InputOutcome => {
    if (!isGathered(g)) return g;
    const { file, shown, text, kind } = g;
    const near = stackrcNear(file, stackrcs);
    const stackrc = near && { path: displayPath(near.path), text: near.text };
    const result = lint(text, {
      fileName: file,
      type: kind.type,
      release: args.release,
      releaseOrigin: '--release',
      severity: args.severity,
      stackrc,
      ...(kind.type.kind === 'hot' ? cloudOptions : undefined),
    });
    return { checked: true, shown, typeReason: kind.reason, result };
  });
  for (const problem of new Set(checks?.problems() ?? [])) lines.err(`--cloud ${args.cloud}: ${problem}`);
  const { errors, warnings } = counts(outcomes);
  const skipped = outcomes.some((o) => !o.checked);
  if (args.format === 'json') lines.out(JSON.stringify(toJson(outcomes), null, 2));
  else if (args.format === 'sarif') lines.out(JSON.stringify(toSarif(outcomes, version), null, 2));
  else for (const line of findingLines(outcomes)) lines.out(line);
  // what was checked as what, and what was not: in every format, on stderr (text: with the summary)
  const perInput = inputLines(outcomes).filter((_line, i) => args.format === 'text' || !outcomes[i].checked);
  for (const line of perInput) lines.err(line);
  if (args.format === 'text') lines.err(summary(outcomes));
  if (skipped) return 2;
  if (errors > 0) return 1;
  if (args.maxWarnings !== undefined && warnings > args.maxWarnings) {
    lines.err(`more than ${args.maxWarnings} warning(s): ${warnings}`);
    return 1;
  }
  return 0;
}
