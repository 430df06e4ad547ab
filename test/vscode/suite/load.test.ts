import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DevstackContrailApi } from '../../../src/extension';
import type { InstancesNode } from '../../../src/instances/instancesView';
import { forgetTestCloud, testEnvSuite, useTestCloud } from '../testCloud';
import { driveWebview } from '../webviewDriver';
import { waitFor } from '../../shared/polling';

// The Load panel on the real OpenStack of test/env: every compute host Nova knows in a column with its
// live CPU and memory (sampled over SSH on the host that runs its containers), what flavors reserve
// there (Placement, the cloud's user is admin) against what is used, and a booted server's container
// under its host. Streams run only while the panel shows.
async function api(): Promise<DevstackContrailApi> {
  const extension = vscode.extensions.getExtension<DevstackContrailApi>('devstack-contrail.devstack-contrail');
  assert.ok(extension);
  return extension.isActive ? extension.exports : extension.activate();
}

const sel = (testid: string): string => `[data-testid="${testid}"]`;
const column = (host: string, testid?: string): string =>
  `${sel('load-host')}[data-host="${host.replace(/["\\]/g, '\\$&')}"]${testid ? ` ${sel(testid)}` : ''}`;
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('Load panel against a real OpenStack, SSH hosts and Docker', function () {
  this.timeout(300_000);
  const { ready, env, openstack, it } = testEnvSuite(true);
  // markup in the name: the panel shows it as text
  const serverName = `load-${Date.now().toString(36)}<b>x</b>`;
  let serverId: string | undefined;
  let serverHost: string | undefined;
  let computeHosts: string[] = [];

  before(async function () {
    if (!ready) return;
    this.timeout(240_000);
    await useTestCloud(env, openstack, [{ name: 'zed (unreachable host)', cloud: 'devstack-admin', sshHost: 'nowhere' }]);
    // a host of the Hosts view nobody answers on (nothing listens on port 1)
    const config = vscode.workspace.getConfiguration('devstackContrail');
    const hosts = config.get<object[]>('hosts') ?? [];
    await config.update(
      'hosts',
      [...hosts, { name: 'nowhere', host: '127.0.0.1', port: 1, user: env.user, identityFile: env.clientKey }],
      vscode.ConfigurationTarget.Global,
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // the Instances view watches load while visible: another sidebar view, so only the panel does
    await vscode.commands.executeCommand('workbench.view.explorer');
    const { instances } = await api();
    const client = await instances.runtime().client('zed');
    computeHosts = (await client.listHypervisors()).map((h) => h.hostname).sort();
    const network = (await client.listNetworks()).find((n) => n.name === openstack.networkName);
    assert.ok(network, `network ${openstack.networkName}`);
    const flavor = (await client.listFlavors()).find((f) => f.name === openstack.flavorName);
    assert.ok(flavor, `flavor ${openstack.flavorName}`);
    const [created] = await client.createServers({
      name: serverName,
      imageId: openstack.images.docker,
      flavorId: flavor.id,
      networkIds: [network.id],
      count: 1,
    });
    serverId = created?.id;
    const deadline = Date.now() + 180_000;
    for (;;) {
      const server = serverId ? await client.findServer(serverId) : undefined;
      if (server?.status === 'ACTIVE') {
        serverHost = server.host;
        break;
      }
      if (server?.status === 'ERROR' || Date.now() > deadline)
        throw new Error(`server ${serverName} did not become ACTIVE: ${server?.status} ${server?.fault?.message ?? ''}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  });

  after(async () => {
    if (!ready) return;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const { instances } = await api();
    if (serverId) await (await instances.runtime().client('zed')).deleteServer(serverId).catch(() => undefined);
    await forgetTestCloud();
  });

  it('opens from the cloud node: a column per compute host with live CPU % and memory, reserved vs used, and the booted server’s container under its host', async () => {
    assert.ok(serverId && serverHost, 'the server booted and Nova names its host');
    assert.ok(computeHosts.length > 0, 'Nova lists its compute hosts');
    assert.ok(computeHosts.includes(serverHost), `${serverHost} is among the hypervisors ${computeHosts.join(', ')}`);
    const { instances } = await api();
    await instances.tree.refresh();
    const cloud = instances.tree
      .getChildren()
      .find((n): n is Extract<InstancesNode, { kind: 'cloud' }> => n.kind === 'cloud' && n.cloud.name === 'zed');
    assert.ok(cloud, 'the cloud zed is in the Instances view');
    await vscode.commands.executeCommand('devstackContrail.showLoad', cloud);

    const [title, hostCount] = await driveWebview([
      { do: 'waitText', selector: sel('load-title'), pattern: 'Load of zed', timeoutMs: 30_000 },
      { do: 'waitFor', selector: column(computeHosts[computeHosts.length - 1] ?? '') },
      { do: 'count', selector: sel('load-host') },
    ]);
    assert.match(title, /^Load of zed$/);
    assert.equal(Number(hostCount), computeHosts.length, `one column per compute host (${computeHosts.join(', ')})`);
    for (const host of computeHosts) {
      const [cpu, memory, reservedCpu, reservedMemory, usedCpu, usedMemory, via] = await driveWebview([
        { do: 'waitFor', selector: `${column(host)}[data-state="live"]`, timeoutMs: 45_000 },
        { do: 'waitText', selector: column(host, 'load-cpu'), pattern: '^\\d+(\\.\\d+)? %', timeoutMs: 30_000 },
        { do: 'waitText', selector: column(host, 'load-mem'), pattern: '^[\\d.]+ [KMG]?i?B of [\\d.]+ [KMGT]iB', timeoutMs: 30_000 },
        { do: 'waitText', selector: column(host, 'load-reserved-cpu'), pattern: '^\\d+ vCPU of \\d+$', timeoutMs: 30_000 },
        { do: 'waitText', selector: column(host, 'load-reserved-mem'), pattern: '^[\\d.]+ [KMG]?i?B of [\\d.]+ [KMGT]iB$' },
        { do: 'text', selector: column(host, 'load-used-cpu') },
        { do: 'text', selector: column(host, 'load-used-mem') },
        { do: 'text', selector: column(host, 'load-via') },
      ]);
      assert.match(cpu, /^\d+(\.\d+)? %/, `${host}: CPU`);
      assert.match(memory, /^[\d.]+ [KMG]?i?B of [\d.]+ [KMGT]iB/, `${host}: memory`);
      assert.match(reservedCpu, /^\d+ vCPU of \d+$/, `${host}: vCPUs flavors reserve`);
      assert.match(reservedMemory, /^[\d.]+ [KMG]?i?B of [\d.]+ [KMGT]iB$/, `${host}: memory flavors reserve`);
      assert.match(usedCpu, /^host \d+(\.\d+)? % · containers \d+(\.\d+)? %$/, `${host}: CPU used`);
      assert.match(usedMemory, /^host [\d.]+ [KMG]?i?B · containers [\d.]+ [KMG]?i?B$/, `${host}: memory used`);
      assert.match(via, /^measured over SSH on \S+/, `${host}: which SSH host measures it`);
    }
    // the server's flavor holds at least one vCPU on its host, and its container is listed there by its server's name
    const [reservedOnHost, containers, bold, samples] = await driveWebview([
      { do: 'waitText', selector: column(serverHost, 'load-reserved-cpu'), pattern: '^[1-9]\\d* vCPU of' },
      {
        do: 'waitText',
        selector: column(serverHost, 'load-containers'),
        pattern: `${escapeRegExp(serverName)}\\s+nova-${serverId}\\s+\\d+(\\.\\d+)? %\\s+[\\d.]+ [KMG]?i?B`,
        timeoutMs: 45_000,
      },
      { do: 'count', selector: `${sel('load-containers')} b` },
      { do: 'waitAttr', selector: column(serverHost, 'load-cpu-chart'), attr: 'data-samples', min: 3, timeoutMs: 30_000 },
      { do: 'waitFor', selector: `${column(serverHost, 'load-mem-chart')} canvas` },
      { do: 'screenshot', name: 'load-panel' },
    ]);
    assert.match(reservedOnHost, /^[1-9]\d* vCPU of \d+$/);
    assert.match(containers, new RegExp(`${escapeRegExp(serverName)}\\s+nova-${serverId}`), 'the server’s container, by name');
    assert.equal(bold, '0', 'the markup of the server name is text, not an element');
    assert.ok(Number(samples) >= 3, 'the CPU chart draws the readings over time');
    for (const host of computeHosts.filter((h) => h !== serverHost)) {
      const [others] = await driveWebview([{ do: 'text', selector: column(host, 'load-containers-box') }]);
      assert.doesNotMatch(others, new RegExp(escapeRegExp(serverName)), `${host} does not list a server of ${serverHost}`);
    }
  });

  it('shows which containers make the load: a container burning CPU rises in its host’s list, the host is marked busy; its server opens in Inspect', async () => {
    const { instances, hosts } = await api();
    const zed = instances.tree.cloudList().find((c) => c.name === 'zed');
    assert.ok(zed && serverHost && serverId);
    const sshHost = instances.runtime().sshHostOfCompute(zed, serverHost);
    assert.ok(sshHost, `an SSH host runs the containers of ${serverHost}`);
    const config = vscode.workspace.getConfiguration('devstackContrail');
    await config.update('load.busyCpuPercent', 30, vscode.ConfigurationTarget.Global);
    // a busy loop inside the server's container, on the compute host's own Docker (its CPU share)
    const container = `nova-${serverId}`;
    const burn = await hosts.remote
      .get()
      .exec(sshHost, `docker exec -d ${container} sh -c 'echo $$ > /tmp/burn.pid; exec sh -c "while :; do :; done"'`);
    assert.equal(burn.exitCode, 0, burn.stderr);
    try {
      await vscode.commands.executeCommand('devstackContrail.showLoad', 'zed');
      const row = `${column(serverHost, 'load-containers')} tr[data-server="${serverId}"]`;
      const [burning, busy, table] = await driveWebview([
        { do: 'waitText', selector: row, pattern: `\\s([1-9]\\d|\\d{3,}|[5-9])(\\.\\d)? %`, timeoutMs: 45_000 },
        { do: 'waitText', selector: column(serverHost, 'load-state'), pattern: '^busy \\(over 30 %\\)$', timeoutMs: 30_000 },
        { do: 'text', selector: column(serverHost, 'load-containers') },
        { do: 'screenshot', name: 'load-panel-busy' },
      ]);
      assert.match(burning, new RegExp(`${escapeRegExp(serverName)}\\s+${container}\\s+\\d+(\\.\\d+)? %`));
      assert.equal(busy, 'busy (over 30 %)');
      const cpus = [...table.matchAll(/\t(\d+(?:\.\d+)?) %\t/g)].map((m) => Number(m[1]));
      assert.ok(cpus.length > 0, table);
      assert.deepEqual(
        cpus,
        [...cpus].sort((a, b) => b - a),
        `the containers are listed heaviest first: ${cpus.join(', ')}`,
      );
    } finally {
      await hosts.remote.get().exec(sshHost, `docker exec ${container} sh -c 'kill $(cat /tmp/burn.pid)'`);
      await config.update('load.busyCpuPercent', undefined, vscode.ConfigurationTarget.Global);
    }
    // the server of a row opens its Inspect panel
    await driveWebview([
      { do: 'click', selector: `${column(serverHost, 'load-containers')} tr[data-server="${serverId}"] ${sel('load-server')}` },
    ]);
    const [name] = await driveWebview([{ do: 'waitText', selector: sel('inspect-name'), pattern: 'load-', timeoutMs: 30_000 }]);
    assert.equal(name.trim(), serverName);
  });

  it('streams only while the panel shows: hidden, the sampler stops; shown again, it resumes with the charts’ history; closed, it stops', async () => {
    const { instances, hosts } = await api();
    const zed = instances.tree.cloudList().find((c) => c.name === 'zed');
    assert.ok(zed && serverHost);
    const sshHost = instances.runtime().sshHostOfCompute(zed, serverHost);
    assert.ok(sshHost, `an SSH host measures ${serverHost}`);
    const load = hosts.remote.get().load;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(`no sampler of ${sshHost} runs with no panel open`, () => load.tracker(sshHost) === undefined, 30_000, 200);
    await vscode.commands.executeCommand('devstackContrail.showLoad', 'zed');
    await driveWebview([
      { do: 'waitAttr', selector: column(serverHost, 'load-cpu-chart'), attr: 'data-samples', min: 3, timeoutMs: 45_000 },
    ]);
    assert.ok(load.tracker(sshHost), `the sampler of ${sshHost} runs while the panel shows`);
    // another editor in the panel's group hides it
    const other = await vscode.workspace.openTextDocument({ content: 'another editor' });
    await vscode.window.showTextDocument(other, { viewColumn: vscode.ViewColumn.Active, preview: false });
    await waitFor(`the sampler of ${sshHost} stops while the panel is hidden`, () => load.tracker(sshHost) === undefined, 30_000, 200);
    await vscode.commands.executeCommand('devstackContrail.showLoad', 'zed');
    const [samples] = await driveWebview([
      { do: 'waitAttr', selector: column(serverHost, 'load-cpu-chart'), attr: 'data-samples', min: 3, timeoutMs: 5_000 },
      { do: 'waitText', selector: column(serverHost, 'load-cpu'), pattern: '^\\d+(\\.\\d+)? %', timeoutMs: 30_000 },
    ]);
    assert.ok(Number(samples) >= 3, 'the charts kept their history while hidden');
    await waitFor(`the sampler of ${sshHost} runs again`, () => load.tracker(sshHost) !== undefined, 30_000, 200);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(`the sampler of ${sshHost} stops with the panel closed`, () => load.tracker(sshHost) === undefined, 30_000, 200);
  });

  it('says so when the host that runs a compute host’s containers does not answer', async () => {
    await vscode.commands.executeCommand('devstackContrail.showLoad', 'zed (unreachable host)');
    const host = computeHosts[0] ?? '';
    const [badge, note, cpu] = await driveWebview([
      { do: 'waitFor', selector: `${column(host)}[data-state="unanswered"]`, timeoutMs: 45_000 },
      { do: 'text', selector: column(host, 'load-state') },
      { do: 'text', selector: column(host, 'load-note') },
      { do: 'text', selector: column(host, 'load-cpu') },
      { do: 'screenshot', name: 'load-panel-unanswered' },
    ]);
    assert.equal(badge, 'not answering');
    assert.match(note, /^nowhere is not answering: .+/);
    assert.equal(cpu, '—');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
