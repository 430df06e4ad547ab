// Boot / Inspect / Stop / Start / Delete / Open Shell: the Instances view's commands, and the backend
// that gives the webview panels one cloud's OpenStack client and the containers on its host.
import * as vscode from 'vscode';
import type { CommandId } from '../commands/ids';
import type { DevstackContext } from '../context';
import {
  openBootPanel,
  openInspectPanel,
  type InstanceAction,
  type InstanceBackend,
  type InstancePanels,
} from '../webviews/instancePanels';
import type { OpenStackClient } from '../core/openstack/client';
import type { StackProgress } from '../core/heat/stackWatch';
import type { Server } from '../core/openstack/types';
import type { RemoteAccess } from '../hosts/remoteLoader';
import { openHostTerminal } from '../hosts/terminals';
import type { CloudRef, Clouds } from '../remote/clouds';
import type { InstancesNode } from './instancesNode';

export interface InstanceCommandsDeps {
  readonly remote: RemoteAccess;
  readonly runtime: () => Clouds;
  /** the Instances tree (instancesView.ts, which builds these and registers the view) */
  readonly tree: { refresh(): Promise<void>; cloudList(): readonly CloudRef[] };
  /** the cloud the status bar shows as active */
  readonly status: { active(): CloudRef | undefined };
}

/** What the commands use of the Instances feature: its parts and each cloud's panel backend. */
export interface InstanceCommandsFeature extends InstanceCommandsDeps {
  readonly backend: (cloud: CloudRef) => InstanceBackend;
  /** the open Boot and Inspect panels */
  readonly panels: InstancePanels;
  /** each progress a Stack panel shows, when it posts it (the benchmark's clock) */
  readonly stackProgress: vscode.EventEmitter<StackProgressShown>;
}

export interface StackProgressShown {
  readonly cloud: string;
  readonly progress: StackProgress;
  /** Date.now() when the panel posted it to its webview */
  readonly postedAt: number;
}

/** Nova gives a server's image by id only: its name comes from Glance, read once per backend. */
function imageNaming(client: () => Promise<OpenStackClient>): (server: Server) => Promise<Server> {
  let imageNames: Promise<Map<string, string>> | undefined;
  return async (server) => {
    const id = server.image.id;
    if (!id || server.image.name) return server;
    imageNames ??= client()
      .then((c) => c.listImages())
      .then(
        (images) => new Map(images.map((i) => [i.id, i.name])),
        () => new Map(),
      );
    const name = (await imageNames).get(id);
    return name ? { ...server, image: { ...server.image, name } } : server;
  };
}

export function makeBackend(
  ctx: DevstackContext,
  deps: InstanceCommandsDeps,
  cloud: CloudRef,
  log: (message: string) => void,
): InstanceBackend {
  const client = () => deps.runtime().client(cloud.name);
  const withImageName = imageNaming(client);
  return {
    cloudName: cloud.name,
    async bootOptions() {
      const c = await client();
      const [images, flavors, networks, hosts] = await Promise.all([
        c.listImages(),
        c.listFlavors(),
        c.listNetworks(),
        // pinning a server to a host is for admins: without the right, the form hides the choice
        c.listHypervisors().then(
          (list) => list.map((h) => h.hostname),
          () => [] as string[],
        ),
      ]);
      return { images, flavors, networks, hosts };
    },
    watchPlacement(onChange) {
      // live load rides on the hosts' SSH connections: only in a trusted workspace
      const live = vscode.workspace.isTrusted ? deps.remote.get() : undefined;
      return live && deps.runtime().bootPlacement(cloud, live.load, onChange);
    },
    async boot(request) {
      const created = await (await client()).createServers(request);
      void deps.tree.refresh();
      return created.map((s) => s.id);
    },
    async getServer(id) {
      const server = await (await client()).findServer(id);
      return server && withImageName(server);
    },
    async act(id, action) {
      const c = await client();
      // what tells this stop from one by itself when Nova's instance actions cannot be read
      if (action !== 'start') deps.remote.loaded?.incidents.askedByUser(id);
      if (action === 'stop') await c.stopServer(id);
      else if (action === 'start') await c.startServer(id);
      else await c.deleteServer(id);
      void deps.tree.refresh();
    },
    async container(server) {
      return (await deps.runtime().container(cloud, server)).container;
    },
    async openShell(server) {
      await openContainerShell(deps, cloud, server);
    },
    log,
  };
}

async function openContainerShell(deps: InstanceCommandsDeps, cloud: CloudRef, server: Server): Promise<void> {
  const { host, container } = await deps.runtime().container(cloud, server);
  if (!container) throw new Error(`${server.name}: no container nova-${server.id} on ${host}`);
  openHostTerminal(deps.remote, host, `${server.name} (container)`, container.shellCommand());
}

/** One backend per cloud, made on first use; what the panels log goes to the extension's log. */
export function instanceBackends(ctx: DevstackContext, deps: InstanceCommandsDeps): (cloud: CloudRef) => InstanceBackend {
  const log = (message: string): void => ctx.log.warn(message);
  const backends = new Map<string, InstanceBackend>();
  return (cloud: CloudRef): InstanceBackend => {
    let made = backends.get(cloud.name);
    if (!made) {
      made = makeBackend(ctx, deps, cloud, log);
      backends.set(cloud.name, made);
    }
    return made;
  };
}

function serverOf(arg: unknown): { cloud: CloudRef; server: Server } | undefined {
  const node = arg as InstancesNode | undefined;
  // a stack's server, or its container, opens the same Inspect panel
  return node?.kind === 'server' || node?.kind === 'container' ? { cloud: node.cloud, server: node.server } : undefined;
}

const failed =
  (what: string) =>
  (error: unknown): void => {
    void vscode.window.showErrorMessage(`${what}: ${(error as Error).message}`);
  };

/** "Boot Instance…": on the node's cloud, the active one, or one picked. */
export async function bootInstance(ctx: DevstackContext, deps: InstanceCommandsFeature, arg: unknown): Promise<unknown> {
  const { backend } = deps;
  const node = arg as InstancesNode | undefined;
  if (deps.tree.cloudList().length === 0) await deps.tree.refresh();
  let cloud = node && node.kind !== 'message' ? node.cloud : deps.status.active();
  if (!node && deps.tree.cloudList().length > 1) {
    const pick = await vscode.window.showQuickPick(
      deps.tree.cloudList().map((c) => ({ label: c.name, description: c.origin, cloud: c })),
      { title: 'Boot on which cloud?' },
    );
    cloud = pick?.cloud;
  }
  if (!cloud) {
    void vscode.window.showWarningMessage('No OpenStack cloud yet: Add Cloud… in the Instances view.', 'Add Cloud…').then((a) => {
      if (a) void vscode.commands.executeCommand('devstackContrail.addCloud' satisfies CommandId);
    });
    return undefined;
  }
  const chosen = cloud;
  return openBootPanel(deps.panels.boot, ctx.extension.extensionUri, backend(chosen), {
    onBooted: () => void deps.tree.refresh(),
    onInspect: (serverId) => void openInspectPanel(deps.panels.inspect, ctx.extension.extensionUri, backend(chosen), serverId),
  });
}

/** "Inspect Instance": a node of the view, or (cloud name, server id[, editor column]). */
export function inspectInstance(
  ctx: DevstackContext,
  deps: InstanceCommandsFeature,
  arg: unknown,
  serverId?: unknown,
  column?: unknown,
): unknown {
  const { backend } = deps;
  const found = serverOf(arg);
  if (found) return openInspectPanel(deps.panels.inspect, ctx.extension.extensionUri, backend(found.cloud), found.server.id);
  // (cloud name, server id[, editor column]), for links, tests and the benchmark
  const cloud = deps.tree.cloudList().find((c) => c.name === arg);
  const where = typeof column === 'number' && column > 0 ? column : undefined;
  return cloud && typeof serverId === 'string'
    ? openInspectPanel(deps.panels.inspect, ctx.extension.extensionUri, backend(cloud), serverId, where)
    : undefined;
}

/** Stop / Start / Delete Instance (Stop and Delete asked first), under a progress notification. */
export async function actOnInstance(deps: InstanceCommandsFeature, action: InstanceAction, arg: unknown): Promise<void> {
  const { backend } = deps;
  const found = serverOf(arg);
  if (!found) return;
  const { cloud, server } = found;
  if (action !== 'start') {
    const label = action === 'stop' ? 'Stop' : 'Delete';
    const detail =
      action === 'stop'
        ? `Nova stops its container nova-${server.id}.`
        : `Nova removes it and its container nova-${server.id}. This cannot be undone.`;
    if (
      (await vscode.window.showWarningMessage(`${label} server “${server.name}” on ${cloud.name}?`, { modal: true, detail }, label)) !==
      label
    )
      return;
  }
  const doing = { stop: 'Stopping', start: 'Starting', delete: 'Deleting' }[action];
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `${doing} server “${server.name}” on ${cloud.name}…` },
    () =>
      backend(cloud)
        .act(server.id, action)
        .catch(failed(`${action} ${server.name}`)),
  );
}

export async function openInstanceShell(deps: InstanceCommandsFeature, arg: unknown): Promise<void> {
  const found = serverOf(arg);
  if (found) await openContainerShell(deps, found.cloud, found.server).catch(failed(`Open Shell in ${found.server.name}`));
}
