import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Finding } from '../../../../src/core/config/lint/findings';
import { lint } from '../../../../src/core/config/lint/lint';
import { RULES, isRuleCode, ruleTags } from '../../../../src/core/config/lint/ruleCatalog';

const root = join(__dirname, '..', '..', '..', '..', '..');

describe('the rule catalog', () => {
  it('is what docs/rules.md says (write-rules-doc --check)', () => {
    const check = spawnSync(process.execPath, ['scripts/write-rules-doc.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    assert.equal(check.stderr, '');
    assert.equal(check.status, 0);
  });

  it("types a finding's code: one not in the catalog does not compile", () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    // @ts-expect-error DS999 is no rule
    const unknown: Finding = { code: 'DS999', severity: 'error', message: 'x', range };
    const known: Finding = { code: 'DS100', severity: 'error', message: 'x', range };
    assert.deepEqual([isRuleCode(unknown.code), isRuleCode(known.code), isRuleCode('ds100')], [false, true, false]);
    assert.equal(new Set(RULES.map((r) => r.code)).size, RULES.length);
  });

  it('tags deprecated names and options for removal as deprecated, a repeated option as unnecessary', () => {
    const { findings } = lint('[DEFAULT]\ndebug = true\ndebug = false\n', { type: { kind: 'oslo', service: 'nova' }, release: 'zed' });
    assert.deepEqual(
      findings.map((f) => [f.code, ruleTags(f.code)]),
      [['OS208', ['unnecessary']]],
    );
    assert.deepEqual(
      RULES.filter((r) => ruleTags(r.code).includes('deprecated')).map((r) => r.code),
      ['OS203', 'OS204', 'HT315'],
    );
  });
});
