import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DevstackContrailApi } from '../../../src/extension';
import type { OpenStackClient } from '../../../src/core/openstack/client';
import type { InstancesNode } from '../../../src/instances/instancesView';
import { forgetTestCloud, testEnvSuite, useTestCloud } from '../testCloud';
import { driveWebview } from '../webviewDriver';
import { until } from '../../shared/polling';

// The Boot form's placement by live load against the real test cloud: compute1 made busy by servers
// pinned to it whose containers burn CPU; the form shows each compute host's live headroom (read over
// the Hosts view's compute1..3), recommends another host, and places the boot there.
async function api(): Promise<DevstackContrailApi> {
  const extension = vscode.extensions.getExtension<DevstackContrailApi>('devstack-contrail.devstack-contrail');
  assert.ok(extension);
  return extension.isActive ? extension.exports : extension.activate();
}

const sel = (testid: string): string => `[data-testid="${testid}"]`;
const BUSY = 'compute1';
const BURNERS = 8;
const BUSY_PERCENT = 25;

describe('Boot form placement by live load against a real OpenStack, SSH and Docker', function () {
  this.timeout(600_000);
  const { ready, env, openstack, it } = testEnvSuite(true);
  const run = `plv${Date.now().toString(36)}`;
  let client: OpenStackClient | undefined;

  before(async () => {
    if (!ready) return;
    await useTestCloud(env, openstack);
    await vscode.workspace
      .getConfiguration('devstackContrail')
      .update('load.busyCpuPercent', BUSY_PERCENT, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    if (!ready) return;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const servers = client ? await client.listServers().catch(() => []) : [];
    await Promise.all(servers.filter((s) => s.name.startsWith(run)).map((s) => client?.deleteServer(s.id).catch(() => undefined)));
    await vscode.workspace.getConfiguration('devstackContrail').update('load.busyCpuPercent', undefined, vscode.ConfigurationTarget.Global);
    await forgetTestCloud();
  });

  it("shows each compute host's live headroom, recommends a host that is not busy, and places the boot there", async () => {
    const { instances } = await api();
    await instances.tree.refresh();
    const admin = await instances.runtime().client('zed');
    client = admin;
    // compute1 busy: servers pinned to it (Nova's `host`) whose containers burn CPU
    const burners = await admin.createServers({
      name: `${run}-burn`,
      imageId: openstack.images['load-90'],
      flavorId: (await admin.listFlavors()).find((f) => f.name === openstack.flavorName)?.id ?? '',
      networkIds: [(await admin.listNetworks()).find((n) => n.name === openstack.networkName)?.id ?? ''],
      count: BURNERS,
      host: BUSY,
    });
    for (const { id } of burners) {
      const server = await until(
        `burner ${id} ACTIVE`,
        () => admin.getServer(id),
        (s) => s.status !== 'BUILD',
      );
      assert.equal(`${server.status} on ${server.host}`, `ACTIVE on ${BUSY}`, server.fault?.message);
    }

    const cloud = instances.tree
      .getChildren()
      .find((n): n is Extract<InstancesNode, { kind: 'cloud' }> => n.kind === 'cloud' && n.cloud.name === 'zed');
    assert.ok(cloud);
    await vscode.commands.executeCommand('devstackContrail.bootInstance', cloud);
    const [rowCount, busyRow, recommendedRow, recommended] = await driveWebview([
      { do: 'waitFor', selector: `${sel('boot-form')}[data-state="ready"]`, timeoutMs: 30_000 },
      { do: 'waitFor', selector: `${sel('boot-placement')}[data-state="ready"]`, timeoutMs: 60_000 },
      // once compute1's reading shows its burners: busy, and never the recommended one
      { do: 'waitFor', selector: `${sel('boot-headroom-row')}[data-host="${BUSY}"][data-verdict="busy"]`, timeoutMs: 120_000 },
      { do: 'count', selector: sel('boot-headroom-row') },
      { do: 'text', selector: `${sel('boot-headroom-row')}[data-host="${BUSY}"]` },
      { do: 'text', selector: `${sel('boot-headroom-row')}[data-recommended="true"]` },
      { do: 'text', selector: sel('boot-recommended') },
      { do: 'screenshot', name: 'boot-placement' },
    ]);
    assert.equal(rowCount, String(openstack.computeHosts.length), 'a row per compute host');
    assert.match(busyRow, new RegExp(`^${BUSY}\\s+\\d+ %[\\s\\S]*GiB[\\s\\S]*vCPU[\\s\\S]*busy`), busyRow);
    const chosen = /^(compute\d)/.exec(recommendedRow)?.[1];
    assert.ok(chosen && chosen !== BUSY && openstack.computeHosts.includes(chosen), `recommended: ${recommendedRow}`);
    assert.match(
      recommended,
      new RegExp(
        `^Recommended: ${chosen} — ${chosen}: \\d+ % CPU.*${BUSY} is at \\d+ % CPU( \\(p95 \\d+ %\\))?, busy above ${BUSY_PERCENT} %`,
      ),
    );

    const name = `${run}-web`;
    const [notice, row] = await driveWebview([
      { do: 'fill', selector: `${sel('boot-name')} input`, value: name },
      { do: 'setValue', selector: sel('boot-image'), value: openstack.images.docker },
      { do: 'click', selector: sel('boot-place-live') },
      { do: 'click', selector: sel('boot-submit') },
      { do: 'waitFor', selector: `${sel('boot-status')}[data-state="finished"]`, timeoutMs: 180_000 },
      { do: 'text', selector: sel('boot-notice') },
      { do: 'text', selector: sel('boot-server') },
    ]);
    const placed = /^Placed on (compute\d) by live load: /.exec(notice)?.[1];
    assert.ok(placed && placed !== BUSY, `the notice says where and why: ${notice}`);
    assert.match(row, new RegExp(`${name}[\\s\\S]*ACTIVE`));
    const [server] = await admin.listServers({ name });
    assert.ok(server, `Nova lists ${name}`);
    assert.equal(server.host, placed, "Nova's OS-EXT-SRV-ATTR:host is the host the form placed it on");
  });
});
