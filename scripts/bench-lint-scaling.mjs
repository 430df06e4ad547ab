// Lint scaling: each shape that once made the linter superlinear (test/unit/config/lint/lintShapes.ts), at 1k, 10k
// and 100k lines, and a 22 MB nova.conf with an inline comment on every line. Each case runs in a child
// process of its own, so its peak RSS (process.resourceUsage().maxRSS) is that case's alone.
// Targets: 100k lines of each shape linted in ≤ 2 s; the 22 MB nova.conf peaks at ≤ 1 GB RSS.
// Usage: benchLintScaling(report) from scripts/bench.mjs (after the build and tsc), or
// `node scripts/bench-lint-scaling.mjs` alone; `--case SHAPE LINES|BYTES` is the child's entry.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const SIZES = [1_000, 10_000, 100_000];
const TIME_TARGET_MS = 2_000;
const RSS_TARGET_MB = 1_024;
const INLINE_COMMENTS = 'nova.conf with an inline comment on every line';

/** In the child: build the file (to `lines` lines, or to `bytes` bytes), lint it once warm, print the figures. */
function runCase(shapeName, size, unit) {
  const { lint } = require(join(root, 'out/src/core/config/lint/lint.js'));
  const { LINT_SHAPES } = require(join(root, 'out/test/unit/config/lint/lintShapes.js'));
  const shape = LINT_SHAPES.find((s) => s.name === shapeName);
  const options = { fileName: shape.fileName, release: 'zed' };
  lint(shape.text(2_000), options); // loads the option data and warms the JIT: what an editor session has
  let lines = size;
  if (unit === 'bytes') {
    // lines grow longer as their numbers do: a first guess, corrected from a sample of that many lines
    lines = Math.ceil(size / (shape.text(1_000).length / 1_000));
    lines = Math.floor((lines * size) / shape.text(lines).length);
  }
  const text = shape.text(lines);
  const started = performance.now();
  const { findings } = lint(text, options);
  const ms = performance.now() - started;
  console.log(
    JSON.stringify({
      lines,
      bytes: Buffer.byteLength(text),
      ms,
      findings: findings.length,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

function measure(shapeName, size, unit = 'lines') {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--case', shapeName, String(size), unit], {
    cwd: root,
    encoding: 'utf8',
  });
  if (child.status !== 0) return { error: (child.stderr.trim().split('\n').pop() ?? `exit ${child.status}`).slice(0, 200) };
  return JSON.parse(child.stdout.trim().split('\n').pop());
}

const mb = (x) => `${x.toFixed(0)} MB`;
const ms = (x) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

export function benchLintScaling(report) {
  const { LINT_SHAPES } = require(join(root, 'out/test/unit/config/lint/lintShapes.js'));
  console.log(`      lint scaling, one child process per case (time of one warm lint; peak RSS of the whole process):`);
  console.log(`      ${'shape'.padEnd(52)} ${SIZES.map((n) => `${(n / 1000).toFixed(0)}k lines`.padStart(20)).join('')}`);
  const at100k = [];
  for (const shape of LINT_SHAPES) {
    const cells = SIZES.map((n) => {
      const r = measure(shape.name, n);
      if (n === 100_000) at100k.push({ shape, r });
      return r.error ? 'failed'.padStart(20) : `${ms(r.ms)} ${mb(r.maxRssMB)}`.padStart(20);
    });
    console.log(`      ${shape.name.padEnd(52)} ${cells.join('')}`);
  }
  for (const { shape, r } of at100k) {
    report(
      `lint of 100,000 lines: ${shape.name}`,
      r.error ?? `${ms(r.ms)} (${r.findings} findings, peak RSS ${mb(r.maxRssMB)})`,
      `≤ ${TIME_TARGET_MS} ms`,
      !r.error && r.ms <= TIME_TARGET_MS,
    );
  }
  // just under the size limit the file is linted; the 22 MB one is refused in one finding (DC001)
  const under = measure(INLINE_COMMENTS, 7.8 * 1024 * 1024, 'bytes');
  if (!under.error)
    console.log(
      `      ${INLINE_COMMENTS}, ${(under.bytes / 1048576).toFixed(1)} MiB (${under.lines} lines, just under the limit): ${ms(under.ms)}, peak RSS ${mb(under.maxRssMB)}`,
    );
  const huge = measure(INLINE_COMMENTS, 22 * 1000 * 1000, 'bytes');
  report(
    `peak RSS linting a 22 MB nova.conf with an inline comment on every line`,
    huge.error ?? `${mb(huge.maxRssMB)} (${ms(huge.ms)}, ${huge.findings} finding)`,
    `≤ ${RSS_TARGET_MB} MB`,
    !huge.error && huge.maxRssMB <= RSS_TARGET_MB,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--case') runCase(process.argv[3], Number(process.argv[4]), process.argv[5]);
  else benchLintScaling((name, value, target, pass) => console.log(`${pass ? 'PASS' : 'FAIL'}  ${name}: ${value}  (target ${target})`));
}
