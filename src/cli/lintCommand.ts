// `devstack-contrail lint`: lints files and folders, prints text, JSON or SARIF 2.1.0.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type * as Sarif from 'sarif';
import { fileTypeOf, lint, parseFileType, type FileType, type LintResult } from '../core/config/lint/lint';
import type { Finding, SeverityOverride } from '../core/config/lint/findings';
import { RULES, RULES_BY_CODE } from '../core/config/lint/ruleCatalog';
import { parseReleaseName } from '../core/schema/releases';

export const LINT_USAGE = `devstack-contrail lint [options] PATH...

Lints devstack localrc/local.conf and oslo.config files (nova.conf, neutron.conf,
glance-api.conf, ContrailPlugin.ini). Folders are searched for those files.

Options:
  --release R         havana | icehouse | zed | epoxy (or a series such as juno, or
                      stable/icehouse); default: a "# devstack-contrail: release=R" modeline,
                      else inferred from the file
  --type T            localrc | local.conf | oslo | oslo:nova | oslo:neutron |
                      oslo:glance-api | oslo:contrail-plugin (default: from the file name)
  --format F          text (default) | json | sarif
  --max-warnings N    exit 1 when there are more than N warnings
  --severity CODE=S   change a rule's severity: error, warning, info, hint or off
                      (repeatable)
  --help              this help

Exit status: 0 no errors, 1 errors (or too many warnings), 2 bad usage or unreadable input.
`;

export class UsageError extends Error {}

interface LintArgs {
  severity: Record<string, SeverityOverride>;
  release?: string;
  type?: FileType;
  format: 'text' | 'json' | 'sarif';
  maxWarnings?: number;
  paths: string[];
}

function parseArgs(argv: readonly string[]): LintArgs {
  const args: LintArgs = { format: 'text', paths: [], severity: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--release': {
        const v = value();
        if (!parseReleaseName(v)) throw new UsageError(`--release: unknown release "${v}" (havana, icehouse, zed, epoxy, or another series name)`);
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
      case '--max-warnings': {
        const v = value();
        if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings: "${v}" is not a whole number`);
        args.maxWarnings = Number(v);
        break;
      }
      case '--severity': {
        const v = value();
        const m = /^([A-Za-z]{2}\d{3})=(error|warning|info|hint|off)$/.exec(v);
        if (!m || !RULES_BY_CODE.has(m[1].toUpperCase())) throw new UsageError(`--severity: "${v}" is not CODE=error|warning|info|hint|off with a known rule code`);
        args.severity[m[1].toUpperCase()] = m[2] as SeverityOverride;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        args.paths.push(arg);
    }
  }
  if (args.paths.length === 0) throw new UsageError('name at least one file or folder to lint');
  return args;
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '.tox', '.venv', 'out', 'dist']);

function isConfigPath(path: string): boolean {
  const type = fileTypeOf(path);
  if (!type) return false;
  if (type.kind !== 'oslo' || type.service) return true;
  return /(^|\/)etc\/(nova|neutron|glance)\/[^/]+\.conf$/.test(path);
}

/** Files named on the command line, and the config files found under folders. */
export function collectFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !SKIP_DIRS.has(entry.name)) walk(path);
      else if (entry.isFile() && isConfigPath(path)) files.push(path);
    }
  };
  for (const path of paths) {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      throw new UsageError(`cannot read ${path}: no such file or folder`);
    }
    if (stats.isDirectory()) walk(path);
    else files.push(path);
  }
  return files;
}

interface FileResult { readonly file: string; readonly result: LintResult }

function oneBased(f: Finding): { line: number; column: number; endLine: number; endColumn: number } {
  return { line: f.range.start.line + 1, column: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 };
}

function toJson(results: readonly FileResult[]): unknown[] {
  return results.flatMap(({ file, result }) => result.findings.map((f) => {
    const fix = f.fixes?.find((x) => x.certain);
    return {
      file, ...oneBased(f), severity: f.severity, code: f.code, message: f.message,
      ...(fix ? { fix: { title: fix.title, edits: fix.edits.map((e) => ({ line: e.range.start.line + 1, column: e.range.start.character + 1, endLine: e.range.end.line + 1, endColumn: e.range.end.character + 1, newText: e.newText })) } } : {}),
    };
  }));
}

const SARIF_LEVEL: Record<Finding['severity'], Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

function toSarif(results: readonly FileResult[], version: string): Sarif.Log {
  const rules: Sarif.ReportingDescriptor[] = RULES.map((r) => ({
    id: r.code, name: r.name, shortDescription: { text: r.summary },
    help: { text: r.fix ? `${r.summary} Fix: ${r.fix}` : r.summary },
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
  }));
  const index = new Map(RULES.map((r, i) => [r.code, i]));
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: { driver: { name: 'devstack-contrail', version, rules } },
      results: results.flatMap(({ file, result }) => result.findings.map((f): Sarif.Result => {
        const p = oneBased(f);
        return {
          ruleId: f.code, ruleIndex: index.get(f.code), level: SARIF_LEVEL[f.severity], message: { text: f.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: relative(process.cwd(), file).split('\\').join('/') }, region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn } } }],
        };
      })),
    }],
  };
}

export function runLint(argv: readonly string[], version: string, out: (t: string) => void, err: (t: string) => void): number {
  const args = parseArgs(argv);
  const files = collectFiles(args.paths);
  const results: FileResult[] = [];
  for (const file of files) {
    const type = args.type ?? fileTypeOf(file);
    if (!type) throw new UsageError(`cannot tell what kind of file ${file} is; name it with --type`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    results.push({ file, result: lint(text, { fileName: file, type, release: args.release, releaseOrigin: '--release', severity: args.severity }) });
  }
  const all = results.flatMap((r) => r.result.findings);
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.filter((f) => f.severity === 'warning').length;
  if (args.format === 'json') out(JSON.stringify(toJson(results), null, 2) + '\n');
  else if (args.format === 'sarif') out(JSON.stringify(toSarif(results, version), null, 2) + '\n');
  else {
    for (const { file, result } of results) {
      for (const f of result.findings) {
        const p = oneBased(f);
        out(`${file}:${p.line}:${p.column}: ${f.severity} ${f.code} ${f.message}\n`);
      }
    }
    const releases = results.map(({ file, result }) => `${file}: ${result.release.release} (${result.release.reason})`);
    err(`${releases.join('\n')}${releases.length ? '\n' : ''}${all.length} problem(s): ${errors} error(s), ${warnings} warning(s), ${all.length - errors - warnings} note(s) in ${files.length} file(s)\n`);
  }
  if (errors > 0) return 1;
  if (args.maxWarnings !== undefined && warnings > args.maxWarnings) {
    err(`more than ${args.maxWarnings} warning(s): ${warnings}\n`);
    return 1;
  }
  return 0;
}
