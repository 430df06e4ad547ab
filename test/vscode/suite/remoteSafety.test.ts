import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DevstackContrailApi } from '../../../src/extension';
import type { HostsNode } from '../../../src/hosts/hostsView';
import { testEnvSuite } from '../testCloud';
import { answerWarnings } from '../warningAnswers';

// What the user sees of the SSH safety rules inside VS Code, against the real test hosts: a ProxyJump
// hop with an unknown key is asked about (naming it) like the target; a remote file with another hard
// link is saved only after the user says "write in place"; an edit made on the host within the second
// of the load is not overwritten. The user's answers to modal questions are scripted by standing in
// for vscode.window.showWarningMessage.

async function api(): Promise<DevstackContrailApi> {
  const extension = vscode.extensions.getExtension<DevstackContrailApi>('devstack-contrail.devstack-contrail');
  assert.ok(extension);
  return extension.isActive ? extension.exports : extension.activate();
}

describe('SSH safety as the user sees it', function () {
  this.timeout(60_000);
  const { ready, env, it } = testEnvSuite(false);
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('devstackContrail');
  const dir = `/opt/stack/.devstack-contrail-vscode-${process.pid}`;
  const knownHosts = join(mkdtempSync(join(tmpdir(), 'dc-vscode-kh-')), 'known_hosts');
  const exec = async (command: string): Promise<string> => {
    const result = await (await api()).hosts.remote.get().exec('devstack-zed', command);
    assert.equal(result.exitCode, 0, `${command}: ${result.stderr}`);
    return result.stdout;
  };

  before(async () => {
    if (!ready) return;
    // a known_hosts that knows host3 but not host2, its jump host
    const lines = readFileSync(env.knownHosts, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith(`[${env.hosts.host2.address}]:`));
    writeFileSync(knownHosts, `${lines.join('\n')}\n`);
    await config().update('ssh.knownHostsFile', knownHosts, vscode.ConfigurationTarget.Global);
    await config().update('ssh.configFile', '', vscode.ConfigurationTarget.Global);
    await config().update('refreshInterval', 0, vscode.ConfigurationTarget.Global);
    await config().update(
      'hosts',
      [
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
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await exec(`rm -rf -- '${dir}'`).catch(() => undefined);
    await config().update('hosts', undefined, vscode.ConfigurationTarget.Global);
    await config().update('ssh.knownHostsFile', undefined, vscode.ConfigurationTarget.Global);
  });

  it('asks about the unknown key of a ProxyJump hop, naming it, and connecting trusts it', async () => {
    const { hosts } = await api();
    hosts.remote.get().disconnect('devstack-zed');
    hosts.remote.get().disconnect('behind-jump');
    const user = answerWarnings(['Trust and Connect']);
    try {
      const node = hosts.tree.getChildren().find((n: HostsNode) => n.kind === 'host' && n.host.name === 'behind-jump');
      assert.ok(node);
      await vscode.commands.executeCommand('devstackContrail.connect', node);
    } finally {
      user.restore();
    }
    assert.equal(user.asked.length, 1, `asked: ${user.asked.join(' | ')}`);
    assert.match(
      user.asked[0],
      new RegExp(
        `^The authenticity of host ${env.hosts.host2.address.replace(/\./g, '\\.')}:${env.port} \\(devstack-zed, the jump host for behind-jump\\) can't be established\\.\nssh-ed25519 key fingerprint is SHA256:`,
      ),
    );
    assert.equal(hosts.remote.get().state('behind-jump').status, 'connected');
    assert.match(
      readFileSync(knownHosts, 'utf8'),
      new RegExp(`^\\[${env.hosts.host2.address.replace(/\./g, '\\.')}\\]:${env.port} ssh-ed25519 `, 'm'),
    );
  });

  it("checks a file on a host against the release of the host's devstack checkout it sits in (its stackrc)", async () => {
    await exec(
      `mkdir -p '${dir}/devstack' && printf 'USE_SYSTEMD=True\\nNOVA_BRANCH=\${NOVA_BRANCH:-stable/newton}\\n' > '${dir}/devstack/stackrc' && printf 'HOST_IP=10.0.0.1\\n' > '${dir}/devstack/localrc'`,
    );
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(`devstack-ssh://devstack-zed${dir}/devstack/localrc`));
    await vscode.window.showTextDocument(document);
    const { lints } = await api();
    const deadline = Date.now() + 20_000;
    let release = lints.result(document)?.result.release;
    while (release?.release !== 'newton' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      release = lints.result(document)?.result.release;
    }
    assert.deepEqual(release, { release: 'newton', reason: `devstack-zed:${dir}/devstack/stackrc: NOVA_BRANCH defaults to stable/newton` });
  });

  it('saves a hard-linked remote file only when the user says to write it in place, and keeps the link', async () => {
    await exec(`mkdir -p '${dir}' && printf '[DEFAULT]\\n' > '${dir}/nova.conf' && ln '${dir}/nova.conf' '${dir}/nova.conf.link'`);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(`devstack-ssh://devstack-zed${dir}/nova.conf`));
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((b) => b.insert(new vscode.Position(1, 0), 'debug = True\n'));
    const declined = answerWarnings([undefined]);
    try {
      assert.equal(await document.save(), false, 'not saved when the user does not agree');
    } finally {
      declined.restore();
    }
    assert.match(declined.asked[0] ?? '', /nova\.conf has 2 hard links: saving by renaming a new file over it would break them/);
    assert.equal(await exec(`cat '${dir}/nova.conf.link'`), '[DEFAULT]\n');
    const agreed = answerWarnings(['Write in Place']);
    try {
      assert.equal(await document.save(), true);
    } finally {
      agreed.restore();
    }
    assert.equal(await exec(`cat '${dir}/nova.conf.link'`), '[DEFAULT]\ndebug = True\n');
    assert.equal(await exec(`stat -c %h '${dir}/nova.conf'`), '2\n');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('does not overwrite an edit made on the host within the second of the load (same size)', async () => {
    const { hosts } = await api();
    let checked = false;
    for (let attempt = 0; attempt < 5 && !checked; attempt++) {
      const path = `${dir}/glance-api-${attempt}.conf`;
      await exec(`mkdir -p '${dir}' && printf 'debug = 1\\n' > '${path}'`);
      const seen = await hosts.remote.get().stat('devstack-zed', path);
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(`devstack-ssh://devstack-zed${path}`));
      const editor = await vscode.window.showTextDocument(document);
      await exec(`printf 'debug = 2\\n' > '${path}'`); // on the host, same size
      const now = await hosts.remote.get().stat('devstack-zed', path);
      if (now.mtimeMs === seen.mtimeMs && now.size === seen.size && document.getText() === 'debug = 1\n') {
        // VS Code's own check (mtime and size) sees no change: only the content comparison can tell
        await editor.edit((b) => b.insert(new vscode.Position(1, 0), '# mine\n'));
        assert.equal(await document.save(), false, 'the save is refused');
        assert.equal(await exec(`cat '${path}'`), 'debug = 2\n', "the host's edit is still there");
        checked = true;
      }
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    assert.ok(checked, 'no attempt had the host edit within the second of the load');
  });
});
