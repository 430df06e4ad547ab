import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { DevstackContrailApi } from '../../../src/extension';
import type { HostsNode } from '../../../src/hosts/hostsView';
import { screenshot } from '../screenshot';
import { testEnvSuite } from '../testCloud';

// The real hosts of test/env/up.sh (the e2e environment), reached from inside VS Code.
const STATE = process.env.DEVSTACK_CONTRAIL_TEST_STATE ?? '/var/tmp/devstack-contrail-test';

async function api(): Promise<DevstackContrailApi> {
  const extension = vscode.extensions.getExtension<DevstackContrailApi>('devstack-contrail.devstack-contrail');
  assert.ok(extension);
  return extension.isActive ? extension.exports : extension.activate();
}

function find(nodes: HostsNode[], predicate: (n: HostsNode) => boolean): HostsNode {
  const node = nodes.find(predicate);
  assert.ok(node, `not found among ${nodes.map((n) => (n.kind === 'info' ? `info "${n.label}"` : n.kind)).join(', ')}`);
  return node;
}

describe('the Hosts view against real SSH hosts', function () {
  this.timeout(60_000);
  const { ready, env, it } = testEnvSuite(false);
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('devstackContrail');

  before(async () => {
    if (!ready) return;
    await config().update('ssh.knownHostsFile', env.knownHosts, vscode.ConfigurationTarget.Global);
    await config().update('ssh.configFile', '', vscode.ConfigurationTarget.Global);
    await config().update('refreshInterval', 0, vscode.ConfigurationTarget.Global);
    await config().update(
      'hosts',
      [
        { name: 'devstack-2014', host: env.hosts.host1.address, port: env.port, user: env.user, identityFile: env.clientKey },
        { name: 'devstack-zed', host: env.hosts.host2.address, port: env.port, user: env.user, identityFile: env.clientKey },
        {
          name: 'behind-jump',
          host: env.hosts.host3.address,
          port: env.port,
          user: env.user,
          identityFile: env.clientKey,
          proxyJump: 'devstack-zed',
        },
      ],
      vscode.ConfigurationTarget.Global,
    );
  });

  after(async () => {
    if (!ready) return;
    await config().update('hosts', undefined, vscode.ConfigurationTarget.Global);
  });

  it('connects to the three hosts (one through a jump host) and shows their devstack', async () => {
    const { hosts } = await api();
    await hosts.tree.refresh();
    const roots = hosts.tree.getChildren();
    assert.deepEqual(
      roots.map((n) => (n.kind === 'host' ? [n.host.name, hosts.tree.getTreeItem(n).description] : n.kind)),
      [
        ['devstack-2014', `${env.user}@${env.hosts.host1.address}:${env.port}`],
        ['devstack-zed', `${env.user}@${env.hosts.host2.address}:${env.port}`],
        ['behind-jump', `${env.user}@${env.hosts.host3.address}:${env.port}`],
      ],
    );
    const info = (name: string): string => {
      const host = find(roots, (n) => n.kind === 'host' && n.host.name === name);
      const devstack = find(hosts.tree.getChildren(host), (n) => n.kind === 'info');
      return String(hosts.tree.getTreeItem(devstack).description);
    };
    assert.match(info('devstack-2014'), /^\/opt\/stack\/devstack · master [0-9a-f]{7} · 2014 \(screen\)$/);
    assert.match(info('devstack-zed'), /^\/opt\/stack\/devstack · stable\/zed [0-9a-f]{7} · systemd · Zed$/);
    assert.match(info('behind-jump'), /stable\/zed/);
  });

  it('lists the screen services with their state, the containers and the config files', async () => {
    const { hosts } = await api();
    const host = find(hosts.tree.getChildren(), (n) => n.kind === 'host' && n.host.name === 'devstack-2014');
    const groups = hosts.tree.getChildren(host);
    const services = hosts.tree.getChildren(find(groups, (n) => n.kind === 'group' && n.group === 'services'));
    const state = (name: string): string =>
      String(hosts.tree.getTreeItem(find(services, (n) => n.kind === 'service' && n.service.name === name)).description);
    assert.equal(state('n-api'), 'running');
    assert.equal(state('n-cond'), 'stopped');
    assert.equal(state('q-svc'), 'running (not in ENABLED_SERVICES)');
    const containers = hosts.tree.getChildren(find(groups, (n) => n.kind === 'group' && n.group === 'containers'));
    const nova = hosts.tree.getTreeItem(find(containers, (n) => n.kind === 'container' && n.container.name.startsWith('nova-e2e')));
    assert.match(String(nova.description), /^local\/busybox:test · Up .* · Nova instance$/);
    const files = hosts.tree.getChildren(find(groups, (n) => n.kind === 'group' && n.group === 'config'));
    const novaConf = hosts.tree.getTreeItem(find(files, (n) => n.kind === 'file' && n.file.label === 'nova.conf'));
    assert.equal(novaConf.resourceUri?.toString(), `devstack-ssh://devstack-2014/etc/nova/nova.conf`);
    const filters = hosts.tree.getTreeItem(find(files, (n) => n.kind === 'file' && n.file.label === 'docker.filters'));
    assert.equal(filters.description, '/etc/nova/rootwrap.d/docker.filters (missing)');
    const provisioning = find(groups, (n) => n.kind === 'group' && n.group === 'provisioning');
    assert.equal(hosts.tree.getTreeItem(provisioning).description, '1 of 8 applied');
    const steps = hosts.tree.getChildren(provisioning).map((n) => hosts.tree.getTreeItem(n));
    assert.deepEqual(
      steps.map((i) => String(i.description).split(' — ')[0]),
      ['needed', 'needed', 'needed', 'needed', 'needed', 'applied', 'needed', 'needed'],
    );
    assert.equal(steps[2].description, 'needed — sets docker.DockerDriver');
    await vscode.commands.executeCommand('workbench.view.extension.devstackContrail');
    await hosts.view.reveal(host, { expand: 2 });
    await hosts.view.reveal(
      find(services, (n) => n.kind === 'service' && n.service.name === 'n-api'),
      { expand: true },
    );
    await screenshot('hosts-tree');
  });

  it('shows a host whose sshd died as unreachable on the next refresh, and recovers when it is back', async () => {
    const { hosts } = await api();
    const pidFile = `${STATE}/hosts/host3/sshd.pid`;
    const pid = Number(readFileSync(pidFile, 'utf8'));
    const descendants = (p: number): number[] =>
      spawnSync('ps', ['-o', 'pid=', '--ppid', String(p)], { encoding: 'utf8' })
        .stdout.split('\n')
        .map((l) => Number(l.trim()))
        .filter((n) => n > 0)
        .flatMap((c) => [c, ...descendants(c)]);
    const victims = [pid, ...descendants(pid)];
    try {
      for (const victim of victims) {
        try {
          process.kill(victim, 'SIGKILL');
        } catch (error) {
          // a session child that ended between ps and here is as dead as wanted; anything else is not
          if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
        }
      }
      await new Promise((r) => setTimeout(r, 300));
      await hosts.tree.refresh();
      const node = find(hosts.tree.getChildren(), (n) => n.kind === 'host' && n.host.name === 'behind-jump');
      assert.match(String(hosts.tree.getTreeItem(node).description), /— unreachable$/);
      const [error] = hosts.tree.getChildren(node);
      assert.equal(error.kind, 'info');
      assert.match(error.kind === 'info' ? error.label : '', /could not open a connection to 127\.0\.0\.4:\d+/);
    } finally {
      const extension = vscode.extensions.getExtension('devstack-contrail.devstack-contrail');
      execFileSync('bash', [`${extension?.extensionPath}/test/env/up.sh`], { stdio: 'ignore' });
    }
    await vscode.commands.executeCommand(
      'devstackContrail.connect',
      find(hosts.tree.getChildren(), (n) => n.kind === 'host' && n.host.name === 'behind-jump'),
    );
    const back = find(hosts.tree.getChildren(), (n) => n.kind === 'host' && n.host.name === 'behind-jump');
    assert.doesNotMatch(String(hosts.tree.getTreeItem(back).description), /unreachable/);
    assert.equal(hosts.tree.getChildren(back)[0].kind, 'info');
    assert.match(String(hosts.tree.getTreeItem(hosts.tree.getChildren(back)[0]).description), /stable\/zed/);
  });

  it('applies the Contrail setup to a host with a diff preview, the tree turns to applied, and undo restores it', async () => {
    const { hosts } = await api();
    const zed = (): HostsNode => find(hosts.tree.getChildren(), (n) => n.kind === 'host' && n.host.name === 'devstack-zed');
    const provisioning = (): HostsNode => find(hosts.tree.getChildren(zed()), (n) => n.kind === 'group' && n.group === 'provisioning');
    await hosts.tree.refresh('devstack-zed');
    assert.equal(hosts.tree.getTreeItem(provisioning()).description, '0 of 8 applied');
    const before = (await hosts.remote.get().exec('devstack-zed', 'cat /opt/stack/devstack/local.conf /etc/glance/glance-api.conf')).stdout;
    const result = await vscode.commands.executeCommand<{ applied: string[]; backup: string }>('devstackContrail.applySetup', zed(), {
      acceptAll: true,
      steps: ['localrc', 'contrail-plugin', 'docker-hypervisor', 'nova-vif-driver', 'glance-formats'],
    });
    assert.deepEqual(result.applied, ['localrc', 'contrail-plugin', 'docker-hypervisor', 'nova-vif-driver', 'glance-formats']);
    const diffs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'devstack-contrail-plan');
    assert.deepEqual(diffs.map((t) => t.label).sort(), [
      'devstack-zed:/etc/glance/glance-api.conf (host ↔ proposed)',
      'devstack-zed:/opt/stack/devstack/lib/neutron_plugins/contrail (new file)',
      'devstack-zed:/opt/stack/devstack/lib/nova_plugins/hypervisor-docker (new file)',
      'devstack-zed:/opt/stack/devstack/local.conf (host ↔ proposed)',
    ]);
    assert.equal(hosts.tree.getTreeItem(provisioning()).description, '5 of 8 applied');
    await vscode.commands.executeCommand('workbench.view.extension.devstackContrail');
    await hosts.view.reveal(provisioning(), { expand: true });
    await screenshot('provisioning-applied');
    const undone = await vscode.commands.executeCommand<{ restored: string[] }>('devstackContrail.undoSetup', zed(), { acceptAll: true });
    assert.equal(undone.restored.length, 4);
    assert.equal(
      (await hosts.remote.get().exec('devstack-zed', 'cat /opt/stack/devstack/local.conf /etc/glance/glance-api.conf')).stdout,
      before,
    );
    assert.equal(hosts.tree.getTreeItem(provisioning()).description, '0 of 8 applied');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('edits a remote nova.conf with diagnostics, saves it to the host, and refuses to clobber a change made on the host', async () => {
    const { hosts } = await api();
    const uri = vscode.Uri.parse('devstack-ssh://devstack-zed/etc/nova/nova.conf');
    const original = (await hosts.remote.get().readFile('devstack-zed', '/etc/nova/nova.conf')).toString('utf8');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'oslo-conf');
    try {
      await editor.edit((b) => b.insert(new vscode.Position(1, 0), 'verbos = True\n'));
      const deadline = Date.now() + 10_000;
      while (!vscode.languages.getDiagnostics(uri).some((d) => typeof d.code === 'object' && d.code.value === 'OS202')) {
        if (Date.now() > deadline) throw new Error('no OS202 diagnostic on the remote file');
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(await document.save(), 'saved');
      const saved = (await hosts.remote.get().readFile('devstack-zed', '/etc/nova/nova.conf')).toString('utf8');
      assert.equal(saved, document.getText());
      const listing = await hosts.remote.get().exec('devstack-zed', 'ls -a /etc/nova');
      assert.doesNotMatch(listing.stdout, /\.tmp/);
      // the host's copy changes under the editor: saving must not overwrite it
      await new Promise((r) => setTimeout(r, 1100));
      await hosts.remote.get().exec('devstack-zed', "echo '# changed on the host' >> /etc/nova/nova.conf");
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# edited in VS Code\n'));
      const savedAgain = await document.save();
      assert.equal(savedAgain, false, 'VS Code reports the conflict instead of saving');
      const onHost = (await hosts.remote.get().readFile('devstack-zed', '/etc/nova/nova.conf')).toString('utf8');
      assert.match(onHost, /# changed on the host\n$/);
      assert.doesNotMatch(onHost, /# edited in VS Code/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await hosts.remote.get().exec('devstack-zed', 'cat > /etc/nova/nova.conf', { stdin: original });
    }
  });
});
