import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { DevstackContrailApi } from '../../../src/extension';
import type { HostsNode } from '../../../src/hosts/hostsView';
import { forgetTestCloud, testEnvSuite, useTestCloud } from '../testCloud';
import { until } from '../../shared/polling';

// The live-load-scheduler step applied from the Hosts view on a real compute host of test/env (its own
// Docker, cgroup and nova-compute in a screen window): the tree says applied, Nova's database gets the
// host's cpu.percent from the monitor, and Undo gives the host back as it was.
const STATE = process.env.DEVSTACK_CONTRAIL_TEST_STATE ?? '/var/tmp/devstack-contrail-test';
const HOST = 'compute3';

async function api(): Promise<DevstackContrailApi> {
  const extension = vscode.extensions.getExtension<DevstackContrailApi>('devstack-contrail.devstack-contrail');
  assert.ok(extension);
  return extension.isActive ? extension.exports : extension.activate();
}

/** one answer of Nova's database (the test cloud's MariaDB, read as root on this machine) */
function novaDb(query: string): string {
  const result = spawnSync('mariadb', ['--no-defaults', '-uroot', `--socket=${STATE}/openstack/mysql.sock`, '-N', '-e', query], {
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}

/** the cpu.percent Nova last got from the host's monitor, if any */
function reportedCpu(host: string): number | undefined {
  const metrics = JSON.parse(
    novaDb(`select metrics from nova.compute_nodes where deleted = 0 and hypervisor_hostname = '${host}'`) || '[]',
  ) as { name: string; value: number }[];
  return metrics.find((m) => m.name === 'cpu.percent')?.value;
}

/** whether the host's nova-compute reported its resources after `since` (Nova's UTC clock): it is up again */
const reportedSince = (host: string, since: string): boolean =>
  novaDb(`select count(*) from nova.compute_nodes where deleted = 0 and hypervisor_hostname = '${host}' and updated_at > '${since}'`) ===
  '1';

describe('live-load-scheduler from the Hosts view', function () {
  this.timeout(240_000);
  const { ready, env, openstack, it } = testEnvSuite(true);

  before(async () => {
    if (ready) await useTestCloud(env, openstack);
  });

  after(async () => {
    if (!ready) return;
    // whatever happened: the compute host as up.sh made it
    const { hosts } = await api();
    const host = hosts.tree.getChildren().find((n) => n.kind === 'host' && n.host.name === HOST);
    if (host)
      for (let i = 0; i < 2; i++)
        await Promise.resolve(vscode.commands.executeCommand('devstackContrail.undoSetup', host, { acceptAll: true })).catch(
          () => undefined,
        );
    await forgetTestCloud();
  });

  it(`applies it on ${HOST}: the tree says applied, Nova hears the host's CPU from its monitor, and Undo restores the host`, async () => {
    const { hosts } = await api();
    const host = (): HostsNode => {
      const node = hosts.tree.getChildren().find((n) => n.kind === 'host' && n.host.name === HOST);
      assert.ok(node, `${HOST} is in the Hosts view`);
      return node;
    };
    const step = (): string => {
      const group = hosts.tree.getChildren(host()).find((n) => n.kind === 'group' && n.group === 'provisioning');
      assert.ok(group, 'a Provisioning group');
      const node = hosts.tree.getChildren(group).find((n) => n.kind === 'step' && n.step.id === 'live-load-scheduler');
      assert.ok(node, 'the live-load-scheduler step is listed');
      return String(hosts.tree.getTreeItem(node).description);
    };
    await hosts.tree.refresh(HOST);
    const before = (await hosts.remote.get().exec(HOST, 'cat /etc/nova/nova.conf')).stdout;
    assert.match(step(), /^needed/);

    const result = await vscode.commands.executeCommand<{ applied: string[] }>('devstackContrail.applySetup', host(), {
      acceptAll: true,
      steps: ['live-load-scheduler'],
    });
    assert.deepEqual(result.applied, ['live-load-scheduler']);
    await hosts.tree.refresh(HOST);
    assert.match(step(), /^applied/);
    const conf = (await hosts.remote.get().exec(HOST, 'cat /etc/nova/nova.conf')).stdout;
    assert.match(conf, /^compute_monitors = cpu\.devstack_contrail_live_load$/m);
    const cpu = await until(
      `${HOST}'s monitor to report to Nova`,
      () => reportedCpu(HOST),
      (v) => v !== undefined,
    );
    assert.ok(cpu! >= 0 && cpu! <= 1, `cpu.percent ${cpu}`);

    const since = novaDb('select utc_timestamp()');
    const undone = await vscode.commands.executeCommand<{ restored: string[] }>('devstackContrail.undoSetup', host(), { acceptAll: true });
    // a boot cast to a nova-compute still starting is set to ERROR by its init_host: the next suite's
    // boot must find it up
    await until(
      `${HOST}'s nova-compute to be up again`,
      () => reportedSince(HOST, since),
      (up) => up,
      120_000,
    );
    assert.ok(undone.restored.includes('/etc/nova/nova.conf'), undone.restored.join(', '));
    assert.equal((await hosts.remote.get().exec(HOST, 'cat /etc/nova/nova.conf')).stdout, before);
    await hosts.tree.refresh(HOST);
    assert.match(step(), /^needed/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
