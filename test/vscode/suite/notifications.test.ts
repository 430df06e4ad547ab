import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DevstackContrailApi } from '../../../src/extension';
import type { InstancesNode } from '../../../src/instances/instancesView';
import { screenshot } from '../screenshot';
import { forgetTestCloud, testEnvSuite, useTestCloud } from '../testCloud';
import { waitFor } from '../../shared/polling';

// The notifications a user sees, against the real OpenStack and Docker Engines of test/env: a server of
// the Glance image oom-hog (its container allocates memory until the flavor's RAM, its --memory, has
// the kernel kill it) raises "OOM-killed" with Docker's exit code, from the docker events stream of
// the compute host the Instances view shows; a server stopped through Nova by another client raises
// nothing (Nova's instance actions name its user). Notifications are read by standing in for
// vscode.window.showWarningMessage, passing each on to VS Code so it still shows.

async function api(): Promise<DevstackContrailApi> {
  const extension = vscode.extensions.getExtension<DevstackContrailApi>('devstack-contrail.devstack-contrail');
  assert.ok(extension);
  return extension.isActive ? extension.exports : extension.activate();
}

type Warning = (message: string, ...rest: unknown[]) => Thenable<unknown>;

/** Keeps each warning shown from now on; VS Code still shows it. */
function recordWarnings(): { shown: string[]; restore: () => void } {
  const window = vscode.window as unknown as { showWarningMessage: Warning };
  const original = window.showWarningMessage;
  const shown: string[] = [];
  window.showWarningMessage = (message: string, ...rest: unknown[]) => {
    shown.push(message);
    return original.call(vscode.window, message, ...rest);
  };
  return { shown, restore: () => (window.showWarningMessage = original) };
}

describe('Notifications of containers and servers, from a real OpenStack and Docker', function () {
  this.timeout(240_000);
  const { ready, env, openstack, it } = testEnvSuite(true);
  const created: string[] = [];
  let warnings: ReturnType<typeof recordWarnings> | undefined;

  before(async () => {
    if (!ready) return;
    await useTestCloud(env, openstack);
    warnings = recordWarnings();
  });

  after(async () => {
    warnings?.restore();
    if (!ready) return;
    const { instances } = await api();
    const client = await instances.runtime().client('zed');
    for (const id of created) await client.deleteServer(id).catch(() => undefined);
    await forgetTestCloud();
  });

  /** Lists the servers and draws the compute hosts as the visible view does (which watches them). */
  async function showServer(id: string): Promise<{ computeHost: string; name: string }> {
    const { instances } = await api();
    await vscode.commands.executeCommand('devstackContrail.instances.focus');
    return waitFor(
      `server ${id} listed under its compute host`,
      async () => {
        await instances.tree.refresh();
        const zed = instances.tree.getChildren().find((n) => n.kind === 'cloud' && n.cloud.name === 'zed');
        if (!zed) return undefined;
        for (const host of instances.tree.getChildren(zed)) {
          // (a server still BUILD has no host yet: "(not scheduled)")
          if (host.kind !== 'computeHost' || !openstack.computeHosts.includes(host.host)) continue;
          instances.tree.getTreeItem(host);
          const server = instances.tree
            .getChildren(host)
            .find((n): n is Extract<InstancesNode, { kind: 'server' }> => n.kind === 'server' && n.server.id === id);
          if (server) return { computeHost: host.host, name: server.server.name };
        }
        return undefined;
      },
      60_000,
      500,
    );
  }

  async function boot(name: string, imageId: string): Promise<string> {
    const { instances } = await api();
    const client = await instances.runtime().client('zed');
    const network = (await client.listNetworks()).find((n) => n.name === openstack.networkName);
    assert.ok(network, `network ${openstack.networkName}`);
    const [server] = await client.createServers({ name, imageId, flavorId: '1', networkIds: [network.id], count: 1 });
    assert.ok(server);
    created.push(server.id);
    return server.id;
  }

  it("tells of a container OOM-killed at its flavor's memory limit: the server, its compute host and Docker's exit code", async () => {
    assert.ok(openstack.images['oom-hog'], 'the test cloud has the oom-hog image');
    const name = `oom-${Date.now().toString(36)}`;
    const id = await boot(name, openstack.images['oom-hog']);
    const { computeHost } = await showServer(id);
    const { instances, hosts } = await api();
    assert.ok(hosts.remote.get().incidents.watchedHosts().includes(computeHost), `the docker events of ${computeHost} are watched`);
    const text = await waitFor('the OOM notification', () => warnings?.shown.find((m) => m.includes(`nova-${id}`)), 60_000, 500);
    assert.equal(
      text,
      `The container of server “${name}” (nova-${id}) on ${computeHost} was OOM-killed at its memory limit (exit code 137).`,
    );
    // Docker agrees: the kernel killed it at the 512 MB of m1.tiny
    const state = await hosts.remote
      .get()
      .exec(computeHost, `docker inspect -f '{{.State.OOMKilled}} {{.State.ExitCode}} {{.HostConfig.Memory}}' nova-${id}`);
    assert.equal(state.stdout.trim(), `true 137 ${512 * 1024 * 1024}`);
    assert.ok(instances.notifications.shown().some((n) => n.text === text && n.kind === 'containers'));
    // as VS Code lists it in its notification center
    await vscode.commands.executeCommand('notifications.showList');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await screenshot('notification-oom');
    await vscode.commands.executeCommand('notifications.hideList');
    // told once: the view shown again replays the host's last minute of events, and nothing is repeated
    await vscode.commands.executeCommand('workbench.view.explorer');
    await vscode.commands.executeCommand('devstackContrail.instances.focus');
    await showServer(id);
    await new Promise((resolve) => setTimeout(resolve, 6000));
    assert.equal(warnings?.shown.filter((m) => m.includes(`nova-${id}`)).length, 1);
  });

  it('turned off (devstackContrail.notifications: []), opens no docker events stream and tells nothing', async () => {
    const config = vscode.workspace.getConfiguration('devstackContrail');
    await config.update('notifications', [], vscode.ConfigurationTarget.Global);
    try {
      const { hosts } = await api();
      const name = `oom-off-${Date.now().toString(36)}`;
      const id = await boot(name, openstack.images['oom-hog']);
      const { computeHost } = await showServer(id);
      assert.deepEqual(hosts.remote.get().incidents.watchedHosts(), [], 'no host watched for notifications');
      await waitFor(
        `nova-${id} OOM-killed`,
        async () => {
          const state = await hosts.remote.get().exec(computeHost, `docker inspect -f '{{.State.OOMKilled}}' nova-${id}`);
          return state.stdout.trim() === 'true' ? true : undefined;
        },
        60_000,
        500,
      );
      await new Promise((resolve) => setTimeout(resolve, 6000));
      assert.deepEqual(
        warnings?.shown.filter((m) => m.includes(id)),
        [],
      );
    } finally {
      await config.update('notifications', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('tells nothing of a server a user stopped through Nova from another client, nor of its container', async () => {
    const { instances, hosts } = await api();
    const client = await instances.runtime().client('zed');
    const name = `stopped-${Date.now().toString(36)}`;
    const id = await boot(name, openstack.images.docker);
    await waitFor(`${name} ACTIVE`, async () => ((await client.getServer(id)).status === 'ACTIVE' ? true : undefined), 120_000, 500);
    const { computeHost } = await showServer(id);
    assert.ok(hosts.remote.get().incidents.watchedHosts().includes(computeHost));
    await client.stopServer(id);
    await waitFor(`${name} SHUTOFF`, async () => ((await client.getServer(id)).status === 'SHUTOFF' ? true : undefined), 120_000, 500);
    // the view lists it SHUTOFF: Nova's instance actions say a user stopped it
    await instances.tree.refresh();
    const listed = instances.tree.serversOf('zed')?.find((s) => s.id === id);
    assert.equal(listed?.status, 'SHUTOFF');
    const actions = await client.listInstanceActions(id);
    assert.equal(actions[0]?.action, 'stop');
    assert.ok(actions[0]?.userId, "Nova's stop action names its user");
    await new Promise((resolve) => setTimeout(resolve, 8000));
    assert.deepEqual(
      warnings?.shown.filter((m) => m.includes(name) || m.includes(id)),
      [],
      'no notification of a stop a user asked for',
    );
  });
});
