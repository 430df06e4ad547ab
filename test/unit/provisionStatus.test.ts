import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseProbe } from '../../src/core/remote/devstackProbe';
import { provisioningStatus } from '../../src/core/provision/status';

// What the host probe prints (sections marked as probeScript() marks them) for a host where the
// nova-docker + OpenContrail setup is complete, in the local.conf layout.
function probeOutput(sections: Record<string, string>): string {
  return Object.entries({ ...sections, end: '' }).map(([name, body]) => `@@devstack-contrail@@${name}\n${body}`).join('');
}

const COMPLETE = probeOutput({
  dir: '/opt/stack/devstack\n',
  git: 'stable/zed\nabc1234 2023-03-01 x\n',
  files: '240|1700000000|644|/opt/stack/devstack/local.conf\n',
  localrc: '\n',
  localconf: '[[local|localrc]]\nVIRT_DRIVER=docker\ndisable_service n-net\nenable_service neutron q-svc\nQ_PLUGIN=contrail\nNEUTRON_REPO=https://github.com/Juniper/neutron.git\nNEUTRON_BRANCH=contrail/havana\n[[post-config|$NOVA_CONF]]\n[docker]\nvif_driver = novadocker.virt.docker.opencontrail.OpenContrailVIFDriver\n\n',
  screen: '\n',
  hypervisor: '    iniset $NOVA_CONF DEFAULT compute_driver novadocker.virt.docker.driver.DockerDriver\n',
  contrailplugin: '1\n',
  filters: '[Filters]\nln: CommandFilter, /bin/ln, root\n\n',
  novaconf: '\n',
  glanceconf: '[DEFAULT]\ncontainer_formats = ami,ari,aki,bare,ovf,docker\n\n',
  novadocker: '/opt/stack/nova-docker\n',
  systemd: 'devstack@n-api.service loaded active running Devstack n-api\n',
});

describe('provisioning status', () => {
  it('reports every step applied on a complete host (local.conf layout, vif_driver in post-config)', () => {
    const steps = provisioningStatus(parseProbe(COMPLETE, 1));
    assert.deepEqual(steps.map((s) => [s.id, s.status]), [
      ['localrc', 'applied'], ['contrail-plugin', 'applied'], ['docker-hypervisor', 'applied'], ['rootwrap-filter', 'applied'],
      ['nova-vif-driver', 'applied'], ['glance-formats', 'applied'], ['nova-docker', 'applied'],
    ]);
    assert.equal(steps[0].title, 'local.conf settings');
    assert.equal(steps[4].detail, 'in local.conf [[post-config|$NOVA_CONF]]');
  });

  it('reports nothing for a host without devstack, and "not applicable" without glance-api.conf', () => {
    assert.deepEqual(provisioningStatus(parseProbe(probeOutput({ dir: '\n' }), 1)), []);
    const noGlance = COMPLETE.replace('[DEFAULT]\ncontainer_formats = ami,ari,aki,bare,ovf,docker\n', '');
    assert.equal(provisioningStatus(parseProbe(noGlance, 1)).find((s) => s.id === 'glance-formats')?.status, 'not-applicable');
  });
});
