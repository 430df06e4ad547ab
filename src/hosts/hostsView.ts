// The Hosts view: the devstack hosts of the devstackContrail.hosts setting.
import * as vscode from 'vscode';
import { affectsHosts, readHosts, writeRawHosts } from '../config';
import type { DevstackContext } from '../context';
import { describeHost, hostEntryName, hostSettingEntry, parseSshTarget, type HostConfig } from '../core/remote/hostConfig';

type HostsNode = { kind: 'host'; host: HostConfig } | { kind: 'problem'; message: string } | { kind: 'untrusted' };

export const HOSTS_VIEW_ID = 'devstackContrail.hosts';

export class HostsTreeProvider implements vscode.TreeDataProvider<HostsNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  getChildren(node?: HostsNode): HostsNode[] {
    if (node) return [];
    if (!vscode.workspace.isTrusted) return [{ kind: 'untrusted' }];
    const { hosts, problems } = readHosts();
    return [
      ...problems.map((message): HostsNode => ({ kind: 'problem', message })),
      ...hosts.map((host): HostsNode => ({ kind: 'host', host })),
    ];
  }

  getTreeItem(node: HostsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'host': {
        const item = new vscode.TreeItem(node.host.name, vscode.TreeItemCollapsibleState.None);
        item.description = describeHost(node.host);
        item.tooltip = new vscode.MarkdownString(
          `**${node.host.name}**\n\n${describeHost(node.host)}` +
          (node.host.proxyJump ? `\n\nthrough ${node.host.proxyJump}` : '') +
          (node.host.devstackDir ? `\n\ndevstack: \`${node.host.devstackDir}\`` : ''));
        item.iconPath = new vscode.ThemeIcon('server');
        item.contextValue = 'host';
        item.id = `host:${node.host.name}`;
        return item;
      }
      case 'problem': {
        const item = new vscode.TreeItem(node.message);
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.command = { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['devstackContrail.hosts'] };
        return item;
      }
      case 'untrusted': {
        const item = new vscode.TreeItem('Trust this workspace to connect to devstack hosts');
        item.iconPath = new vscode.ThemeIcon('shield');
        item.command = { command: 'workbench.trust.manage', title: 'Manage Workspace Trust' };
        return item;
      }
    }
  }
}

async function addHost(tree: HostsTreeProvider): Promise<void> {
  const answer = await vscode.window.showInputBox({
    title: 'Add devstack host',
    prompt: 'SSH destination of the devstack host',
    placeHolder: 'stack@devstack.example.org:22',
    ignoreFocusOut: true,
    validateInput: (text) => {
      try {
        parseSshTarget(text);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
  if (answer === undefined) return;
  const entry = hostSettingEntry(parseSshTarget(answer));
  const { hosts } = readHosts();
  if (hosts.some((h) => h.name === entry.name)) {
    void vscode.window.showWarningMessage(`A host named "${entry.name}" is already configured.`);
    return;
  }
  await writeRawHosts((raw) => [...raw, entry]);
  tree.refresh();
}

async function removeHost(tree: HostsTreeProvider, node: unknown): Promise<void> {
  const name = (node as HostsNode | undefined)?.kind === 'host' ? (node as { host: HostConfig }).host.name : undefined;
  if (!name) return;
  await writeRawHosts((raw) => raw.filter((item) => hostEntryName(item) !== name));
  tree.refresh();
}

export function registerHostsView(ctx: DevstackContext): HostsTreeProvider {
  const tree = new HostsTreeProvider();
  ctx.track(vscode.window.createTreeView(HOSTS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: false }));
  ctx.track(vscode.workspace.onDidChangeConfiguration((e) => { if (affectsHosts(e)) tree.refresh(); }));
  ctx.track(vscode.workspace.onDidGrantWorkspaceTrust(() => tree.refresh()));
  ctx.registerCommand('devstackContrail.addHost', () => addHost(tree));
  ctx.registerCommand('devstackContrail.removeHost', (node) => removeHost(tree, node));
  ctx.registerCommand('devstackContrail.refreshHosts', () => tree.refresh());
  return tree;
}
