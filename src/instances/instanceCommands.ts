// Boot / Inspect / Stop / Start / Delete / Open Shell: the Instances view's commands, and the backend
// that gives the webview panels one cloud's OpenStack client and the containers on its host.
import * as vscode from 'vscode';
import type { DevstackContext } from '../context';
import { openBootPanel, openInspectPanel, type InstanceBackend } from '../containers/instancePanels';
import type { Server } from '../core/openstack/types';
import type { RemoteAccess } from '../hosts/remoteLoader';
import { openHostTerminal } from '../hosts/terminals';
import type { CloudRef, Clouds } from '../remote/clouds';
import type { CloudStatus, InstancesNode, InstancesTreeProvider } from './instancesView';

export interface InstanceCommandsDeps {
  readonly remote: RemoteAccess;
  readonly runtime: () => Clouds;
  readonly tree: InstancesTreeProvider;
  readonly status: CloudStatus;
}

export function makeBackend(ctx: DevstackContext, deps: InstanceCommandsDeps, cloud: CloudRef, log: (message: string) => void): InstanceBackend {
  const client = () => deps.runtime().client(cloud.name);
  // Nova gives a server's image by id only: its name comes from Glance, read once per backend
  let imageNames: Promise<Map<string, string>> | undefined;
  const withImageName = async (server: Server): Promise<Server> => {
    const id = server.image.id;
    if (!id || server.image.name) return server;
    imageNames ??= client().then((c) => c.listImages()).then((images) => new Map(images.map((i) => [i.id, i.name])), () => new Map());
    const name = (await imageNames).get(id);
    return name ? { ...server, image: { ...server.image, name } } : server;
  };
  return {
    cloudName: cloud.name,
    async bootOptions() {
      const c = await client();
      const [images, flavors, networks, hosts] = await Promise.all([
        c.listImages(), c.listFlavors(), c.listNetworks(),
        // pinning a server to a host is for admins: without the right, the form hides the choice
        c.listHypervisors().then((list) => list.map((h) => h.hostname), () => [] as string[]),
      ]);
      return { images, flavors, networks, hosts };
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

export function registerInstanceCommands(ctx: DevstackContext, deps: InstanceCommandsDeps): { backend(cloud: CloudRef): InstanceBackend } {
  let output: vscode.OutputChannel | undefined;
  const log = (message: string): void => {
    output ??= ctx.track(vscode.window.createOutputChannel('DevStack: Instances'));
    output.appendLine(`${new Date().toISOString()} ${message}`);
  };
  const backends = new Map<string, InstanceBackend>();
  const backend = (cloud: CloudRef): InstanceBackend => {
    let made = backends.get(cloud.name);
    if (!made) {
      made = makeBackend(ctx, deps, cloud, log);
      backends.set(cloud.name, made);
    }
    return made;
  };
  const serverOf = (arg: unknown): { cloud: CloudRef; server: Server } | undefined => {
    const node = arg as InstancesNode | undefined;
    return node?.kind === 'server' ? { cloud: node.cloud, server: node.server } : undefined;
  };
  const failed = (what: string) => (error: unknown): void => { void vscode.window.showErrorMessage(`${what}: ${(error as Error).message}`); };

  ctx.registerCommand('devstackContrail.bootInstance', async (arg: unknown) => {
    const node = arg as InstancesNode | undefined;
    if (deps.tree.cloudList().length === 0) await deps.tree.refresh();
    let cloud = node && node.kind !== 'message' ? node.cloud : deps.status.active();
    if (!node && deps.tree.cloudList().length > 1) {
      const pick = await vscode.window.showQuickPick(deps.tree.cloudList().map((c) => ({ label: c.name, description: c.origin, cloud: c })), { title: 'Boot on which cloud?' });
      cloud = pick?.cloud;
    }
    if (!cloud) {
      void vscode.window.showWarningMessage('No OpenStack cloud yet: Add Cloud… in the Instances view.', 'Add Cloud…').then((a) => { if (a) void vscode.commands.executeCommand('devstackContrail.addCloud'); });
      return undefined;
    }
    const chosen = cloud;
    return openBootPanel(ctx.extension.extensionUri, backend(chosen), {
      onBooted: () => void deps.tree.refresh(),
      onInspect: (serverId) => void openInspectPanel(ctx.extension.extensionUri, backend(chosen), serverId),
    });
  });
  ctx.registerCommand('devstackContrail.inspectInstance', (arg: unknown, serverId?: unknown, column?: unknown) => {
    const found = serverOf(arg);
    if (found) return openInspectPanel(ctx.extension.extensionUri, backend(found.cloud), found.server.id);
    // (cloud name, server id[, editor column]), for links, tests and the benchmark
    const cloud = deps.tree.cloudList().find((c) => c.name === arg);
    const where = typeof column === 'number' && column > 0 ? column : undefined;
    return cloud && typeof serverId === 'string' ? openInspectPanel(ctx.extension.extensionUri, backend(cloud), serverId, where) : undefined;
  });
  for (const action of ['stop', 'start', 'delete'] as const) {
    ctx.registerCommand(`devstackContrail.${action}Instance`, async (arg: unknown) => {
      const found = serverOf(arg);
      if (!found) return;
      const { cloud, server } = found;
      if (action !== 'start') {
        const label = action === 'stop' ? 'Stop' : 'Delete';
        const detail = action === 'stop' ? `Nova stops its container nova-${server.id}.` : `Nova removes it and its container nova-${server.id}. This cannot be undone.`;
        if ((await vscode.window.showWarningMessage(`${label} server “${server.name}” on ${cloud.name}?`, { modal: true, detail }, label)) !== label) return;
      }
      await backend(cloud).act(server.id, action).catch(failed(`${action} ${server.name}`));
    });
  }
  ctx.registerCommand('devstackContrail.openInstanceShell', async (arg: unknown) => {
    const found = serverOf(arg);
    if (found) await openContainerShell(deps, found.cloud, found.server).catch(failed(`Open Shell in ${found.server.name}`));
  });
  return { backend };
}
