// Client-side placement by live load against the real test cloud: three compute hosts, each its own
// Docker Engine and half a core. One is made busy with servers pinned to it from the `load-90` image
// (a container that burns CPU); `devstack-contrail boot --place live-load --count 2` must then land both
// boots elsewhere, as Nova's OS-EXT-SRV-ATTR:host says, and say why.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OpenStackClient } from '../../src/core/openstack/client';
import { describeFault } from '../../src/core/openstack/errors';
import type { CloudConfig, Server } from '../../src/core/openstack/types';
import { loadOpenStackEnv, loadTestEnv, type ComputeHostName } from './testEnv';
import { until } from '../shared/polling';

const env = loadTestEnv();
const os = loadOpenStackEnv();
const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const RUN = `plc${Date.now().toString(36)}`;
const BUSY: ComputeHostName = 'compute1';
/** load-90 burns 90 ms of each second in bursts: this many of them keep a host's half core well above BUSY_PERCENT */
const BURNERS = 8;
const BUSY_PERCENT = 25;

const computeHosts: readonly string[] = os.computeHosts;
/** each compute host is an SSH host of the same name */
const sshFlags = (): string[] => [
  ...env.computeHosts.flatMap((host) => ['--ssh', `${host}=${env.user}@${env.hosts[host].address}:${env.port}`]),
  '--identity',
  env.clientKey,
  '--known-hosts',
  env.knownHosts,
];

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, OS_CLIENT_CONFIG_FILE: os.cloudsYaml, SSH_AUTH_SOCK: '' },
    timeout: 600_000,
  });
}

const cloudOf = (name: string): CloudConfig => ({
  name,
  source: 'typed',
  regionName: os.regionName,
  auth: { authUrl: os.authUrl, ...os.admin },
});

interface LoadRow {
  host: string;
  load?: { cpuPercent: number };
  loadProblem?: string;
}
interface BootJson {
  boots: { name: string; id: string; status: string; host?: string; placement: string; reason: string; fault?: string }[];
  notBooted: string[];
}

describe('devstack-contrail boot --place live-load', () => {
  let admin: OpenStackClient;
  const created = new Set<string>();

  before(async () => {
    assert.ok(
      computeHosts.length >= 3,
      `the test cloud has three compute hosts (openstack.json computeHosts: ${JSON.stringify(os.computeHosts)})`,
    );
    admin = await OpenStackClient.connect(cloudOf('placement-e2e'));
  });

  after(async () => {
    for (const server of await admin.listServers().catch(() => [] as Server[])) if (server.name.startsWith(RUN)) created.add(server.id);
    await Promise.all(
      [...created].map(async (id) => {
        await admin.deleteServer(id).catch(() => undefined);
        await until(
          `server ${id} to go`,
          () => admin.findServer(id),
          (s) => s === undefined,
          120_000,
        ).catch(() => undefined);
      }),
    );
  });

  it('lands both boots of a --count 2 off the busy host, on what Nova reports, and says why', { timeout: 900_000 }, async () => {
    // make compute1 busy: servers pinned to it (Nova's `host`) whose containers burn CPU
    const burners = await admin.createServers({
      name: `${RUN}-burn`,
      imageId: os.images['load-90'],
      flavorId: os.flavor,
      networkIds: [os.network],
      count: BURNERS,
      host: BUSY,
    });
    for (const { id } of burners) created.add(id);
    for (const { id } of burners) {
      const server = await until(
        `burner ${id} ACTIVE`,
        () => admin.getServer(id),
        (s) => s.status !== 'BUILD',
      );
      if (server.status !== 'ACTIVE')
        assert.fail(server.fault ? describeFault(server.name, server.fault) : `${server.name} is ${server.status}`);
      assert.equal(server.host, BUSY);
    }
    // as `devstack-contrail load` measures it: compute1 over the threshold, the others under it
    const loads = await until(
      `${BUSY} above ${BUSY_PERCENT} % CPU`,
      async () => {
        const load = run(['load', '--cloud', 'devstack-admin', '--format', 'json', '--seconds', '5', ...sshFlags()]);
        assert.equal(load.status, 0, load.stderr);
        return JSON.parse(load.stdout) as LoadRow[];
      },
      (rows) => (rows.find((r) => r.host === BUSY)?.load?.cpuPercent ?? 0) > BUSY_PERCENT,
      120_000,
    );
    const idle = loads.filter((r) => r.host !== BUSY && (r.load?.cpuPercent ?? 100) < BUSY_PERCENT);
    assert.ok(
      idle.length > 0,
      `another host is under ${BUSY_PERCENT} %: ${JSON.stringify(loads.map((r) => [r.host, r.load?.cpuPercent]))}`,
    );

    const boot = run([
      'boot',
      '--cloud',
      'devstack-admin',
      '--image',
      os.images.docker,
      '--flavor',
      os.flavorName,
      '--network',
      os.networkName,
      '--count',
      '2',
      '--name',
      `${RUN}-web`,
      '--place',
      'live-load',
      '--busy-cpu-percent',
      String(BUSY_PERCENT),
      '--seconds',
      '5',
      '--format',
      'json',
      ...sshFlags(),
    ]);
    const result = JSON.parse(boot.stdout || '{"boots":[],"notBooted":[]}') as BootJson;
    for (const b of result.boots) created.add(b.id);
    assert.equal(boot.status, 0, `exit ${boot.status}: ${boot.stderr}`);
    assert.deepEqual(result.notBooted, []);
    assert.deepEqual(
      result.boots.map((b) => [b.name, b.status, b.placement]),
      [
        [`${RUN}-web-1`, 'ACTIVE', 'live-load'],
        [`${RUN}-web-2`, 'ACTIVE', 'live-load'],
      ],
    );
    for (const b of result.boots) {
      const server = await admin.getServer(b.id);
      assert.notEqual(server.host, BUSY, `${b.name} went to the busy host: ${b.reason}`);
      assert.ok(server.host && computeHosts.includes(server.host), `${b.name} is on a compute host: ${server.host}`);
      assert.equal(b.host, server.host, 'the CLI says where Nova put it');
      assert.match(b.reason, new RegExp(`^${server.host}: \\d+ % CPU, [\\d.]+ GiB free; `), 'the reason starts with the host chosen');
      assert.match(b.reason, new RegExp(`${BUSY} is at \\d+ % CPU, busy above ${BUSY_PERCENT} %`), 'and says the busy host is busy');
    }
    // per boot, on stderr as it goes, and measured again for the second one
    assert.equal(boot.stderr.match(/^measuring compute\d/gm)?.length, 2, boot.stderr);
  });

  it('says plainly that placing needs the admin role, and boots nothing', () => {
    const boot = run([
      'boot',
      '--cloud',
      'devstack-demo',
      '--image',
      os.images.docker,
      '--flavor',
      os.flavorName,
      '--network',
      os.networkName,
      '--name',
      `${RUN}-demo`,
      '--place',
      'live-load',
      ...sshFlags(),
    ]);
    assert.equal(boot.status, 2);
    assert.match(
      boot.stderr,
      /cannot place by live load on cloud "devstack-demo": placing a boot on a host needs the admin role.*boot without --place/,
    );
    assert.equal(boot.stdout, '');
  });
});
