import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { completionsAt } from '../../../src/core/config/language/completion';
import { hoverAt } from '../../../src/core/config/language/hover';
import { foldingRanges, outline } from '../../../src/core/config/language/outline';
import { contextAt } from '../../../src/core/config/language/position';
import { parseFile } from '../../../src/core/config/parsedFile';
import { lint } from '../../../src/core/config/lint/lint';
import { MAX_EXPANSION_DEPTH, parseLocalrc } from '../../../src/core/config/localrc';
import { parseLocalConf } from '../../../src/core/config/localConf';
import { joinLines } from './sourceLines';
import { provisioningStatus } from '../../../src/core/provision/status';
import { DEFAULT_SETTINGS, planSteps } from '../../../src/core/provision/plan';
import { LocalTarget } from '../../../src/core/provision/target';
import { parseProbe } from '../../../src/core/devstack/probe';
import { probeOutput } from '../devstack/probeOutput';

describe('localrc parser', () => {
  it('reads assignments with export, quotes across lines and references', () => {
    const doc = parseLocalrc('export FOO="a b" # trailing\nBAR=\'multi\nline\'\nY=${FOO:-z}/$BAR\n');
    assert.deepEqual(
      doc.assignments.map((a) => [a.name, a.value, a.exported]),
      [
        ['FOO', 'a b', true],
        ['BAR', 'multi\nline', false],
        ['Y', '${FOO:-z}/$BAR', false],
      ],
    );
    assert.deepEqual(doc.assignments[1].range, { start: { line: 1, character: 0 }, end: { line: 2, character: 5 } });
    assert.deepEqual(
      doc.assignments[2].references.map((r) => [r.name, r.range.start.character]),
      [
        ['FOO', 4],
        ['BAR', 13],
      ],
    );
    assert.equal(doc.assignments[2].expands, true);
    assert.deepEqual(
      doc.comments.map((c) => c.text),
      ['# trailing'],
    );
  });

  it('reads devstack function calls, including "." for source and several statements per line', () => {
    const doc = parseLocalrc(
      'disable_service n-net; enable_service neutron q-svc\n. ./openrc\nenable_plugin contrail https://x/y.git master\n',
    );
    assert.deepEqual(
      doc.calls.map((c) => [c.name, c.args.map((a) => a.value)]),
      [
        ['disable_service', ['n-net']],
        ['enable_service', ['neutron', 'q-svc']],
        ['source', ['./openrc']],
        ['enable_plugin', ['contrail', 'https://x/y.git', 'master']],
      ],
    );
  });

  it('recognises VAR = value, VAR =value and VAR= value as commands, with the fixed form', () => {
    const doc = parseLocalrc('VIRT_DRIVER = docker\nA =b\nB= c\nC = two words\n');
    assert.deepEqual(
      doc.statements.map((s) => (s.kind === 'spaced-assignment' ? s.fixed : s.kind)),
      ['VIRT_DRIVER=docker', 'A=b', 'B=c', 'C="two words"'],
    );
  });

  it('keeps conditionals and loops as opaque statements and marks assignments inside them', () => {
    const doc = parseLocalrc('if [[ $X == y ]]; then\n  Y=1\nfi\nfor s in a b; do enable_service $s; done\nZ=2\n');
    assert.deepEqual(
      doc.assignments.map((a) => [a.name, a.conditional]),
      [
        ['Y', true],
        ['Z', false],
      ],
    );
    assert.ok(doc.statements.some((s) => s.kind === 'opaque' && s.words[0].raw === 'if'));
    assert.equal(doc.calls[0].conditional, true);
  });

  it('reports an unterminated quote where it opens and still returns a document', () => {
    const doc = parseLocalrc('GOOD=1\nBROKEN="oops\nNEXT=2\n');
    assert.deepEqual(
      doc.problems.map((p) => [p.code, p.range.start]),
      [['unterminated-quote', { line: 1, character: 7 }]],
    );
    assert.equal(doc.assignments[0].name, 'GOOD');
  });

  it('round-trips byte for byte', () => {
    for (const text of ['A=1\r\nB="x\r\ny"\r\n', 'if x; then\n\tfoo\nfi', '', '#!/bin/bash\n'])
      assert.equal(joinLines(parseLocalrc(text).lines), text);
  });
});

describe('local.conf parser', () => {
  const text =
    '[[local|localrc]]\nADMIN_PASSWORD=secret\n\n[[post-config|$NOVA_CONF]]\n[docker]\nvif_driver = x\n[[ post-config | /$Q_PLUGIN_CONF_FILE ]]\n[APISERVER]\napi_server_port = 8082\n';

  it('splits meta-sections and parses each body as localrc or oslo INI, with absolute lines', () => {
    const doc = parseLocalConf(text);
    assert.deepEqual(
      doc.sections.map((s) => [s.phase, s.file, s.body.kind]),
      [
        ['local', 'localrc', 'localrc'],
        ['post-config', '$NOVA_CONF', 'ini'],
        ['post-config', '/$Q_PLUGIN_CONF_FILE', 'ini'],
      ],
    );
    const [localrc, nova, plugin] = doc.sections;
    assert.equal(localrc.body.kind === 'localrc' && localrc.body.document.assignments[0].nameRange.start.line, 1);
    assert.equal(nova.body.kind === 'ini' && nova.body.document.options[0].line, 5);
    assert.deepEqual(plugin.phaseRange, { start: { line: 6, character: 3 }, end: { line: 6, character: 14 } });
    assert.deepEqual(plugin.fileRange, { start: { line: 6, character: 17 }, end: { line: 6, character: 37 } });
  });

  it('ends a body at a malformed header line, which is not parsed as body text', () => {
    const doc = parseLocalConf('[[post-config|$NOVA_CONF]]\n[DEFAULT]\n[[post-\ndebug = True\n');
    assert.equal(doc.sections[0].bodyEnd, 2);
    assert.deepEqual(doc.sections[0].body.kind === 'ini' && doc.sections[0].body.document.problems, []);
  });

  it('reports lines before the first header and malformed headers', () => {
    const doc = parseLocalConf('STRAY=1\n[[local|localrc]\nA=1\n[[local|localrc]]\n');
    assert.deepEqual(
      doc.problems.map((p) => [p.code, p.range.start.line]),
      [
        ['bad-meta-header', 1],
        ['outside-meta-section', 0],
        ['outside-meta-section', 2],
      ],
    );
  });

  it('round-trips byte for byte', () => {
    assert.equal(joinLines(parseLocalConf(text).lines), text);
  });
});

describe('a localrc of A= and 4,500 nested ${ (9 KB)', () => {
  const deep = `A=${'${'.repeat(4_500)}\n`;
  const deepConf = `[[local|localrc]]\n${deep}[[post-config|$NOVA_CONF]]\n[DEFAULT]\ndebug = True\n`;

  it('lints: one finding for the depth, one for the ${ never closed', () => {
    const findings = lint(deep, { fileName: 'localrc', release: 'zed' }).findings.filter((f) => f.code === 'DS100' || f.code === 'DS119');
    assert.deepEqual(
      findings.map((f) => [f.code, f.message]),
      [
        ['DS100', '${… is not closed with }'],
        ['DS119', `expansions nested more than ${MAX_EXPANSION_DEPTH} deep: what is inside the deeper ones is not checked`],
      ],
    );
    assert.ok(lint(deepConf, { fileName: 'local.conf', release: 'zed' }).findings.some((f) => f.code === 'DS119'));
  });

  it('hovers, outlines, folds, completes and finds the context at a position', () => {
    for (const [text, type] of [
      [deep, { kind: 'localrc' }],
      [deepConf, { kind: 'local.conf' }],
    ] as const) {
      const line = type.kind === 'localrc' ? 0 : 1;
      const file = parseFile(text, type);
      assert.equal(hoverAt(file, { line, character: 0 }, 'zed')?.markdown.startsWith('**A**'), true);
      assert.equal(outline(file).length > 0, true);
      foldingRanges(file);
      assert.equal(contextAt(file, { line, character: 2 }).kind, 'variable-value');
      completionsAt(file, { line, character: 4_000 }, 'zed');
    }
  });

  it('is read by the host probe and the provisioning status and plan', async () => {
    const probe = (file: 'localrc' | 'local.conf', text: string) =>
      parseProbe(probeOutput('/opt/stack/devstack', { [`/opt/stack/devstack/${file}`]: text }), 1);
    for (const snapshot of [probe('localrc', deep), probe('local.conf', deepConf)]) {
      assert.equal(snapshot.devstack?.dir, '/opt/stack/devstack');
      assert.equal(provisioningStatus(snapshot).find((s) => s.id === 'localrc')?.status, 'needed');
    }
    for (const [file, text] of [
      ['localrc', deep],
      ['local.conf', deepConf],
    ]) {
      const root = mkdtempSync(join(tmpdir(), 'dc-deep-'));
      mkdirSync(join(root, 'opt/stack/devstack'), { recursive: true });
      for (const marker of ['stack.sh', 'stackrc']) writeFileSync(join(root, 'opt/stack/devstack', marker), '');
      writeFileSync(join(root, 'opt/stack/devstack', file), text);
      const [plan] = await planSteps(
        { target: new LocalTarget(root), devstackDir: '/opt/stack/devstack', settings: DEFAULT_SETTINGS, files: new Map() },
        'current',
        ['localrc'],
      );
      assert.equal(plan.status, 'needed');
    }
  });
});
