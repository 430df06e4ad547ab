import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseProbe } from '../../../src/core/devstack/probe';
import { provisioningStatus } from '../../../src/core/provision/status';
import { CONTRAIL_NEUTRON_PLUGIN } from '../../../src/core/provision/templates';
import { probeOutput } from '../devstack/probeOutput';

// What the host probe prints for a host where the nova-docker + OpenContrail setup is complete, in
// the local.conf layout; `without` leaves a file out.
const complete = (without?: string): string =>
  probeOutput(
    '/opt/stack/devstack',
    Object.fromEntries(
      Object.entries({
        '/opt/stack/devstack/local.conf':
          '[[local|localrc]]\nVIRT_DRIVER=docker\ndisable_service n-net\nenable_service neutron q-svc\nQ_PLUGIN=contrail\nNEUTRON_REPO=https://github.com/Juniper/neutron.git\nNEUTRON_BRANCH=contrail/havana\n[[post-config|$NOVA_CONF]]\n[docker]\nvif_driver = novadocker.virt.docker.opencontrail.OpenContrailVIFDriver\n',
        '/opt/stack/devstack/lib/nova_plugins/hypervisor-docker':
          'function configure_nova_hypervisor {\n    iniset $NOVA_CONF DEFAULT compute_driver novadocker.virt.docker.driver.DockerDriver\n}\n',
        '/opt/stack/devstack/lib/neutron_plugins/contrail': CONTRAIL_NEUTRON_PLUGIN,
        '/etc/nova/rootwrap.d/docker.filters': '[Filters]\nln: CommandFilter, /bin/ln, root\n',
        '/etc/glance/glance-api.conf': '[DEFAULT]\ncontainer_formats = ami,ari,aki,bare,ovf,docker\n',
      }).filter(([path]) => path !== without),
    ),
    {
      git: 'stable/zed\nabc1234 2023-03-01 x\n',
      screen: '\n',
      'run nova-docker:checkout':
        'kind=git\norigin=https://github.com/pedro-r-marques/nova-docker.git\nbranch=opencontrail\nimported=/opt/stack/nova-docker/novadocker\n',
      'exit nova-docker:checkout': '0\n',
      // a controller without Nova's compute or scheduler here: the scheduler step does not apply
      'run live-load-scheduler:nova': 'python=\nscreen=\nsystemd=\n',
      'exit live-load-scheduler:nova': '0\n',
      systemd: 'devstack@n-api.service loaded active running Devstack n-api\n',
    },
  );
const COMPLETE = complete();

describe('provisioning status', () => {
  it('reports every step applied on a complete host (local.conf layout, vif_driver in post-config)', () => {
    const steps = provisioningStatus(parseProbe(COMPLETE, 1));
    assert.deepEqual(
      steps.map((s) => [s.id, s.status]),
      [
        ['localrc', 'applied'],
        ['contrail-plugin', 'applied'],
        ['docker-hypervisor', 'applied'],
        ['rootwrap-filter', 'applied'],
        ['nova-vif-driver', 'applied'],
        ['glance-formats', 'applied'],
        ['nova-docker', 'applied'],
        ['live-load-scheduler', 'not-applicable'],
      ],
    );
    assert.equal(steps[0].title, 'local.conf settings');
    assert.equal(steps[4].detail, 'in local.conf [[post-config|$NOVA_CONF]]');
  });

  it('reports nothing for a host without devstack, and "not applicable" without glance-api.conf', () => {
    assert.deepEqual(provisioningStatus(parseProbe(probeOutput('', {}), 1)), []);
    const noGlance = complete('/etc/glance/glance-api.conf');
    assert.equal(provisioningStatus(parseProbe(noGlance, 1)).find((s) => s.id === 'glance-formats')?.status, 'not-applicable');
  });
});
