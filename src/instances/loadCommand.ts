// "Show Load": the Load panel of a cloud (the node's, the active one, or one picked), and the backend that
// gives it the cloud's servers and reservations (remote/clouds.ts) and the live load of the SSH hosts
// that run its containers (remote/liveLoad.ts, the Hosts view's container lists).
import * as vscode from 'vscode';
import type { CommandId } from '../commands/ids';
import { readBusyCpuPercent } from '../config';
import type { DevstackContext } from '../context';
import type { RemoteAccess } from '../hosts/remoteLoader';
import type { CloudRef, Clouds } from '../remote/clouds';
import { openLoadPanel, type LoadBackend } from '../webviews/loadPanel';
import type { PanelRegistry } from '../webviews/panelRegistry';
import type { InstancesNode } from './instancesNode';

export interface LoadCommandDeps {
  readonly remote: RemoteAccess;
  readonly runtime: () => Clouds;
  readonly tree: { refresh(): Promise<void>; cloudList(): readonly CloudRef[] };
  readonly status: { active(): CloudRef | undefined };
  readonly panels: { readonly load: PanelRegistry };
}

export function makeLoadBackend(ctx: DevstackContext, deps: LoadCommandDeps, cloud: CloudRef): LoadBackend {
  const clouds = deps.runtime;
  const live = () => deps.remote.get();
  return {
    cloudName: cloud.name,
    cloudSshHost: cloud.sshHost,
    state: () => clouds().state(cloud.name),
    refresh: () => clouds().refresh(),
    onDidChange: (listener) => clouds().onDidChange(listener),
    hypervisors: async () => (await (await clouds().client(cloud.name)).listHypervisors()).map((h) => h.hostname),
    sshHostOfCompute: (host) => clouds().sshHostOfCompute(cloud, host),
    watch: (sshHost, listener) => live().load.watch(sshHost, listener),
    reading: (sshHost) => {
      const runtime = live();
      const tracker = runtime.load.tracker(sshHost);
      return {
        load: runtime.load.load(sshHost),
        problem: runtime.load.problem(sshHost),
        summary: tracker?.host(),
        containers: runtime.snapshots.get(sshHost)?.containers,
      };
    },
    refreshContainers: (sshHost) => live().snapshots.refresh(sshHost),
    busyCpuPercent: readBusyCpuPercent,
    inspect: (serverId) =>
      void vscode.commands.executeCommand('devstackContrail.inspectInstance' satisfies CommandId, cloud.name, serverId),
    log: (message) => ctx.log.warn(message),
  };
}

/** "Show Load": on a cloud node, the given cloud name, the only or active cloud, or one picked. */
export async function showLoad(ctx: DevstackContext, deps: LoadCommandDeps, arg: unknown, column?: unknown): Promise<unknown> {
  if (deps.tree.cloudList().length === 0) await deps.tree.refresh();
  const clouds = deps.tree.cloudList();
  const node = arg as InstancesNode | undefined;
  let cloud =
    node && typeof node === 'object' && 'cloud' in node && node.cloud
      ? node.cloud
      : clouds.find((c) => typeof arg === 'string' && c.name === arg);
  if (!cloud && clouds.length > 1) {
    const active = deps.status.active();
    const pick = await vscode.window.showQuickPick(
      clouds.map((c) => ({ label: c.name, description: c.origin, picked: c.name === active?.name, cloud: c })),
      { title: 'Show the load of which cloud?' },
    );
    if (!pick) return undefined;
    cloud = pick.cloud;
  }
  cloud ??= clouds[0];
  if (!cloud) {
    void vscode.window.showWarningMessage('No OpenStack cloud yet: Add Cloud… in the Instances view.', 'Add Cloud…').then((a) => {
      if (a) void vscode.commands.executeCommand('devstackContrail.addCloud' satisfies CommandId);
    });
    return undefined;
  }
  const where = typeof column === 'number' && column > 0 ? column : undefined;
  return openLoadPanel(deps.panels.load, ctx.extension.extensionUri, makeLoadBackend(ctx, deps, cloud), where);
}
