import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DevstackContrailApi } from '../../../src/extension';
import type { InstancesNode } from '../../../src/instances/instancesView';
import { screenshot } from '../screenshot';
import { forgetTestCloud, testEnvSuite, useTestCloud } from '../testCloud';
import { driveWebview } from '../webviewDriver';
import { waitFor } from '../../shared/polling';

// Boot and inspect a container through the real OpenStack of test/env (Debian's Zed, whose test
// compute driver runs a Docker container nova-<uuid> per server), driving the webviews with Playwright.
async function api(): Promise<DevstackContrailApi> {
  const extension = vscode.extensions.getExtension<DevstackContrailApi>('devstack-contrail.devstack-contrail');
  assert.ok(extension);
  return extension.isActive ? extension.exports : extension.activate();
}

const HOSTILE = '<img src=x onerror=alert(1)>';
const boot = (selector: string): string => `[data-testid="${selector}"]`;

describe('Boot and Inspect against a real OpenStack and Docker', function () {
  this.timeout(180_000);
  const { ready, env, openstack, it } = testEnvSuite(true);
  const serverName = `web-${Date.now().toString(36)}`;
  let serverId: string | undefined;
  /** the compute host Nova put it on (each has its own Docker Engine, reached as the Hosts view host of that name) */
  let serverHost: string | undefined;

  before(async () => {
    if (ready) await useTestCloud(env, openstack, [{ name: 'zed (openrc demo)', openrcHost: 'devstack-zed', openrcUser: 'demo' }]);
  });

  after(async () => {
    if (!ready) return;
    const { instances } = await api();
    if (serverId) await (await instances.runtime().client('zed')).deleteServer(serverId).catch(() => undefined);
    await forgetTestCloud();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("lists the clouds of the setting, clouds.yaml and a host's openrc, with their servers, and the active cloud in the status bar", async () => {
    const { instances } = await api();
    await instances.tree.refresh();
    const roots = instances.tree.getChildren();
    assert.deepEqual(
      roots.map((n) =>
        n.kind === 'cloud'
          ? `${n.cloud.name} (${n.cloud.origin.replace(/ \(.*/, '')})`
          : `${n.kind}: ${n.kind === 'message' ? n.label : ''}`,
      ),
      ['zed (clouds.yaml)', 'zed (openrc demo) (openrc of devstack-zed)', 'devstack-demo (clouds.yaml)'],
    );
    for (const root of roots)
      assert.equal(instances.tree.errorOf((root as { cloud: { name: string } }).cloud.name), undefined, `${JSON.stringify(root)} signs in`);
    assert.match(instances.status.item.text, /^\$\(cloud\) zed: \$\(vm-running\) \d+/);
  });

  it('boots from the webview: picks image, flavor and network, shows ACTIVE, and the tree shows the server under its compute host', async () => {
    const { instances } = await api();
    const cloud = instances.tree
      .getChildren()
      .find((n): n is Extract<InstancesNode, { kind: 'cloud' }> => n.kind === 'cloud' && n.cloud.name === 'zed');
    assert.ok(cloud);
    await vscode.commands.executeCommand('devstackContrail.bootInstance', cloud);
    const [imageLabel, nameError, countError] = await driveWebview([
      { do: 'waitFor', selector: `${boot('boot-form')}[data-state="ready"]`, timeoutMs: 30_000 },
      { do: 'html', selector: boot('boot-image') },
      // checked before anything is sent: an empty name and a count out of range
      { do: 'fill', selector: `${boot('boot-name')} input`, value: '' },
      { do: 'fill', selector: `${boot('boot-count')} input`, value: '11' },
      { do: 'click', selector: boot('boot-submit') },
      { do: 'text', selector: boot('boot-name-error') },
      { do: 'text', selector: boot('boot-count-error') },
      { do: 'fill', selector: `${boot('boot-count')} input`, value: '1' },
      { do: 'fill', selector: `${boot('boot-name')} input`, value: serverName },
      { do: 'setValue', selector: boot('boot-image'), value: openstack.images.docker },
      { do: 'screenshot', name: 'boot-form' },
      { do: 'click', selector: boot('boot-submit') },
      { do: 'waitFor', selector: `${boot('boot-status')}[data-state="finished"]`, timeoutMs: 120_000 },
    ]);
    assert.match(
      imageLabel,
      /^\s*<vscode-option[^>]*>busybox \(docker\)<\/vscode-option>/,
      'docker-format images come first and are marked',
    );
    assert.match(nameError, /name/i);
    assert.match(countError, /1.*10/);
    const [row] = await driveWebview([
      { do: 'text', selector: boot('boot-server') },
      { do: 'screenshot', name: 'boot-active' },
    ]);
    assert.match(row, new RegExp(`${serverName}[\\s\\S]*ACTIVE`));
    await instances.tree.refresh();
    const zed = instances.tree.getChildren().find((n) => n.kind === 'cloud' && n.cloud.name === 'zed')!;
    const computeHosts = instances.tree.getChildren(zed);
    const server = computeHosts
      .filter((n) => n.kind === 'computeHost' && openstack.computeHosts.includes(n.host))
      .flatMap((n) => instances.tree.getChildren(n))
      .find((n): n is Extract<InstancesNode, { kind: 'server' }> => n.kind === 'server' && n.server.name === serverName);
    assert.ok(
      server,
      `the booted server is listed under one of ${computeHosts.map((n) => instances.tree.getTreeItem(n).label).join(', ')}`,
    );
    serverId = server.server.id;
    serverHost = server.server.host;
    assert.ok(serverHost && openstack.computeHosts.includes(serverHost), `under its compute host (${serverHost})`);
    const item = instances.tree.getTreeItem(server);
    assert.match(String(item.description), /^ACTIVE · 10\.0\.0\.\d+( · CPU [\d.]+ % · \d+ MiB)?$/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'vm-running');
    assert.match(instances.status.item.text, /^\$\(cloud\) zed: \$\(vm-running\) [1-9]/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('devstackContrail.instances.focus');
    await instances.view.reveal(server, { select: true, focus: false });
    await screenshot('instances-view');
  });

  it("shows the compute host's live CPU and memory and the server's container while the view is visible, and marks a busy host", async () => {
    assert.ok(serverId, 'the boot test booted a server');
    const { instances } = await api();
    await vscode.commands.executeCommand('devstackContrail.instances.focus');
    const nodes = () => {
      const zed = instances.tree.getChildren().find((n) => n.kind === 'cloud' && n.cloud.name === 'zed')!;
      const compute = instances.tree.getChildren(zed).find((n) => n.kind === 'computeHost' && n.host === serverHost)!;
      const server = instances.tree.getChildren(compute).find((n) => n.kind === 'server' && n.server.id === serverId)!;
      return { compute, server };
    };
    const until = (what: string, test: () => boolean) => waitFor(what, test, 30_000, 200);
    const hostText = () => String(instances.tree.getTreeItem(nodes().compute).description ?? '');
    const serverText = () => String(instances.tree.getTreeItem(nodes().server).description ?? '');
    await until(`the host's live load (now "${hostText()}")`, () => /CPU \d+ % · [\d.]+\/[\d.]+ GiB/.test(hostText()));
    await until(`the container's load (now "${serverText()}")`, () => /· CPU [\d.]+ % · \d+ MiB$/.test(serverText()));
    assert.match(String(instances.tree.getTreeItem(nodes().compute).tooltip), /live: CPU \d+ %.*memory [\d.]+ GiB used of [\d.]+ GiB/s);
    const serverTip = () => (instances.tree.getTreeItem(nodes().server).tooltip as vscode.MarkdownString).value;
    // the tooltip is markdown: its text arrives escaped (&nbsp;, \\( )
    const plainTip = () =>
      serverTip()
        .replace(/&nbsp;/g, ' ')
        .replace(/\\(.)/g, '$1');
    await until(`right-sizing advice (now "${plainTip()}")`, () =>
      // a ticking busybox needs a MiB or two: the cloud's smallest flavor (m1.nano) holds it, its own m1.tiny is more
      /right-size \(over \d+ readings?\): m1\.nano \(64 MiB, 1 vCPU\) holds p95 \d+ % CPU, \d+ MiB; m1\.tiny reserves 512 MiB, 1 vCPU/.test(
        plainTip(),
      ),
    );
    // over the threshold: a busy loop in the server's container, which its compute host's share counts
    const config = vscode.workspace.getConfiguration('devstackContrail');
    await config.update('load.busyCpuPercent', 5, vscode.ConfigurationTarget.Global);
    const { hosts } = await api();
    const burn = await hosts.remote.get().exec(serverHost!, `docker exec -d nova-${serverId} sh -c 'exec timeout 60 yes > /dev/null'`);
    assert.equal(burn.exitCode, 0, burn.stderr);
    try {
      await until(`the host marked busy (now "${hostText()}")`, () => hostText().startsWith('busy · '));
      const icon = instances.tree.getTreeItem(nodes().compute).iconPath as vscode.ThemeIcon;
      assert.deepEqual(icon.color, new vscode.ThemeColor('list.warningForeground'));
    } finally {
      await hosts.remote.get().exec(serverHost!, `docker exec nova-${serverId} pkill yes`);
      await config.update('load.busyCpuPercent', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('inspects the server: details, the container, live CPU and memory charts, logs that follow, the vRouter tap interface', async () => {
    assert.ok(serverId, 'the boot test booted a server');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('devstackContrail.inspectInstance', 'zed', serverId);
    const [status, host, container, cpu] = await driveWebview([
      { do: 'waitText', selector: boot('inspect-status'), pattern: 'ACTIVE', timeoutMs: 30_000 },
      { do: 'text', selector: boot('inspect-host') },
      { do: 'waitText', selector: boot('inspect-container-state'), pattern: 'running', timeoutMs: 30_000 },
      { do: 'waitText', selector: boot('inspect-cpu-value'), pattern: '\\d+(\\.\\d+)?\\s*%', timeoutMs: 30_000 },
      { do: 'waitFor', selector: `${boot('inspect-cpu-chart')} canvas` },
      { do: 'waitFor', selector: `${boot('inspect-mem-chart')} canvas` },
      { do: 'waitAttr', selector: boot('inspect-mem-chart'), attr: 'data-samples', min: 4, timeoutMs: 30_000 },
      { do: 'screenshot', name: 'inspect-overview' },
    ]);
    assert.match(status, /ACTIVE/);
    assert.match(host, new RegExp(serverHost!));
    assert.match(container, /running/);
    assert.match(cpu, /%/);
    const [logs, following] = await driveWebview([
      { do: 'click', selector: boot('tab-logs') },
      { do: 'waitText', selector: boot('inspect-logs'), pattern: 'started[\\s\\S]*tick \\d+', timeoutMs: 30_000 },
      { do: 'count', selector: `${boot('inspect-log-status')}[data-following="true"]` },
      { do: 'screenshot', name: 'inspect-logs' },
    ]);
    assert.match(logs, /tick \d+/);
    assert.equal(following, '1', 'the logs follow');
    const [interfaces] = await driveWebview([
      { do: 'click', selector: boot('tab-network') },
      { do: 'waitText', selector: boot('inspect-interfaces'), pattern: 'tap[0-9a-f-]{11}', timeoutMs: 30_000 },
      { do: 'screenshot', name: 'inspect-network' },
    ]);
    assert.match(interfaces, /tap[0-9a-f-]{11}[\s\S]*10\.0\.0\.\d+/, "the tap interface carries the port's fixed IP");

    // Open Shell: `docker exec -it nova-<id> sh` in a terminal on the host; what is typed there runs inside
    await driveWebview([{ do: 'click', selector: boot('action-shell') }]);
    const deadline = Date.now() + 15_000;
    let terminal: vscode.Terminal | undefined;
    while (!(terminal = vscode.window.terminals.find((t) => t.name === `${serverName} (container)`))) {
      assert.ok(Date.now() < deadline, `a terminal "${serverName} (container)" opens`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const { hosts } = await api();
    let proof = '';
    for (let tries = 0; tries < 30 && proof !== 'shell-ok-42'; tries++) {
      if (tries % 10 === 0) terminal.sendText('echo shell-ok-$((40+2)) > /tmp/shell-proof');
      await new Promise((r) => setTimeout(r, 500));
      proof = (await hosts.remote.get().exec(serverHost!, `docker exec nova-${serverId} cat /tmp/shell-proof`)).stdout.trim();
    }
    assert.equal(proof, 'shell-ok-42', 'the command typed in the terminal ran inside the container');
    terminal.dispose();

    // hidden, the webview is dropped (no retainContextWhenHidden); shown again, it is as the user left it
    await driveWebview([
      { do: 'click', selector: boot('tab-logs') },
      { do: 'fill', selector: `${boot('inspect-log-search')} input`, value: 'tick' },
    ]);
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    await new Promise((r) => setTimeout(r, 500));
    await vscode.commands.executeCommand('devstackContrail.inspectInstance', 'zed', serverId);
    const [onLogsTab, matches] = await driveWebview([
      { do: 'waitFor', selector: boot('inspect-log-search') },
      { do: 'count', selector: `${boot('inspect-tabs')}[selected-index="1"]` },
      { do: 'waitText', selector: boot('inspect-logs'), pattern: 'tick', timeoutMs: 30_000 },
    ]);
    assert.equal(onLogsTab, '1', 'the Logs tab is still the one shown');
    assert.match(matches, /tick/);
    const [searchValue] = await driveWebview([{ do: 'html', selector: boot('inspect-log-count') }]);
    assert.match(searchValue, /match/, 'the search is still applied');

    // theme-aware: the panel takes VS Code's colours (its CSS reads the theme's variables)
    const workbench = vscode.workspace.getConfiguration('workbench');
    await workbench.update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
    try {
      const [, dark] = await driveWebview([
        { do: 'click', selector: boot('tab-overview') },
        { do: 'waitAttr', selector: boot('inspect-mem-chart'), attr: 'data-samples', min: 3, timeoutMs: 30_000 },
        { do: 'count', selector: 'body.vscode-dark, body[data-vscode-theme-kind="vscode-dark"]' },
        { do: 'screenshot', name: 'inspect-dark-theme' },
      ]);
      assert.equal(dark, '1', 'the panel knows the dark theme');
    } finally {
      await workbench.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('renders hostile remote strings as text: a server named like an HTML tag, and log lines with markup', async () => {
    const { instances } = await api();
    const client = await instances.runtime().client('zed');
    const [created] = await client.createServers({
      name: HOSTILE,
      imageId: openstack.images.docker,
      flavorId: '1',
      networkIds: [(await client.listNetworks()).find((n) => n.name === openstack.networkName)!.id],
      count: 1,
    });
    try {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('devstackContrail.inspectInstance', 'zed', created.id);
      const [text, html, images] = await driveWebview([
        { do: 'waitText', selector: boot('inspect-name'), pattern: '<img', timeoutMs: 30_000 },
        { do: 'html', selector: boot('inspect-name') },
        { do: 'count', selector: 'img' },
        { do: 'screenshot', name: 'inspect-hostile-name' },
        { do: 'waitText', selector: boot('inspect-container-state'), pattern: 'running', timeoutMs: 60_000 },
      ]);
      assert.equal(text.trim(), HOSTILE);
      assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
      assert.equal(images, '0', 'no <img> element was made from the name');
      // a log line with markup, written to the container's own stdout
      const { hosts } = await api();
      const on = (await client.getServer(created.id)).host!;
      const wrote = await hosts.remote
        .get()
        .exec(on, `docker exec nova-${created.id} sh -c 'echo "<b>bold</b> ${HOSTILE}" > /proc/1/fd/1'`);
      assert.equal(wrote.exitCode, 0, wrote.stderr);
      const [logText, logHtml, logImages] = await driveWebview([
        { do: 'click', selector: boot('tab-logs') },
        { do: 'waitText', selector: boot('inspect-logs'), pattern: '<b>bold</b>', timeoutMs: 30_000 },
        { do: 'html', selector: boot('inspect-logs') },
        { do: 'count', selector: 'img, b' },
        { do: 'screenshot', name: 'inspect-hostile-log' },
      ]);
      assert.match(logText, /<b>bold<\/b> <img src=x onerror=alert\(1\)>/);
      assert.match(logHtml, /&lt;b&gt;bold&lt;\/b&gt; &lt;img src=x onerror=alert\(1\)&gt;/);
      assert.equal(logImages, '0', 'no element was made from the log line');
    } finally {
      await client.deleteServer(created.id);
    }
  });

  it('deletes from the Inspect panel after a confirmation; Nova and Docker both lose it', async () => {
    assert.ok(serverId, 'the boot test booted a server');
    const { instances } = await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('devstackContrail.inspectInstance', 'zed', serverId);
    const [, question, barAfterCancel] = await driveWebview([
      { do: 'waitText', selector: boot('inspect-status'), pattern: 'ACTIVE', timeoutMs: 30_000 },
      { do: 'click', selector: boot('action-delete') },
      {
        do: 'waitText',
        selector: boot('confirm-text'),
        pattern: `Delete server “${serverName}”\\? Nova removes it and its container nova-${serverId}`,
      },
      { do: 'click', selector: boot('confirm-no') },
      { do: 'count', selector: `${boot('confirm-bar')}:not([hidden])` },
      { do: 'click', selector: boot('action-delete') },
      { do: 'screenshot', name: 'inspect-delete-confirm' },
      { do: 'click', selector: boot('confirm-yes') },
    ]);
    assert.match(question, /This cannot be undone\./);
    assert.equal(barAfterCancel, '0', 'Cancel closes the confirmation');
    const client = await instances.runtime().client('zed');
    const deadline = Date.now() + 60_000;
    while (await client.findServer(serverId)) {
      assert.ok(Date.now() < deadline, 'the server is gone within a minute');
      await new Promise((r) => setTimeout(r, 500));
    }
    const cloud = instances.tree.cloudList().find((c) => c.name === 'zed')!;
    const { container } = await instances
      .runtime()
      .container(cloud, { id: serverId, name: serverName, status: 'DELETED', addresses: [], flavor: {}, image: {}, host: serverHost });
    assert.equal(container, undefined, `no container nova-${serverId} on the host`);
    serverId = undefined;
    await screenshot('inspect-deleted');
  });
});
