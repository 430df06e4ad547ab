import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FileType } from '../../../../src/core/config/fileType';
import { DocumentService, type DocumentSnapshot } from '../../../../src/core/config/language/documentService';
import { MAX_LINT_INPUT_BYTES } from '../../../../src/core/config/limits';
import { lint } from '../../../../src/core/config/lint/lint';
import { parseFile } from '../../../../src/core/config/parsedFile';

const NOVA: FileType = { kind: 'oslo', service: 'nova' };

/** A service whose parses are counted, and documents whose text reads are counted. */
function counted() {
  const counts = { parses: 0, reads: 0 };
  const service = new DocumentService((text, type) => {
    counts.parses += 1;
    return parseFile(text, type);
  });
  const snapshot = (version: number, text: string, type: FileType = NOVA, uri = 'file:///etc/nova/nova.conf'): DocumentSnapshot => ({
    uri,
    version,
    type,
    getText: () => {
      counts.reads += 1;
      return text;
    },
  });
  return { counts, service, snapshot };
}

/** Every feature the editor asks for, once. */
function askEverything(service: DocumentService, document: DocumentSnapshot) {
  return {
    findings: service.lint(document, { release: 'zed' }).findings.map((f) => `${f.range.start.line}:${f.code}`),
    completions: service.completions(document, { line: 1, character: 3 }, 'zed').length,
    hover: service.hover(document, { line: 1, character: 1 }, 'zed')?.markdown.split('\n')[0],
    outline: service.outline(document).map((s) => s.name),
    folds: service.foldingRanges(document).length,
  };
}

describe('the document service', () => {
  it('parses a document version once for the lint, completion, hover, outline and folding', () => {
    const { counts, service, snapshot } = counted();
    const v1 = snapshot(1, '[DEFAULT]\ndebug = true\ndebug = false\n');
    const first = askEverything(service, v1);
    askEverything(service, v1);
    assert.deepEqual(counts, { parses: 1, reads: 1 });
    assert.deepEqual(first, {
      findings: ['1:OS208'],
      completions: first.completions,
      hover: '**[DEFAULT] debug** — boolean  ',
      outline: ['[DEFAULT]'],
      folds: 1,
    });
    assert.ok(first.completions > 0);
    // an edit is a new version: parsed once more, and what it says is the new text's
    const v2 = snapshot(2, '[DEFAULT]\ndebug = true\n[glance]\n');
    assert.deepEqual(askEverything(service, v2).findings, []);
    assert.deepEqual(counts, { parses: 2, reads: 2 });
  });

  it('gives the lint the CLI gives for the same text', () => {
    const { service, snapshot } = counted();
    const text = '[DEFAULT]\ncompute_driver = docker.DockerDriver\nfoo = 1 # note\n[not_a_section]\n';
    assert.deepEqual(service.lint(snapshot(1, text), { release: 'zed' }), lint(text, { type: NOVA, release: 'zed' }));
  });

  it('keeps documents apart by uri, parses again after close and when the kind of file changes', () => {
    const { counts, service, snapshot } = counted();
    service.outline(snapshot(1, '[DEFAULT]\n'));
    service.outline(snapshot(1, 'A=1\n', { kind: 'localrc' }, 'file:///opt/stack/devstack/localrc'));
    service.outline(snapshot(1, '[DEFAULT]\n'));
    assert.equal(counts.parses, 2);
    service.close('file:///etc/nova/nova.conf');
    service.outline(snapshot(1, '[DEFAULT]\n'));
    assert.equal(counts.parses, 3);
    assert.deepEqual(
      service.outline(snapshot(1, '[DEFAULT]\n', { kind: 'oslo', service: 'neutron' })).map((s) => s.name),
      ['[DEFAULT]'],
    );
    assert.equal(counts.parses, 4);
  });

  it('does not parse a document over the lint size limit: one finding says so, and no language features', () => {
    const { counts, service, snapshot } = counted();
    const huge = snapshot(1, `[DEFAULT]\n${'#'.repeat(MAX_LINT_INPUT_BYTES)}\n`);
    assert.deepEqual(
      service.lint(huge).findings.map((f) => [f.code, f.range.end.character]),
      [['DC001', 9]],
    );
    assert.deepEqual(
      [
        service.completions(huge, { line: 0, character: 1 }, 'zed'),
        service.outline(huge),
        service.hover(huge, { line: 0, character: 1 }, 'zed'),
      ],
      [[], [], undefined],
    );
    assert.deepEqual(counts, { parses: 0, reads: 1 });
  });
});
