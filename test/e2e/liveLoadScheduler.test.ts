// The live-load-scheduler step against the real test cloud: applied on compute1..3 over SSH with the
// CLI, each host's monitor reports its cgroup's CPU to Nova; a host that is busy but holds the fewest
// reservations (where Nova's default weighers send the next boot) is avoided; undo gives the default
// scheduler back, byte for byte.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { OpenStackClient } from '../../src/core/openstack/client';
import type { CloudConfig, Server } from '../../src/core/openstack/types';
import { cliOnHost, connectHost, loadOpenStackEnv, loadTestEnv, type ComputeHostName } from './testEnv';
import { until } from '../shared/polling';

const env = loadTestEnv();
const os = loadOpenStackEnv();
const RUN = randomBytes(3).toString('hex');
const SMALL = '2'; // m1.small, 2 GB: what makes a host look full to Nova's RAM weigher
const BUSY: ComputeHostName = 'compute2';

function runStep(host: ComputeHostName, args: string[]) {
  return cliOnHost(env, host, [...args, '--steps', 'live-load-scheduler', '--yes']);
}

/** one answer of Nova's database (the test cloud's MariaDB, read as root on this machine) */
function novaDb(query: string): string {
  const result = spawnSync('mariadb', ['--no-defaults', '-uroot', `--socket=${env.stateDir}/openstack/mysql.sock`, '-N', '-e', query], {
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}

/**
 * What Nova's default RAM and CPU weighers weigh a host by: its compute node's free RAM and free vCPUs
 * (with the node's own allocation ratio, which may not be the one Placement was last given)
 */
function novaWeighs(host: string): { ramFree: number; vcpusFree: number } {
  const row = novaDb(
    `select free_ram_mb, vcpus * cpu_allocation_ratio - vcpus_used from nova.compute_nodes where deleted = 0 and hypervisor_hostname = '${host}'`,
  );
  const [ramFree, vcpusFree] = row.split('\t').map(Number);
  assert.ok(Number.isFinite(ramFree) && Number.isFinite(vcpusFree), `Nova's compute node ${host}: ${row}`);
  return { ramFree: ramFree!, vcpusFree: vcpusFree! };
}

/** the compute hosts whose nova-compute reported its resources after `since` (Nova's UTC clock): up again */
const reportedSince = (since: string): string[] =>
  novaDb(`select hypervisor_hostname from nova.compute_nodes where deleted = 0 and updated_at > '${since}'`).split('\n').filter(Boolean);

/** cpu.percent as each compute host's monitor last reported it to Nova (0 to 1) */
function reportedCpu(): Map<string, number> {
  const cpu = new Map<string, number>();
  for (const line of novaDb('select hypervisor_hostname, metrics from nova.compute_nodes where deleted = 0').split('\n')) {
    const [host, metrics] = line.split('\t');
    const percent = (JSON.parse(metrics ?? '[]') as { name: string; value: number }[]).find((m) => m.name === 'cpu.percent');
    if (host && percent) cpu.set(host, percent.value);
  }
  return cpu;
}

async function nova(host: ComputeHostName): Promise<string> {
  const session = await connectHost(env, host);
  try {
    const files = await session.exec(
      'cat /etc/nova/nova.conf; ls /usr/lib/python3/dist-packages/nova/compute/monitors/cpu /opt/stack/data/venv/lib/python3.11/site-packages',
    );
    return files.stdout;
  } finally {
    session.close();
  }
}

describe('live-load-scheduler: Nova places containers by instant load', () => {
  let admin: OpenStackClient;
  const created = new Set<string>();
  const cloud: CloudConfig = {
    name: 'e2e-live-load',
    source: 'typed',
    regionName: os.regionName,
    auth: { authUrl: os.authUrl, ...os.admin },
  };

  async function boot(name: string, image: string, flavor: string, host?: ComputeHostName): Promise<Server> {
    const [made] = await admin.createServers({
      name: `${name}-${RUN}`,
      imageId: image,
      flavorId: flavor,
      networkIds: [os.network],
      count: 1,
      host,
    });
    created.add(made!.id);
    const server = await until(
      `${name} to be ACTIVE`,
      () => admin.getServer(made!.id),
      (s) => (s.status === 'ACTIVE' && !s.taskState) || s.status === 'ERROR',
    );
    assert.equal(server.status, 'ACTIVE', JSON.stringify(server.fault));
    return server;
  }

  before(async () => {
    admin = await OpenStackClient.connect(cloud);
    // a run that was cut short may have left the step applied: take it back first
    for (const host of os.computeHosts) for (let i = 0; i < 3 && runStep(host, ['undo']).status === 0; i++);
  });

  after(async () => {
    for (const host of os.computeHosts) runStep(host, ['undo']);
    for (const id of created) await admin.deleteServer(id).catch(() => undefined);
  });

  it(
    'with one host busy but nearly empty by reservations, boots go elsewhere with the step; undo restores the default',
    { timeout: 900_000 },
    async () => {
      const before = new Map<ComputeHostName, string>();
      for (const host of os.computeHosts) before.set(host, await nova(host));
      // the busy host runs three 512 MB burners; the others hold 2 GB flavors of idle containers until
      // each has less RAM unreserved than the busy host (and fewer vCPUs free): where Nova's default
      // weighers, which count reservations, send the next boot is the busy host
      for (let i = 0; i < 3; i++) await boot(`e2e-burn-${i}`, os.images['load-90'], os.flavor, BUSY);
      const busy = novaWeighs(BUSY);
      for (const host of os.computeHosts.filter((h) => h !== BUSY))
        for (let i = 0; ; i++) {
          const now = novaWeighs(host);
          if (now.ramFree < busy.ramFree && now.vcpusFree <= busy.vcpusFree) break;
          assert.ok(i < 6, `${host} fills up (Nova weighs it by ${JSON.stringify(now)}, ${BUSY} by ${JSON.stringify(busy)})`);
          await boot(`e2e-reserved-${host}-${i}`, os.images.docker, SMALL, host);
        }

      // Nova's default weighers count reservations: the next boot goes to the busy host
      const byDefault = await boot('e2e-default', os.images.docker, os.flavor);
      const weighed = () =>
        novaDb(
          'select hypervisor_hostname, free_ram_mb, vcpus * cpu_allocation_ratio - vcpus_used, stats from nova.compute_nodes where deleted = 0',
        );
      assert.equal(byDefault.host, BUSY, `the default scheduler sends it to ${BUSY}, the host with the most RAM unreserved:\n${weighed()}`);

      for (const host of os.computeHosts) {
        const applied = runStep(host, ['apply']);
        assert.equal(applied.status, 0, `${host}: ${applied.stdout}\n${applied.stderr}`);
        assert.match(applied.stdout, /applied\s+live-load-scheduler/);
        assert.match(applied.stdout + applied.stderr, /restart n-cpu \(screen\)/, 'nova-compute restarted in its screen window');
      }
      const plan = runStep('compute1', ['plan']);
      assert.match(plan.stdout, /applied\s+live-load-scheduler/, 'planned again: nothing left to do');

      // each monitor reports; the busy host's cgroup is the busiest
      const cpu = await until(
        'every compute host to report cpu.percent, the busy one above the others',
        reportedCpu,
        (m) => os.computeHosts.every((h) => m.has(h)) && os.computeHosts.every((h) => h === BUSY || m.get(BUSY)! > m.get(h)! + 0.15),
      );
      const others = os.computeHosts.filter((h) => h !== BUSY).map((h) => `${h} ${cpu.get(h)}`);
      console.log(`reported cpu.percent: ${BUSY} ${cpu.get(BUSY)}, ${others.join(', ')}`);

      for (let i = 0; i < 2; i++) {
        const placed = await boot(`e2e-live-${i}`, os.images.docker, os.flavor);
        assert.notEqual(placed.host, BUSY, `boot ${i} avoided the busy host (reported CPU ${JSON.stringify([...reportedCpu()])})`);
      }

      const since = novaDb('select utc_timestamp()');
      for (const host of os.computeHosts) {
        const undone = runStep(host, ['undo']);
        assert.equal(undone.status, 0, `${host}: ${undone.stderr}`);
        assert.match(undone.stdout + undone.stderr, /took back: restart n-cpu \(screen\)/);
        assert.equal(await nova(host), before.get(host), `${host}: nova.conf and the monitor folders as they were`);
      }
      // a boot cast to a nova-compute still starting is set to ERROR by its init_host: wait until each is up
      await until(
        'every nova-compute up again after the restart',
        () => reportedSince(since),
        (up) => os.computeHosts.every((h) => up.includes(h)),
      );
      const again = await boot('e2e-default-again', os.images.docker, os.flavor);
      assert.equal(again.host, BUSY, 'the default scheduler is back: reservations decide again');
    },
  );
});
