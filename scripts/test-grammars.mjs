#!/usr/bin/env node
// Runs the TextMate grammar tests in test/grammar/ with vscode-tmgrammar-test.
//
// Every grammar in syntaxes/ is passed with -g, so embedded grammars (local.conf includes
// source.devstack-localrc and source.oslo-ini) resolve.  The tool prints one line per test
// file ("✓ <file> run successfuly." / "✖ <file> failed" / "... aborted due to an error" /
// "can't parse testcase: <file>") and exits non-zero on any failure.  It has no summary, so
// this script counts files itself:
//   passed = files the tool reported as successful AND that contain at least one assertion
//            (a file without assertions would pass vacuously);
//   failed = every other test file (reported failed, aborted, unparsable, or never reported).
// It also fails the run if the tool warns that a grammar could not be found, or if the
// tool's exit status disagrees with the per-file results.
// The last line printed is always: GRAMMAR-RESULTS passed=N failed=M

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rel = (p) => path.relative(root, p).split(path.sep).join('/');
const require = createRequire(import.meta.url);

const syntaxDir = path.join(root, 'syntaxes');
const testDir = path.join(root, 'test', 'grammar');
const grammars = fs.existsSync(syntaxDir)
  ? fs
      .readdirSync(syntaxDir)
      .filter((f) => f.endsWith('.tmLanguage.json'))
      .sort()
      .map((f) => path.join(syntaxDir, f))
  : [];
const tests = fs.existsSync(testDir)
  ? fs
      .readdirSync(testDir)
      .sort()
      .map((f) => path.join(testDir, f))
      .filter((f) => fs.statSync(f).isFile())
  : [];

function finish(passed, failed, code) {
  console.log(`GRAMMAR-RESULTS passed=${passed} failed=${failed}`);
  process.exit(code);
}

if (grammars.length === 0 || tests.length === 0) {
  console.error(`no ${grammars.length === 0 ? 'grammars in syntaxes/' : 'test files in test/grammar/'}`);
  finish(0, tests.length, 1);
}

// Count assertions per file.  Deliberately NOT with the tool's parser: its assertion regex
// can backtrack for minutes on a malformed assertion line, and here that would run in-process
// with no timeout.  Same rules as the tool: the header gives the comment token; an assertion
// line is <token><spaces>^... (one assertion per run of carets) or <token><spaces><~-...
const headerRe = /^(\S+)\s+SYNTAX\s+TEST\s+"([^"]+)"/;
function countAssertions(text) {
  const lines = text.split(/\r?\n/);
  const h = headerRe.exec(lines[0] ?? '');
  if (!h) return null; // the tool reports the bad header itself
  const token = h[1];
  let n = 0;
  for (const line of lines.slice(1)) {
    if (!line.startsWith(token)) continue;
    const rest = line.slice(token.length);
    if (/^\s*<~*-+/.test(rest)) n += 1;
    else if (/^\s*\^/.test(rest)) n += (/^[\s^]*/.exec(rest)[0].match(/\^+/g) ?? []).length;
  }
  return n;
}
const assertionCount = new Map(tests.map((t) => [rel(t), countAssertions(fs.readFileSync(t, 'utf8'))]));

// node_modules/.bin/vscode-tmgrammar-test is a symlink to the package's dist/unit.js; run it with
// this node so it also works where .bin holds .cmd shims.
const binLink = path.join(root, 'node_modules', '.bin', 'vscode-tmgrammar-test');
let bin;
try {
  bin = fs.realpathSync(binLink);
} catch {
  bin = require.resolve('vscode-tmgrammar-test/dist/unit.js');
}

const args = [bin, ...grammars.flatMap((g) => ['-g', rel(g)]), ...tests.map(rel)];
console.log(`$ vscode-tmgrammar-test ${args.slice(1).join(' ')}`);
const run = spawnSync(process.execPath, args, {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  maxBuffer: 64 * 1024 * 1024,
  // the tool's assertion-line regex can backtrack for a very long time on a malformed
  // assertion (e.g. two " - " exclusion groups); treat a hang as a failure
  timeout: Number(process.env.GRAMMAR_TEST_TIMEOUT_MS ?? 300_000),
  killSignal: 'SIGKILL',
});
const stdout = run.stdout ?? '';
const stderr = run.stderr ?? '';
process.stdout.write(stdout);
process.stderr.write(stderr);
if (run.error) console.error(`vscode-tmgrammar-test did not complete: ${run.error.message}`);

// eslint-disable-next-line no-control-regex
const plain = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');
const ok = new Set();
const bad = new Set();
let failingAssertionLines = 0;
for (const raw of plain(stdout).split(/\r?\n/)) {
  let m;
  if ((m = /^\S+ (.+) run successfuly\.$/.exec(raw))) ok.add(m[1]);
  else if ((m = /^\S+ testcase (.+) aborted due to an error$/.exec(raw))) bad.add(m[1]);
  else if ((m = /^ERROR can't parse testcase: (.+)$/.exec(raw))) bad.add(m[1]);
  else if ((m = /^\S+ (.+) failed$/.exec(raw))) bad.add(m[1]);
  else if (/^\s+at \[.+:\d+:\d+:\d+\]:$/.test(raw)) failingAssertionLines++;
}

let passed = 0;
let failed = 0;
const problems = [];
for (const t of tests.map(rel)) {
  const n = assertionCount.get(t);
  if (ok.has(t) && !bad.has(t) && n !== 0) {
    passed++;
  } else {
    failed++;
    if (n === 0) problems.push(`${t}: no assertions (would pass vacuously)`);
    else if (!ok.has(t) && !bad.has(t)) problems.push(`${t}: not reported by the tool`);
  }
}
const missingGrammar = plain(stderr)
  .split(/\r?\n/)
  .filter((l) => /grammar not found/.test(l));
if (missingGrammar.length) problems.push(`tool could not resolve a grammar: ${missingGrammar.join('; ')}`);
if (run.status !== 0 && failed === 0) problems.push(`tool exited with status ${run.status ?? run.signal} although every file passed`);
if (run.status === 0 && failed > 0) problems.push(`tool exited 0 although ${failed} file(s) did not pass`);

const known = [...assertionCount.values()];
const total = known.every((n) => n !== null) ? known.reduce((a, b) => a + b, 0) : null;
console.log('');
for (const p of problems) console.log(`problem: ${p}`);
console.log(
  `grammar tests: ${tests.length} file(s), ${total ?? '?'} assertion(s), ` +
    `${failingAssertionLines} failing token check(s) reported by the tool`,
);
if (problems.length && failed === 0) {
  // the per-file results cannot be trusted: count every file as failed
  finish(0, tests.length, 1);
}
finish(passed, failed, failed === 0 && run.status === 0 ? 0 : 1);
