// The Instances view: Nova servers of every cloud (settings, clouds.yaml, a host's openrc), grouped by
// compute host, refreshed while visible; a status bar item with the active cloud's ACTIVE/ERROR count.
import * as vscode from 'vscode';
import type { CommandId } from '../commands/ids';
import {
  affectsClouds,
  affectsLoad,
  affectsNotifications,
  readBusyCpuPercent,
  readCloudSettings,
  readNotificationKinds,
  writeRawClouds,
} from '../config';
import type { DevstackContext, GlobalStateValues, TypedMemento } from '../context';
import { computeHostGroup } from '../core/openstack/computeHost';
import type { Server } from '../core/openstack/types';
import { startRefreshTimer } from '../hosts/hostsView';
import type { RemoteAccess } from '../hosts/remoteLoader';
import { InstancePanels, type InstanceBackend } from '../webviews/instancePanels';
import { instanceBackends, type InstanceCommandsDeps, type StackProgressShown } from './instanceCommands';
import { cloudPassword, forgetCloudPassword, storeCloudPassword, WorkspaceCloudsQuestion } from './cloudSecrets';
import { typedCloudAuth } from '../core/openstack/cloudEntries';
import type { CloudRef, Clouds } from '../remote/clouds';
import type { RemoteRuntime } from '../remote/remoteRuntime';
import { computeHostLoadText, containerLoadText, rightSizingText } from '../core/load/loadText';
import { Notifications } from './notifications';
import { stackChildren, stackParent, stacksNodeOf, stackTreeItem } from './stackNodes';

const STACK_KINDS: ReadonlySet<InstancesNode['kind']> = new Set(['stacks', 'stack', 'stackResource', 'container']);

export const INSTANCES_VIEW_ID = 'devstackContrail.instances';
/** how often a host's containers are read again while a server shown has none there yet */
const CONTAINERS_REREAD_MS = 10_000;

import type { InstancesNode } from './instancesNode';

export type { InstancesNode };

const STATUS_ICONS: Record<string, [string, string | undefined]> = {
  ACTIVE: ['vm-running', 'testing.iconPassed'],
  ERROR: ['error', 'problemsErrorIcon.foreground'],
  BUILD: ['loading~spin', undefined],
  REBUILD: ['loading~spin', undefined],
  REBOOT: ['loading~spin', undefined],
  HARD_REBOOT: ['loading~spin', undefined],
  SHUTOFF: ['vm-outline', 'disabledForeground'],
  PAUSED: ['debug-pause', undefined],
  SUSPENDED: ['debug-pause', undefined],
  DELETED: ['trash', 'disabledForeground'],
};

/** The tree draws the runtime's clouds (remote/clouds.ts) and redraws when they are listed again. */
export class InstancesTreeProvider implements vscode.TreeDataProvider<InstancesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<InstancesNode | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly refreshed = new vscode.EventEmitter<void>();
  /** fires after each completed refresh (tests and the status bar wait on it) */
  readonly onDidRefresh = this.refreshed.event;
  /** the runtime's clouds, once they are loaded (the first refresh or command loads them) */
  private source?: Clouds;
  private subscription?: { dispose(): void };
  /** the live load streams of the compute hosts shown, only while the view is visible */
  private readonly watching = new Map<string, { dispose(): void }>();
  private visible = false;
  /** when each host's container list was last read again for a server not in it */
  private readonly containersAskedAt = new Map<string, number>();
  /** the stack branch's children as last read, by their parent's id, and the reads under way */
  private readonly stackKids = new Map<string, { children: InstancesNode[]; signature: string }>();
  private readonly stackLoading = new Set<string>();

  constructor(
    private readonly runtime: () => Clouds,
    /** the remote runtime's live load and host snapshots, when the workspace is trusted */
    private readonly live: () => Pick<RemoteRuntime, 'load' | 'snapshots' | 'incidents'> | undefined = () => undefined,
  ) {}

  /** Watches live load while the view shows; a hidden view costs nothing. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (!visible) this.stopWatching();
    else this.changed.fire();
  }

  private stopWatching(keep: ReadonlySet<string> = new Set()): void {
    for (const [host, watch] of this.watching) {
      if (keep.has(host)) continue;
      watch.dispose();
      this.watching.delete(host);
    }
  }

  private watchLoad(sshHost: string): void {
    if (!this.visible || this.watching.has(sshHost)) return;
    const live = this.live();
    if (!live) return;
    // a reading every 2 s redraws the tree (items keep their ids, so nothing jumps); the host's
    // containers and answering are watched for notifications meanwhile
    const load = live.load.watch(sshHost, () => this.changed.fire());
    const incidents = readNotificationKinds().size > 0 ? live.incidents.watch(sshHost) : undefined;
    this.watching.set(sshHost, {
      dispose: () => {
        load.dispose();
        incidents?.dispose();
      },
    });
    if (!live.snapshots.get(sshHost)) void live.snapshots.refresh(sshHost);
  }

  /** The compute hosts' SSH hosts of the clouds as listed now. */
  private shownSshHosts(): Set<string> {
    const hosts = new Set<string>();
    for (const cloud of this.cloudList()) {
      for (const server of this.serversOf(cloud.name) ?? []) {
        const sshHost = this.source?.hostOf(cloud, server);
        if (sshHost) hosts.add(sshHost);
      }
    }
    return hosts;
  }

  /** Draws these clouds from now on, redrawing whenever they are listed again. */
  attach(clouds: Clouds): void {
    this.subscription?.dispose();
    this.source = clouds;
    this.subscription = clouds.onDidChange(() => {
      this.stopWatching(this.shownSshHosts());
      this.changed.fire();
      this.refreshed.fire();
    });
  }

  cloudList(): readonly CloudRef[] {
    return this.source?.cloudList() ?? [];
  }

  serversOf(cloud: string): readonly Server[] | undefined {
    return this.source?.state(cloud)?.servers;
  }

  errorOf(cloud: string): string | undefined {
    return this.source?.state(cloud)?.error;
  }

  /** Lists the clouds and the servers of each; asked while a listing runs, it resolves with one started after it. */
  async refresh(): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      this.changed.fire();
      this.refreshed.fire();
      return;
    }
    await this.runtime().refresh();
  }

  dispose(): void {
    this.stopWatching();
    this.subscription?.dispose();
    this.changed.dispose();
    this.refreshed.dispose();
  }

  /** The stack branch's children as Heat and the hosts tell them now (the tree shows them once read). */
  async stackChildren(node: InstancesNode): Promise<InstancesNode[]> {
    return (await stackChildren(this.source, node, this.live)) ?? [];
  }

  /** A stack branch node's children as last read; read again now, redrawn when they changed. */
  private stackBranch(node: InstancesNode): InstancesNode[] {
    const key = this.getTreeItem(node).id ?? node.kind;
    if (!this.stackLoading.has(key)) {
      this.stackLoading.add(key);
      void this.stackChildren(node)
        .catch((error: unknown): InstancesNode[] => [{ kind: 'message', label: (error as Error).message, error: true }])
        .then((children) => {
          this.stackLoading.delete(key);
          const signature = children.map((n) => `${this.getTreeItem(n).id}|${String(this.getTreeItem(n).description)}`).join('\n');
          if (this.stackKids.get(key)?.signature === signature) return;
          this.stackKids.set(key, { children, signature });
          this.changed.fire();
        });
    }
    return this.stackKids.get(key)?.children ?? [{ kind: 'message', label: 'Loading…', icon: 'loading~spin' }];
  }

  getChildren(node?: InstancesNode): InstancesNode[] {
    if (node && (node.kind === 'server' ? node.inStack : STACK_KINDS.has(node.kind))) return this.stackBranch(node);
    if (!node) {
      if (!vscode.workspace.isTrusted)
        return [{ kind: 'message', label: 'Trust this workspace to reach OpenStack clouds', icon: 'shield' }];
      const problems = (this.source?.problems() ?? []).map((p): InstancesNode => ({ kind: 'message', label: p, error: true }));
      const clouds = this.cloudList();
      if (clouds.length === 0) {
        return [
          ...problems,
          {
            kind: 'message',
            label: problems.length === 0 ? "No clouds yet: add one (clouds.yaml, a host's openrc, or typed in)" : 'No clouds',
          },
        ];
      }
      return [...problems, ...clouds.map((cloud): InstancesNode => ({ kind: 'cloud', cloud }))];
    }
    if (node.kind === 'cloud') {
      const state = this.source?.state(node.cloud.name);
      if (!state) return [{ kind: 'message', label: 'Loading…', cloud: node.cloud }];
      if (state.error) return [{ kind: 'message', label: state.error, error: true, cloud: node.cloud }];
      const hosts = [...new Set((state.servers ?? []).map(computeHostGroup))].sort();
      const stacks = stacksNodeOf(this.source, node.cloud);
      if (hosts.length === 0)
        return [{ kind: 'message', label: 'No servers: Boot Instance… in the view title', cloud: node.cloud }, ...stacks];
      return [...hosts.map((host): InstancesNode => ({ kind: 'computeHost', cloud: node.cloud, host })), ...stacks];
    }
    if (node.kind === 'computeHost') {
      return (this.source?.state(node.cloud.name)?.servers ?? [])
        .filter((s) => computeHostGroup(s) === node.host)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((server): InstancesNode => ({ kind: 'server', cloud: node.cloud, server }));
    }
    return [];
  }

  /** For reveal(): the items carry ids, so a parent made anew is the one shown. */
  getParent(node: InstancesNode): InstancesNode | undefined {
    const inStacks = stackParent(node);
    if (inStacks) return inStacks;
    if (node.kind === 'server') return { kind: 'computeHost', cloud: node.cloud, host: computeHostGroup(node.server) };
    if (node.kind === 'computeHost') return { kind: 'cloud', cloud: node.cloud };
    if (node.kind === 'message' && node.cloud) return { kind: 'cloud', cloud: node.cloud };
    return undefined;
  }

  /** The live CPU and memory of a server's container while its host is watched, and the right-sizing advice. */
  private containerLoad(cloud: CloudRef, server: Server): { text?: string; advice?: string } {
    const sshHost = this.source?.hostOf(cloud, server);
    const live = sshHost ? this.live() : undefined;
    if (!sshHost || !live) return {};
    const info = live.snapshots.get(sshHost)?.containers?.find((c) => c.novaServer === server.id);
    // a container newer than the host's last read (a server just booted): read the host again, now and then
    if (!info && this.visible && Date.now() - (this.containersAskedAt.get(sshHost) ?? 0) > CONTAINERS_REREAD_MS) {
      this.containersAskedAt.set(sshHost, Date.now());
      void live.snapshots.refresh(sshHost);
    }
    const reading = info && live.load.load(sshHost)?.containers.find((c) => c.id.startsWith(info.id) || info.id.startsWith(c.id));
    const summary = reading && live.load.tracker(sshHost)?.container(reading.id);
    const flavors = this.source?.state(cloud.name)?.flavors;
    return { text: containerLoadText(reading), advice: summary && rightSizingText(summary, flavors, server.flavor) };
  }

  /** A compute host, with its live CPU and memory and what flavors hold there while the view shows it. */
  private computeHostItem(node: Extract<InstancesNode, { kind: 'computeHost' }>): vscode.TreeItem {
    const item = new vscode.TreeItem(node.host, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `host:${node.cloud.name}:${node.host}`;
    item.iconPath = new vscode.ThemeIcon('server');
    item.contextValue = 'computeHost';
    const sshHost = this.source?.sshHostOfCompute(node.cloud, node.host);
    const live = sshHost ? this.live() : undefined;
    if (sshHost && live) {
      this.watchLoad(sshHost);
      const reservation = this.source?.state(node.cloud.name)?.reservations?.find((r) => r.host === node.host);
      const text = computeHostLoadText(live.load.load(sshHost), live.load.problem(sshHost), reservation, readBusyCpuPercent());
      item.description = text.description;
      item.tooltip = `${node.host} (over SSH: ${sshHost})\n${text.tooltip}`;
      if (text.busy) item.iconPath = new vscode.ThemeIcon('server', new vscode.ThemeColor('list.warningForeground'));
    }
    return item;
  }

  getTreeItem(node: InstancesNode): vscode.TreeItem {
    const stackItem = stackTreeItem(this.source, node, this.live);
    if (stackItem) return stackItem;
    switch (node.kind) {
      case 'cloud': {
        const state = this.source?.state(node.cloud.name);
        const empty = state?.servers?.length === 0 && !state.error;
        const item = new vscode.TreeItem(
          node.cloud.name,
          empty ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Expanded,
        );
        item.id = `cloud:${node.cloud.name}`;
        item.description = state?.error ? 'unreachable' : empty ? 'no servers' : state?.servers ? countsText(state.servers) : '';
        item.tooltip = `${node.cloud.name}\nfrom ${node.cloud.origin}${node.cloud.sshHost ? `\ncontainers on ${node.cloud.sshHost}` : ''}`;
        item.iconPath = new vscode.ThemeIcon('cloud', state?.error ? new vscode.ThemeColor('problemsErrorIcon.foreground') : undefined);
        item.contextValue = 'cloud';
        return item;
      }
      case 'computeHost':
        return this.computeHostItem(node);
      case 'server': {
        const { server } = node;
        const item = new vscode.TreeItem(server.name, vscode.TreeItemCollapsibleState.None);
        item.id = `server:${node.cloud.name}:${server.id}`;
        const [icon, color] = STATUS_ICONS[server.status] ?? ['vm', undefined];
        item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
        const addresses = server.addresses.map((a) => a.addr).join(', ');
        const load = this.containerLoad(node.cloud, server);
        item.description = [server.status + (server.taskState ? ` (${server.taskState})` : ''), addresses, load.text]
          .filter(Boolean)
          .join(' · ');
        const tooltip = new vscode.MarkdownString();
        tooltip.appendText(
          `${server.name}\n${server.id}\nstatus ${server.status}${server.fault ? `\nfault: ${server.fault.message}` : ''}\nhost ${server.host ?? '—'}\nflavor ${server.flavor.name ?? server.flavor.id ?? '—'}\n${addresses}${load.advice ? `\n${load.advice}` : ''}`,
        );
        item.tooltip = tooltip;
        item.contextValue = `server.${server.status}`;
        item.command = { command: 'devstackContrail.inspectInstance' satisfies CommandId, title: 'Inspect', arguments: [node] };
        return item;
      }
      default:
        return this.messageItem(node);
    }
  }

  private messageItem(node: InstancesNode): vscode.TreeItem {
    switch (node.kind) {
      case 'message': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(
          node.icon ?? (node.error ? 'error' : 'info'),
          node.error ? new vscode.ThemeColor('problemsErrorIcon.foreground') : undefined,
        );
        item.tooltip = node.detail ?? node.label;
        return item;
      }
      default:
        return new vscode.TreeItem(node.kind);
    }
  }

  redraw(): void {
    this.changed.fire();
  }
}

function statusCounts(servers: readonly Server[] = []): { active: number; error: number } {
  return { active: servers.filter((s) => s.status === 'ACTIVE').length, error: servers.filter((s) => s.status === 'ERROR').length };
}

function countsText(servers: readonly Server[]): string {
  const { active, error } = statusCounts(servers);
  return `${active} active${error ? `, ${error} error` : ''} of ${servers.length}`;
}

/** The status bar item: the active cloud, and how many of its servers are ACTIVE / in ERROR. */
export class CloudStatus implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('devstackContrail.cloud', vscode.StatusBarAlignment.Left, 40);

  constructor(
    private readonly tree: InstancesTreeProvider,
    private readonly memento: TypedMemento<GlobalStateValues>,
  ) {
    this.item.name = 'DevStack cloud';
    this.item.command = 'devstackContrail.pickCloud' satisfies CommandId;
  }

  active(): CloudRef | undefined {
    const clouds = this.tree.cloudList();
    const chosen = this.memento.get('devstackContrail.activeCloud');
    return clouds.find((c) => c.name === chosen) ?? clouds[0];
  }

  async choose(name: string): Promise<void> {
    await this.memento.update('devstackContrail.activeCloud', name);
    this.update();
  }

  update(): void {
    const cloud = this.active();
    if (!cloud) {
      this.item.hide();
      return;
    }
    const servers = this.tree.serversOf(cloud.name);
    const error = this.tree.errorOf(cloud.name);
    const { active, error: failed } = statusCounts(servers);
    this.item.text = error
      ? `$(cloud) ${cloud.name}: $(error) unreachable`
      : `$(cloud) ${cloud.name}: $(vm-running) ${active}${failed ? ` $(error) ${failed}` : ''}`;
    this.item.tooltip = error
      ? `${cloud.name}: ${error}`
      : `${cloud.name}: ${active} ACTIVE, ${failed} ERROR of ${servers?.length ?? 0} servers (click to pick another cloud)`;
    this.item.backgroundColor = failed || error ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

export interface InstancesFeature extends InstanceCommandsDeps {
  readonly tree: InstancesTreeProvider;
  readonly status: CloudStatus;
  readonly view: vscode.TreeView<InstancesNode>;
  /** the panels' backend of a cloud, one per cloud */
  readonly backend: (cloud: CloudRef) => InstanceBackend;
  /** the open Boot and Inspect panels */
  readonly panels: InstancePanels;
  /** containers that end, hosts that stop answering, servers that fail: grouped warnings */
  readonly notifications: Notifications;
  /** each progress a Stack panel shows, when it posts it */
  readonly stackProgress: vscode.EventEmitter<StackProgressShown>;
}

export function registerInstancesView(ctx: DevstackContext, remote: RemoteAccess): InstancesFeature {
  let runtime: Clouds | undefined;
  const question = new WorkspaceCloudsQuestion(ctx.extension.globalState);
  const localFolders = (): string[] =>
    (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const getRuntime = (): Clouds => {
    if (runtime) return runtime;
    runtime = ctx.track(
      remote.clouds({
        settingProblems: () => readCloudSettings().problems,
        entries: () => readCloudSettings().entries,
        cloudsFile: () => readCloudSettings().cloudsFile,
        cwd: () => localFolders()[0],
        workspaceDirs: localFolders,
        approveWorkspaceFile: (file) => question.approve(file),
        password: (cloud, account) => cloudPassword(ctx, cloud, account),
      }),
    );
    tree.attach(runtime);
    return runtime;
  };
  const notifications: Notifications = ctx.track(new Notifications(ctx.log, remote, (serverId) => serverNameOf(tree, serverId)));
  const tree: InstancesTreeProvider = ctx.track(new InstancesTreeProvider(getRuntime, () => notifications.runtime()));
  const view = ctx.track(vscode.window.createTreeView(INSTANCES_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true }));
  tree.setVisible(view.visible);
  ctx.track(view.onDidChangeVisibility((e) => tree.setVisible(e.visible)));
  const status = ctx.track(new CloudStatus(tree, ctx.globalState));
  ctx.track(tree.onDidRefresh(() => status.update()));
  ctx.track(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsClouds(e)) {
        runtime?.reset();
        void tree.refresh();
      }
      if (affectsLoad(e)) tree.redraw();
      // the streams are opened again as the setting now says (none when every notification is off)
      if (affectsNotifications(e)) {
        tree.setVisible(false);
        tree.setVisible(view.visible);
      }
    }),
  );
  ctx.track(vscode.workspace.onDidGrantWorkspaceTrust(() => void tree.refresh()));
  startRefreshTimer(ctx, view, tree);

  const deps = { remote, runtime: getRuntime, tree, status };
  const stackProgress = ctx.track(new vscode.EventEmitter<StackProgressShown>());
  return { ...deps, view, backend: instanceBackends(ctx, deps), panels: ctx.track(new InstancePanels()), notifications, stackProgress };
}

/** A server's name by id, from the clouds as last listed. */
function serverNameOf(tree: InstancesTreeProvider, serverId: string): string | undefined {
  for (const cloud of tree.cloudList()) {
    const server = tree.serversOf(cloud.name)?.find((s) => s.id === serverId);
    if (server) return server.name;
  }
  return undefined;
}

/** "Pick Active Cloud…": the cloud of the status bar item. */
export async function pickCloud({ tree, status }: InstancesFeature): Promise<void> {
  if (tree.cloudList().length === 0) await tree.refresh();
  const pick = await vscode.window.showQuickPick(
    tree.cloudList().map((c) => ({ label: c.name, description: c.origin, cloud: c })),
    { title: 'Active cloud' },
  );
  if (pick) await status.choose(pick.cloud.name);
}

/** "Sign In to Cloud Again": forgets the cloud's stored password, so the next request asks for it. */
export async function signInAgain(
  ctx: DevstackContext,
  { tree, status, runtime: getRuntime }: InstancesFeature,
  arg: unknown,
): Promise<void> {
  const node = arg as InstancesNode | undefined;
  const name = node && 'cloud' in node && node.cloud ? node.cloud.name : status.active()?.name;
  if (!name) return;
  const typed = readCloudSettings().entries.find((e) => e.name === name && e.authUrl);
  await forgetCloudPassword(ctx, name, typed?.authUrl ? typedCloudAuth({ ...typed, authUrl: typed.authUrl }) : undefined);
  getRuntime().reset(name);
  await tree.refresh();
}

/** "Add Cloud…": from a host's openrc, from clouds.yaml, or typed in (the password to SecretStorage). */
export async function addCloud(ctx: DevstackContext, remote: RemoteAccess): Promise<void> {
  const how = await vscode.window.showQuickPick(
    [
      {
        label: "From a devstack host's openrc",
        id: 'openrc',
        detail: 'reads /opt/stack/devstack/openrc over SSH each time; no password stored here',
      },
      {
        label: 'From clouds.yaml',
        id: 'yaml',
        detail: 'a cloud of ./clouds.yaml, ~/.config/openstack/clouds.yaml or /etc/openstack/clouds.yaml',
      },
      { label: 'Type it in', id: 'typed', detail: "Keystone URL, user and project; the password goes to VS Code's secret storage" },
    ],
    { title: 'Add Cloud' },
  );
  if (!how) return;
  let entry: Record<string, unknown> | undefined;
  if (how.id === 'openrc') {
    const host = await vscode.window.showQuickPick(remote.hostNames(), { title: 'The devstack host whose openrc to use' });
    if (!host) return;
    const user = await vscode.window.showInputBox({ title: 'openrc user', value: 'admin' });
    if (user === undefined) return;
    entry = { name: `${host} (${user})`, openrcHost: host, openrcUser: user, openrcProject: user, sshHost: host };
  } else if (how.id === 'yaml') {
    const name = await vscode.window.showInputBox({
      title: "The cloud's name in clouds.yaml",
      prompt: 'clouds.yaml clouds appear by themselves; naming one here lets you set the host that runs its containers',
    });
    if (!name) return;
    const host = await vscode.window.showQuickPick(remote.hostNames(), { title: 'The devstack host that runs its containers (Esc: none)' });
    entry = { name, cloud: name, ...(host ? { sshHost: host } : {}) };
  } else {
    const authUrl = await vscode.window.showInputBox({
      title: 'Keystone URL',
      value: 'http://127.0.0.1/identity/v3',
      validateInput: (v) => (/^https?:\/\//.test(v) ? undefined : 'an http:// or https:// URL'),
    });
    if (!authUrl) return;
    const username = await vscode.window.showInputBox({ title: 'User', value: 'admin' });
    if (!username) return;
    const projectName = await vscode.window.showInputBox({ title: 'Project', value: username });
    if (!projectName) return;
    const name = await vscode.window.showInputBox({ title: 'Name of this cloud', value: `${username}@${new URL(authUrl).hostname}` });
    if (!name) return;
    const password = await vscode.window.showInputBox({ title: `Password of ${username}`, password: true, ignoreFocusOut: true });
    if (password === undefined) return;
    entry = { name, authUrl, username, projectName };
    await storeCloudPassword(ctx, typedCloudAuth({ name, authUrl, username, projectName }), password);
  }
  const added = entry;
  await writeRawClouds((current) => [...current.filter((c) => (c as { name?: unknown })?.name !== added.name), added]);
}
