import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldingRanges, outline, type OutlineSymbol } from '../../../../src/core/config/language/outline';
import { parseFile } from '../../../../src/core/config/parsedFile';

const text =
  '[[local|localrc]]\nA=1\nenable_service q-svc\n\n[[post-config|$NOVA_CONF]]\n[DEFAULT]\ndebug = true\n\n[glance]\napi_servers = x\n';
const shape = (s: OutlineSymbol): unknown => [s.name, s.detail, s.kind, s.range.start.line, s.range.end.line, s.children.map(shape)];

describe('outline and folding', () => {
  it('lists a local.conf as meta-sections holding variables, calls, INI sections and options', () => {
    assert.deepEqual(outline(parseFile(text, { kind: 'local.conf' })).map(shape), [
      [
        '[[local|localrc]]',
        'localrc',
        'meta-section',
        0,
        2,
        [
          ['A', '1', 'variable', 1, 1, []],
          ['enable_service', 'q-svc', 'call', 2, 2, []],
        ],
      ],
      [
        '[[post-config|$NOVA_CONF]]',
        'INI',
        'meta-section',
        4,
        9,
        [
          ['[DEFAULT]', '1 option', 'section', 5, 6, [['debug', 'true', 'option', 6, 6, []]]],
          ['[glance]', '1 option', 'section', 8, 9, [['api_servers', 'x', 'option', 9, 9, []]]],
        ],
      ],
    ]);
  });

  it('folds each meta-section and INI section from its header to its last non-blank line', () => {
    assert.deepEqual(foldingRanges(parseFile(text, { kind: 'local.conf' })), [
      { start: 0, end: 2 },
      { start: 4, end: 9 },
      { start: 5, end: 6 },
      { start: 8, end: 9 },
    ]);
  });
});
