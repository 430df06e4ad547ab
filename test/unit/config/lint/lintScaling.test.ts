import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_FINDINGS_PER_FILE, MAX_LINT_INPUT_BYTES } from '../../../../src/core/config/limits';
import { lint, type LintOptions } from '../../../../src/core/config/lint/lint';
import { LINT_SHAPES } from './lintShapes';

/**
 * The fastest of three lints of each text (after one to warm up), taken in turns: the least disturbed
 * by whatever else runs on the machine, and both sizes disturbed alike.
 */
function bestLintMs(texts: readonly string[], options: LintOptions): number[] {
  const best = texts.map((text) => {
    lint(text, options);
    return Infinity;
  });
  for (let round = 0; round < 3; round++) {
    texts.forEach((text, i) => {
      const started = performance.now();
      lint(text, options);
      best[i] = Math.min(best[i], performance.now() - started);
    });
  }
  return best;
}

describe('lint time grows with the file, not with its square', () => {
  for (const shape of LINT_SHAPES) {
    // 8× the lines: linear work takes ~8× the time, quadratic ~64×; the bound between them leaves room
    // for a busy machine (the figures themselves are the bench's: npm run bench)
    it(`${shape.name}: 8× the lines in well under 64× the time (at most 20×), at most ${MAX_FINDINGS_PER_FILE} findings listed`, () => {
      const options = { fileName: shape.fileName, release: 'zed' };
      const [small, large] = bestLintMs([shape.text(2_500), shape.text(20_000)], options);
      assert.ok(
        large <= 20 * Math.max(small, 2),
        `2,500 lines: ${small.toFixed(1)} ms, 20,000 lines: ${large.toFixed(1)} ms (${(large / small).toFixed(1)}×)`,
      );
      const { findings } = lint(shape.text(20_000), options);
      assert.equal(findings.length, MAX_FINDINGS_PER_FILE + 1);
      const last = findings[findings.length - 1];
      assert.equal(last.code, 'DC002');
      assert.match(last.message, new RegExp(`^\\d+ more problems not shown: only the first ${MAX_FINDINGS_PER_FILE} of \\d+ are listed`));
      assert.ok(findings.slice(0, -1).every((f) => f.code !== 'DC002'));
    });
  }
});

describe('lint limits', () => {
  it('says how many problems it did not list, and lists them in order up to the cap', () => {
    const text = `[DEFAULT]\n${Array.from({ length: 1_500 }, (_, i) => `state_path = /var/lib/nova # ${i}`).join('\n')}\n`;
    const { findings } = lint(text, { fileName: 'nova.conf', release: 'zed' });
    const all = lint(text, { fileName: 'nova.conf', release: 'zed', severity: { OS208: 'off' } }).findings;
    assert.equal(all.length, MAX_FINDINGS_PER_FILE + 1);
    assert.equal(
      all[all.length - 1].message,
      `500 more problems not shown: only the first ${MAX_FINDINGS_PER_FILE} of 1500 are listed; fix or turn off those first`,
    );
    assert.deepEqual(all[all.length - 1].range.start, { line: MAX_FINDINGS_PER_FILE + 1, character: 27 });
    assert.ok(
      findings.slice(1, -1).every((f, i) => f.range.start.line >= findings[i].range.start.line),
      'in line order',
    );
    assert.equal(lint(text, { fileName: 'nova.conf', release: 'zed', severity: { DC002: 'off' } }).findings.length, MAX_FINDINGS_PER_FILE);
  });

  it(`does not lint a file over ${MAX_LINT_INPUT_BYTES / 1024 / 1024} MiB: one finding says so, quickly`, () => {
    const line = 'debug = True  # an inline comment on every line\n';
    const huge = `[DEFAULT]\n${line.repeat(Math.ceil((22 * 1024 * 1024) / line.length))}`;
    const started = performance.now();
    const result = lint(huge, { fileName: 'nova.conf', release: 'zed' });
    assert.ok(performance.now() - started < 1_000);
    assert.deepEqual(
      result.findings.map((f) => [f.code, f.severity, f.message, f.range.end]),
      [
        [
          'DC001',
          'warning',
          'not linted: this file is 22.0 MiB, over the 8 MiB devstack-contrail lints; split it, or lint the part you changed',
          { line: 0, character: 9 },
        ],
      ],
    );
    // the limit is in UTF-8 bytes: 4.5 million é are 9 MB though fewer characters than 8 Mi
    const accents = `A=${'é'.repeat(4_500_000)}\n`;
    assert.deepEqual(
      lint(accents, { fileName: 'localrc' }).findings.map((f) => f.code),
      ['DC001'],
    );
  });
});
