import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { lint } from '../../../src/core/config/lint/lint';
import { parseLocalConf } from '../../../src/core/config/localConf';
import { parseLocalrc } from '../../../src/core/config/localrc';
import { parseOsloIni } from '../../../src/core/config/osloIni';
import { applyEdits, splitLines, type Range } from '../../../src/core/config/text';
import { joinLines } from './sourceLines';

// Text built from the pieces these files are made of, so the fuzzer reaches the interesting paths.
const piece = fc.constantFrom(
  '[DEFAULT]',
  '[docker]',
  '[[local|localrc]]',
  '[[post-config|$NOVA_CONF]]',
  '[[post-config|/$Q_PLUGIN_CONF_FILE]]',
  '[[',
  ']]',
  '[',
  'compute_driver',
  'vif_driver',
  '=',
  ' = ',
  ':',
  '#',
  ';',
  ' ',
  '\t',
  '\n',
  '\r\n',
  '"',
  "'",
  '$',
  '${',
  '}',
  '$(',
  ')',
  '`',
  '\\',
  'VIRT_DRIVER',
  'Q_PLUGIN=contrail',
  'enable_service',
  'disable_service n-net',
  'export ',
  'if',
  'then',
  'fi',
  'do',
  'done',
  'docker.DockerDriver',
  'x',
  '1',
);
const configText = fc.oneof(
  fc.array(piece, { maxLength: 60 }).map((p) => p.join('')),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
);

function inside(text: string, r: Range): boolean {
  const lines = splitLines(text);
  const ok = (p: { line: number; character: number }) =>
    p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].text.length;
  return ok(r.start) && ok(r.end) && (r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character));
}

// A fixed seed keeps CI repeatable; FUZZ_SEED=<n> (or "random") explores further.
const seed = process.env.FUZZ_SEED === 'random' ? Date.now() : Number(process.env.FUZZ_SEED ?? 20261124);
fc.configureGlobal({ seed });

describe('parsers and linter on arbitrary input', () => {
  it('regression: a service continued over a line end (found by the fuzzer)', () => {
    for (const f of lint('disable_service n-net\\\n', { fileName: 'localrc' }).findings)
      assert.ok(inside('disable_service n-net\\\n', f.range), f.code);
  });

  it('never throw and round-trip byte for byte', () => {
    fc.assert(
      fc.property(configText, (text) => {
        assert.equal(joinLines(parseOsloIni(text).lines), text);
        assert.equal(joinLines(parseLocalrc(text).lines), text);
        assert.equal(joinLines(parseLocalConf(text).lines), text);
      }),
      { numRuns: 2000 },
    );
  });

  it('lint every file type without throwing; every finding and fix range lies inside the text', () => {
    fc.assert(
      fc.property(
        configText,
        fc.constantFrom('localrc', 'local.conf', 'nova.conf', 'ContrailPlugin.ini', 'neutron.conf'),
        fc.constantFrom(undefined, 'havana', 'zed'),
        (text, fileName, release) => {
          const { findings } = lint(text, { fileName, release });
          for (const f of findings) {
            assert.ok(inside(text, f.range), `${f.code} range ${JSON.stringify(f.range)}`);
            for (const fix of f.fixes ?? []) {
              for (const e of fix.edits) assert.ok(inside(text, e.range), `${f.code} fix range`);
              assert.doesNotThrow(() => applyEdits(text, fix.edits));
            }
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('applying every certain fix never makes the same finding reappear at the same place', () => {
    fc.assert(
      fc.property(configText, fc.constantFrom('localrc', 'nova.conf'), (text, fileName) => {
        const before = lint(text, { fileName, release: 'icehouse' }).findings;
        for (const f of before.filter((x) => x.fixes?.some((fix) => fix.certain) && ['DS101', 'OS209', 'OS210'].includes(x.code))) {
          const fixed = applyEdits(text, f.fixes!.find((fix) => fix.certain)!.edits);
          const again = lint(fixed, { fileName, release: 'icehouse' }).findings;
          assert.ok(
            !again.some((g) => g.code === f.code && g.range.start.line === f.range.start.line && g.message === f.message),
            `${f.code} fixed`,
          );
        }
      }),
      { numRuns: 500 },
    );
  });
});
