// The Hosts view: devstack hosts (setting and ~/.ssh/config) with their devstack, services, containers
// and config files, refreshed on a timer only while visible, one batch per host per refresh.
import * as vscode from 'vscode';
import {
  SECTION,
  affectsHosts,
  affectsProvisionSettings,
  affectsRefreshInterval,
  affectsSsh,
  readRefreshIntervalSeconds,
  writeRawHosts,
} from '../config';
import type { DevstackContext } from '../context';
import type { StepStatus } from '../core/provision/status';
import type { DevstackService, RemoteFile } from '../core/devstack/probe';
import { describeHost, hostSettingEntry, parseSshTarget, type HostConfig } from '../core/remote/hostConfig';
import type { ConnectionState } from '../core/remote/hostConnections';
import { RELEASE_LABELS } from '../core/schema/releases';
import { escapeMarkdown } from '../core/text/markdown';
import type { ContainerInfo, HostView } from '../remote/hostSnapshots';
import { RemoteAccess, type HostList } from './remoteLoader';
import { registerRemoteFileSystem, remoteUri } from './remoteFileSystem';

export type HostsNode =
  | { kind: 'host'; host: HostConfig; fromSshConfig: boolean }
  | { kind: 'problem'; message: string }
  | { kind: 'untrusted' }
  | { kind: 'info'; host: string; label: string; description?: string; tooltip?: string; icon: string; error?: boolean }
  | { kind: 'group'; host: string; group: 'services' | 'containers' | 'config' | 'provisioning' }
  | { kind: 'step'; host: string; step: StepStatus }
  | { kind: 'service'; host: string; service: DevstackService }
  | { kind: 'container'; host: string; container: ContainerInfo }
  | { kind: 'file'; host: string; file: RemoteFile };

export const HOSTS_VIEW_ID = 'devstackContrail.hosts';

/** How a step's status looks in the tree: its word, icon and colour. */
const STEP_LOOKS: Record<StepStatus['status'], [string, string, string | undefined]> = {
  applied: ['applied', 'pass-filled', 'testing.iconPassed'],
  needed: ['needed', 'circle-large-outline', undefined],
  conflict: ['conflict', 'warning', 'problemsWarningIcon.foreground'],
  unreadable: ['unreadable', 'error', 'problemsErrorIcon.foreground'],
  'not-applicable': ['n/a', 'dash', undefined],
};

const STATE_ICONS: Record<ConnectionState['status'], [string, string | undefined]> = {
  connected: ['vm-active', 'testing.iconPassed'],
  connecting: ['loading~spin', undefined],
  disconnected: ['vm-outline', undefined],
  unreachable: ['vm-outline', 'problemsErrorIcon.foreground'],
  'auth-needed': ['key', 'problemsWarningIcon.foreground'],
  'host-key': ['shield', 'problemsErrorIcon.foreground'],
};

/** The tree draws the runtime's host snapshots (remote/hostSnapshots.ts) and redraws when they change. */
export class HostsTreeProvider implements vscode.TreeDataProvider<HostsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<HostsNode | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly refreshed = new vscode.EventEmitter<void>();
  /** fires after each completed refresh (tests wait on it) */
  readonly onDidRefresh = this.refreshed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly remote: RemoteAccess) {
    this.subscription = remote.onDidChangeSnapshots(() => this.drawRefreshed());
  }

  redraw(): void {
    this.changed.fire();
  }

  /** The configured hosts (the setting, then ~/.ssh/config's). */
  hosts(): HostList {
    return this.remote.hostList();
  }

  /** The host list changed (settings, ssh config): read it again and redraw. */
  hostsChanged(): void {
    this.remote.invalidateHostList();
    this.changed.fire();
  }

  private drawRefreshed(): void {
    this.changed.fire();
    this.refreshed.fire();
  }

  /** Reads every host (or one) again; asked while a refresh runs, it resolves with a read started after that one. */
  async refresh(only?: string): Promise<void> {
    // no host to read: the remote bundle stays unloaded
    if (!this.remote.loaded && !this.hosts().hosts.some((h) => !only || h.name === only)) return this.drawRefreshed();
    await this.remote.get().snapshots.refresh(only);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
    this.refreshed.dispose();
  }

  getParent(node: HostsNode): HostsNode | undefined {
    if (node.kind === 'host' || node.kind === 'problem' || node.kind === 'untrusted') return undefined;
    const host = this.hosts().hosts.find((h) => h.name === node.host);
    if (!host) return undefined;
    if (node.kind === 'service') return { kind: 'group', host: node.host, group: 'services' };
    if (node.kind === 'container') return { kind: 'group', host: node.host, group: 'containers' };
    if (node.kind === 'file') return { kind: 'group', host: node.host, group: 'config' };
    if (node.kind === 'step') return { kind: 'group', host: node.host, group: 'provisioning' };
    return { kind: 'host', host, fromSshConfig: this.hosts().fromSshConfig.has(host.name) };
  }

  getChildren(node?: HostsNode): HostsNode[] {
    if (!node) {
      if (!vscode.workspace.isTrusted) return [{ kind: 'untrusted' }];
      const { hosts, problems, fromSshConfig } = this.hosts();
      return [
        ...problems.map((message): HostsNode => ({ kind: 'problem', message })),
        ...hosts.map((host): HostsNode => ({ kind: 'host', host, fromSshConfig: fromSshConfig.has(host.name) })),
      ];
    }
    if (node.kind === 'host') return this.hostChildren(node.host.name);
    if (node.kind !== 'group') return [];
    const view = this.remote.hostView(node.host);
    if (node.group === 'services')
      return (view?.snapshot?.services ?? []).map((service) => ({ kind: 'service', host: node.host, service }));
    if (node.group === 'containers') {
      if (view?.containersError) return [{ kind: 'info', host: node.host, label: view.containersError, icon: 'error', error: true }];
      return (view?.containers ?? []).map((container) => ({ kind: 'container', host: node.host, container }));
    }
    if (node.group === 'provisioning') {
      const problem = view?.stepsProblem;
      if (problem) return [{ kind: 'info', host: node.host, label: problem, icon: 'error', error: true, tooltip: problem }];
      return (view?.steps ?? []).map((step) => ({ kind: 'step', host: node.host, step }));
    }
    return (view?.snapshot?.files ?? []).map((file) => ({ kind: 'file', host: node.host, file }));
  }

  private hostChildren(name: string): HostsNode[] {
    const view = this.remote.hostView(name);
    const state = this.remote.loaded?.state(name);
    if (!view) return [{ kind: 'info', host: name, label: state?.message ?? 'not connected yet', icon: 'info' }];
    if (view.error) return [{ kind: 'info', host: name, label: view.error, icon: 'error', error: true, tooltip: view.error }];
    const d = view.snapshot?.devstack;
    const devstack: HostsNode = d
      ? {
          kind: 'info',
          host: name,
          label: 'devstack',
          icon: 'repo',
          description: `${d.dir} · ${d.branch ?? '?'} ${d.commit?.split(' ')[0] ?? ''} · ${d.era === '2014' ? '2014 (screen)' : 'systemd'}${d.release ? ` · ${RELEASE_LABELS[d.release.release].split(' ')[0]}` : ''}`,
          tooltip: `${d.dir}\nbranch ${d.branch ?? 'unknown'}\n${d.commit ?? ''}\nera: ${d.era === '2014' ? 'screen-based (2014)' : 'systemd devstack@* units'}\nsettings: ${d.settings ?? 'none'}${d.release ? `\nrelease: ${d.release.series}` : ''}`,
        }
      : {
          kind: 'info',
          host: name,
          label: 'devstack not found',
          description: 'set devstackDir, or clone it to /opt/stack/devstack',
          icon: 'warning',
          error: true,
        };
    const groups: HostsNode[] = [
      { kind: 'group', host: name, group: 'services' },
      { kind: 'group', host: name, group: 'containers' },
      { kind: 'group', host: name, group: 'config' },
    ];
    if (d) groups.push({ kind: 'group', host: name, group: 'provisioning' });
    return [devstack, ...groups];
  }

  getTreeItem(node: HostsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'host':
        return hostItem(node, this.remote.loaded?.state(node.host.name) ?? { status: 'disconnected' });
      case 'problem': {
        const item = new vscode.TreeItem(node.message);
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.command = { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: [`${SECTION}.hosts`] };
        return item;
      }
      case 'untrusted': {
        const item = new vscode.TreeItem('Trust this workspace to connect to devstack hosts');
        item.iconPath = new vscode.ThemeIcon('shield');
        item.command = { command: 'workbench.trust.manage', title: 'Manage Workspace Trust' };
        return item;
      }
      case 'info': {
        const item = new vscode.TreeItem(node.label);
        item.description = node.description;
        item.tooltip = node.tooltip ?? node.label;
        item.iconPath = new vscode.ThemeIcon(node.icon, node.error ? new vscode.ThemeColor('problemsErrorIcon.foreground') : undefined);
        return item;
      }
      case 'group':
        return groupItem(node, this.remote.hostView(node.host));
      case 'step':
        return stepItem(node);
      case 'service':
        return serviceItem(node);
      case 'container':
        return containerItem(node);
      case 'file':
        return fileItem(node);
    }
  }
}

function hostItem(node: Extract<HostsNode, { kind: 'host' }>, state: ConnectionState): vscode.TreeItem {
  const item = new vscode.TreeItem(node.host.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.description = `${describeHost(node.host)}${node.fromSshConfig ? ' (ssh config)' : ''}${state.status === 'connected' ? '' : ` — ${state.status}`}`;
  // host names come from settings and ssh config, the message from the host: shown as written
  const through = node.host.proxyJump ? `  \nthrough ${escapeMarkdown(node.host.proxyJump)}` : '';
  item.tooltip = new vscode.MarkdownString(
    `**${escapeMarkdown(node.host.name)}** — ${escapeMarkdown(describeHost(node.host))}${through}  \n${state.status}${state.message ? `: ${escapeMarkdown(state.message)}` : ''}`,
  );
  const [icon, color] = STATE_ICONS[state.status];
  item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
  item.contextValue = `host host-${state.status}${node.fromSshConfig ? ' host-sshconfig' : ''}`;
  item.id = `host:${node.host.name}`;
  return item;
}

function groupItem(node: Extract<HostsNode, { kind: 'group' }>, view: HostView | undefined): vscode.TreeItem {
  const label = { services: 'Services', containers: 'Containers', config: 'Config', provisioning: 'Provisioning: Docker + OpenContrail' }[
    node.group
  ];
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `${node.host}/${node.group}`;
  if (node.group === 'services') {
    const services = view?.snapshot?.services ?? [];
    item.description = `${services.filter((s) => s.state === 'running').length} running, ${services.filter((s) => s.state === 'stopped').length} stopped`;
    item.iconPath = new vscode.ThemeIcon('server-process');
  } else if (node.group === 'containers') {
    item.description = view?.containers ? `${view.containers.length}` : view?.containersError ? 'unavailable' : '';
    item.iconPath = new vscode.ThemeIcon('package');
  } else if (node.group === 'provisioning') {
    const steps = view?.steps ?? [];
    const applicable = steps.filter((x) => x.status !== 'not-applicable');
    item.description = view?.stepsProblem
      ? 'a provisioning setting cannot be used'
      : `${applicable.filter((x) => x.status === 'applied').length} of ${applicable.length} applied`;
    item.iconPath = new vscode.ThemeIcon('checklist');
  } else {
    item.iconPath = new vscode.ThemeIcon('settings-gear');
  }
  return item;
}

function stepItem(node: Extract<HostsNode, { kind: 'step' }>): vscode.TreeItem {
  const step = node.step;
  const item = new vscode.TreeItem(step.title);
  item.id = `${node.host}/step/${step.id}`;
  const [word, icon, color] = STEP_LOOKS[step.status];
  item.description = `${word} — ${step.detail}`;
  item.tooltip = `${step.id}: ${step.status}\n${step.detail}`;
  item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
  item.contextValue = `step step-${step.status}`;
  return item;
}

function serviceItem(node: Extract<HostsNode, { kind: 'service' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(node.service.name);
  item.id = `${node.host}/service/${node.service.name}`;
  item.description = `${node.service.state}${node.service.enabled ? '' : ' (not in ENABLED_SERVICES)'}`;
  item.iconPath = new vscode.ThemeIcon(
    node.service.state === 'running' ? 'pass-filled' : 'circle-slash',
    new vscode.ThemeColor(node.service.state === 'running' ? 'testing.iconPassed' : 'disabledForeground'),
  );
  item.tooltip = node.service.log.kind === 'file' ? `log: ${node.service.log.path}` : `journalctl -u ${node.service.log.unit}`;
  item.contextValue = `service service-${node.service.state}`;
  return item;
}

function containerItem(node: Extract<HostsNode, { kind: 'container' }>): vscode.TreeItem {
  const c = node.container;
  const item = new vscode.TreeItem(c.name);
  item.id = `${node.host}/container/${c.id}`;
  item.description = `${c.image} · ${c.status}${c.novaServer ? ' · Nova instance' : ''}`;
  item.tooltip = `${c.name}\n${c.image}\n${c.state}: ${c.status}${c.novaServer ? `\nNova server ${c.novaServer}` : ''}`;
  item.iconPath = new vscode.ThemeIcon(
    c.novaServer ? 'vm' : 'package',
    new vscode.ThemeColor(c.state === 'running' ? 'testing.iconPassed' : 'disabledForeground'),
  );
  item.contextValue = `container container-${c.state}`;
  return item;
}

function fileItem(node: Extract<HostsNode, { kind: 'file' }>): vscode.TreeItem {
  const f = node.file;
  const item = new vscode.TreeItem(f.label);
  item.id = `${node.host}/file/${f.path}`;
  item.description = f.exists ? f.path : `${f.path} (missing)`;
  item.iconPath = new vscode.ThemeIcon(f.exists ? 'file' : 'circle-large-outline');
  item.resourceUri = f.exists ? remoteUri(node.host, f.path) : undefined;
  if (f.exists) item.command = { command: 'vscode.open', title: 'Open', arguments: [remoteUri(node.host, f.path)] };
  item.contextValue = f.exists ? 'file' : 'file-missing';
  return item;
}

export async function addHost(tree: HostsTreeProvider): Promise<void> {
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
  if (tree.hosts().hosts.some((h) => h.name === entry.name)) {
    void vscode.window.showWarningMessage(`A host named "${entry.name}" is already configured.`);
    return;
  }
  await writeRawHosts((raw) => [...raw, entry]);
  tree.hostsChanged();
}

/** The host a node of the Hosts view belongs to (the argument of its context menu's commands). */
export function hostName(node: unknown): string | undefined {
  const n = node as HostsNode | undefined;
  if (!n) return undefined;
  if (n.kind === 'host') return n.host.name;
  return 'host' in n && typeof n.host === 'string' ? n.host : undefined;
}

/** Refreshes every `devstackContrail.refreshInterval` seconds while the view is visible. */
export function startRefreshTimer<T>(ctx: DevstackContext, view: vscode.TreeView<T>, tree: { refresh(): Promise<void> }): void {
  let timer: NodeJS.Timeout | undefined;
  // a tick while the last tick's refresh still runs (a slow host) is skipped rather than queued behind it
  let ticking: Promise<void> | undefined;
  const tick = (): void => {
    ticking ??= tree.refresh().finally(() => {
      ticking = undefined;
    });
  };
  const schedule = (): void => {
    clearInterval(timer);
    timer = undefined;
    const seconds = readRefreshIntervalSeconds();
    if (view.visible && vscode.workspace.isTrusted && seconds > 0) {
      tick();
      timer = setInterval(tick, seconds * 1000);
    }
  };
  ctx.track(view.onDidChangeVisibility(schedule));
  ctx.track(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsRefreshInterval(e)) schedule();
    }),
  );
  ctx.track(new vscode.Disposable(() => clearInterval(timer)));
  schedule();
}

export interface HostsFeature {
  readonly tree: HostsTreeProvider;
  readonly view: vscode.TreeView<HostsNode>;
  readonly remote: RemoteAccess;
}

export function registerHostsView(ctx: DevstackContext): HostsFeature {
  const remote = ctx.track(new RemoteAccess(ctx));
  const tree = ctx.track(new HostsTreeProvider(remote));
  const view = ctx.track(vscode.window.createTreeView(HOSTS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true }));
  registerRemoteFileSystem(ctx, remote);
  ctx.track(remote.onDidChangeState(() => tree.redraw()));
  ctx.track(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsHosts(e) || affectsSsh(e)) {
        tree.hostsChanged();
      }
      // the steps are judged against the repositories and branches a plan would use
      if (affectsProvisionSettings(e)) remote.provisionSettingsChanged();
    }),
  );
  ctx.track(vscode.workspace.onDidGrantWorkspaceTrust(() => tree.redraw()));
  startRefreshTimer(ctx, view, tree);

  return { tree, view, remote };
}
