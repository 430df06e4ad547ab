import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contextAt } from '../../../../src/core/config/language/position';
import { parseFile } from '../../../../src/core/config/parsedFile';

const localConf = '[[local|localrc]]\nVIRT_DRIVER=doc\n[[post-config|$NOVA_CONF]]\n[DEFAULT]\ncompute_driver = x\n';

describe('the context at a position', () => {
  it("in a local.conf's oslo body: the option, its section and the service the target configures", () => {
    assert.deepEqual(contextAt(parseFile(localConf, { kind: 'local.conf' }), { line: 4, character: 18 }), {
      kind: 'option-value',
      section: 'DEFAULT',
      option: 'compute_driver',
      service: 'nova',
      prefix: 'x',
      range: { start: { line: 4, character: 17 }, end: { line: 4, character: 18 } },
    });
  });

  it("in a local.conf's localrc body: the variable whose value is typed", () => {
    assert.deepEqual(contextAt(parseFile(localConf, { kind: 'local.conf' }), { line: 1, character: 15 }), {
      kind: 'variable-value',
      variable: 'VIRT_DRIVER',
      prefix: 'doc',
      range: { start: { line: 1, character: 12 }, end: { line: 1, character: 15 } },
    });
  });

  it('a $reference, and nothing inside a comment', () => {
    const localrc = { kind: 'localrc' } as const;
    assert.deepEqual(contextAt(parseFile('A=$HO\n', localrc), { line: 0, character: 5 }), {
      kind: 'variable-reference',
      prefix: 'HO',
      range: { start: { line: 0, character: 3 }, end: { line: 0, character: 5 } },
    });
    assert.deepEqual(contextAt(parseFile('# VIRT\n', localrc), { line: 0, character: 5 }), { kind: 'none' });
  });
});
