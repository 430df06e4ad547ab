import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FileType } from '../../../../src/core/config/fileType';
import { completionsAt } from '../../../../src/core/config/language/completion';
import { parseFile } from '../../../../src/core/config/parsedFile';
import type { Release } from '../../../../src/core/schema/releases';

const LOCALRC: FileType = { kind: 'localrc' };
const NOVA: FileType = { kind: 'oslo', service: 'nova' };
const LOCAL_CONF: FileType = { kind: 'local.conf' };

/** The completions at the end of the text's last line. */
function complete(text: string, type: FileType, release: Release = 'zed') {
  const lines = text.split('\n');
  return completionsAt(parseFile(text, type), { line: lines.length - 1, character: lines[lines.length - 1].length }, release);
}

describe('completion', () => {
  it('completes a localrc variable name to an assignment, replacing the typed prefix', () => {
    const found = complete('VIRT_DR', LOCALRC).filter((c) => c.label.startsWith('VIRT_DR'));
    assert.deepEqual(
      found.map((c) => [c.label, c.insertText, c.detail, c.range]),
      [['VIRT_DRIVER', 'VIRT_DRIVER=', 'string = libvirt', { start: { line: 0, character: 0 }, end: { line: 0, character: 7 } }]],
    );
  });

  it("offers the hypervisors of the file's devstack era as VIRT_DRIVER values", () => {
    const icehouse = complete('VIRT_DRIVER=', LOCALRC, 'icehouse').map((c) => c.label);
    const zed = complete('VIRT_DRIVER=', LOCALRC, 'zed').map((c) => c.label);
    assert.ok(icehouse.includes('docker') && icehouse.includes('xenserver'));
    assert.ok(zed.includes('lxd') && !zed.includes('xenserver'));
  });

  it('offers services after enable_service', () => {
    assert.ok(complete('enable_service q-', LOCALRC).some((c) => c.label === 'q-svc' && c.kind === 'service'));
  });

  it('completes option names of the section and their values, the known drivers first', () => {
    assert.deepEqual(
      complete('[DEFAULT]\ncompute_d', NOVA)
        .filter((c) => c.label.startsWith('compute_d'))
        .map((c) => c.insertText),
      ['compute_driver = '],
    );
    const values = complete('[DEFAULT]\ncompute_driver = ', NOVA);
    assert.equal(values[0].label, 'novadocker.virt.docker.driver.DockerDriver');
    assert.ok(values.some((c) => c.label === 'libvirt.LibvirtDriver'));
    assert.ok(complete('[', NOVA).some((c) => c.label === 'DEFAULT' && c.kind === 'section'));
  });

  it('completes local.conf meta-section headers and their file targets', () => {
    const headers = complete('[[', LOCAL_CONF);
    assert.deepEqual(
      headers.slice(0, 2).map((c) => [c.label, c.insertText, c.kind]),
      [
        ['[[local|…]]', '[[local|localrc]]', 'snippet'],
        ['[[post-config|…]]', '[[post-config|${1:$NOVA_CONF}]]', 'snippet'],
      ],
    );
    const files = completionsAt(parseFile('[[post-config|$NO]]\n', LOCAL_CONF), { line: 0, character: 17 }, 'zed').map((c) => c.label);
    assert.ok(files.includes('$NOVA_CONF') && files.includes('$NEUTRON_CONF'));
  });
});
