import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DevstackContrailApi } from '../../../src/extension';
import { screenshot } from '../screenshot';
import { waitFor } from '../../shared/polling';

const EXTENSION_ID = 'devstack-contrail.devstack-contrail';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with examples/ open as the workspace');
  return vscode.Uri.joinPath(folder.uri, name);
}

describe('extension activation', () => {
  it('is not active before a devstack file is opened (lazy activation)', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed in the extension host`);
    assert.equal(extension.isActive, false);
  });

  it('activates when a localrc is opened, which gets the devstack-localrc language', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('localrc'));
    await vscode.window.showTextDocument(document);
    assert.equal(path.basename(document.fileName), 'localrc');
    assert.equal(document.languageId, 'devstack-localrc');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    await waitFor('activation', () => extension?.isActive);
  });

  it('gives local.conf, nova.conf, ContrailPlugin.ini and *.filters their languages', async () => {
    const expected: Record<string, string> = {
      'local.conf': 'devstack-local-conf',
      'nova.conf': 'oslo-conf',
      'ContrailPlugin.ini': 'oslo-conf',
      'docker.filters': 'rootwrap-filters',
    };
    for (const [file, language] of Object.entries(expected)) {
      const document = await vscode.workspace.openTextDocument(workspaceFile(file));
      assert.equal(document.languageId, language, file);
    }
  });
});

describe('contributions', () => {
  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of [
      'devstackContrail.addHost',
      'devstackContrail.removeHost',
      'devstackContrail.refreshHosts',
      'devstackContrail.bootInstance',
      'devstackContrail.inspectInstance',
      'devstackContrail.refreshInstances',
      'devstackContrail.addCloud',
      'devstackContrail.pickCloud',
    ]) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
  });

  it("shows a failing command's error, with the way to the log, instead of a rejection nobody sees", async () => {
    const window = vscode.window as unknown as { showErrorMessage: (message: string, ...items: string[]) => Thenable<string | undefined> };
    const original = window.showErrorMessage;
    const shown: string[] = [];
    window.showErrorMessage = async (message: string, ...items: string[]) => {
      shown.push([message, ...items].join(' | '));
      return undefined;
    };
    try {
      const node = { kind: 'host', host: { name: 'no-such-host', host: '127.0.0.9', port: 22 }, fromSshConfig: false };
      assert.equal(await vscode.commands.executeCommand('devstackContrail.applySetup', node, { acceptAll: true }), undefined);
    } finally {
      window.showErrorMessage = original;
    }
    assert.deepEqual(shown, ['Apply Contrail Setup failed: no host named "no-such-host" is configured | Show Log']);
  });

  it('contributes the DevStack container with its Hosts and Instances views, which the workbench can show', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: {
        viewsContainers: { activitybar: { id: string; title: string }[] };
        views: Record<string, { id: string; name: string }[]>;
      };
    };
    assert.deepEqual(
      pkg.contributes.viewsContainers.activitybar.map((c) => [c.id, c.title]),
      [['devstackContrail', 'DevStack']],
    );
    assert.deepEqual(
      pkg.contributes.views.devstackContrail.map((v) => [v.id, v.name]),
      [
        ['devstackContrail.hosts', 'Hosts'],
        ['devstackContrail.instances', 'Instances'],
      ],
    );
    const commands = await vscode.commands.getCommands(true);
    for (const view of ['hosts', 'instances'])
      assert.ok(commands.includes(`devstackContrail.${view}.focus`), `the workbench created the ${view} view (its focus command exists)`);
    await vscode.commands.executeCommand('devstackContrail.hosts.focus');
  });

  it('shows the hosts of the setting in the Hosts view, and a warning for a broken entry', async () => {
    const api = vscode.extensions.getExtension<DevstackContrailApi>(EXTENSION_ID)?.exports;
    assert.ok(api, 'the extension returns its API from activate()');
    const changed = new Promise<void>((resolve) => {
      const d = api.hostsTree.onDidChangeTreeData(() => {
        d.dispose();
        resolve();
      });
    });
    await vscode.workspace
      .getConfiguration('devstackContrail')
      .update(
        'hosts',
        [{ name: 'devstack-2014', host: '127.0.0.2', port: 2222, user: 'stack' }, { name: 'no-address' }],
        vscode.ConfigurationTarget.Global,
      );
    await changed;
    const items = api.hostsTree.getChildren().map((node) => api.hostsTree.getTreeItem(node));
    assert.deepEqual(
      items.map((i) => [i.label, i.description]),
      [
        ['host #2: "host" is missing', undefined],
        ['devstack-2014', 'stack@127.0.0.2:2222 — disconnected'],
      ],
    );
    await vscode.commands.executeCommand('devstackContrail.refreshHosts');
  });

  it('leaves the workbench showing a localrc and the DevStack sidebar (for the screenshot)', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('localrc'));
    const editor = await vscode.window.showTextDocument(document);
    assert.equal(editor.document.languageId, 'devstack-localrc');
    await vscode.commands.executeCommand('workbench.view.extension.devstackContrail');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await screenshot('hosts-view-and-localrc');
  });
});
