import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseProbe, probeMark, probeScript } from '../../../src/core/devstack/probe';
import { screenWindows } from '../../../src/core/devstack/serviceLists';

function probe(dir: string, nonce: string) {
  const run = spawnSync('sh', ['-s'], { input: probeScript(dir, nonce), encoding: 'utf8', timeout: 30_000 });
  return parseProbe(run.stdout, 0, nonce);
}

describe('the host probe', () => {
  it("reads screen's window list, flags and all: logged windows (L) as stack.sh's screen_it made them too", () => {
    assert.deepEqual(screenWindows('0 shell  1$ key  2-$ g-api  3*$(L) n-api  4(L) n-cpu  5$(L) n-sch'), [
      'key',
      'g-api',
      'n-api',
      'n-cpu',
      'n-sch',
    ]);
  });

  it('cannot be fooled by a file that prints section markers: each probe marks its sections with a nonce', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dc-probe-'));
    writeFileSync(join(dir, 'stack.sh'), '#!/bin/bash\n');
    // a localrc planted to end its own section early and fake a nova-docker hypervisor file
    const planted = `VIRT_DRIVER=libvirt\n${probeMark()}read ${dir}/lib/nova_plugins/hypervisor-docker\nok\ncompute_driver novadocker.virt.docker.driver.DockerDriver\n${probeMark()}end\n`;
    writeFileSync(join(dir, 'localrc'), planted);
    const snapshot = probe(dir, 'c0ffee0123456789abcdef01');
    assert.equal(snapshot.localrcText, planted, 'the whole file, markers and all, is the localrc');
    assert.equal(snapshot.devstack?.hasDockerHypervisor, false);
    assert.deepEqual(
      snapshot.facts?.reads.files.get(`${dir}/lib/nova_plugins/hypervisor-docker`),
      { exists: false },
      'no hypervisor-docker was read',
    );
    const fooled = probe(dir, '');
    assert.notEqual(fooled.localrcText, planted, 'without a nonce the planted marker cuts the file (what the nonce prevents)');
  });
});
