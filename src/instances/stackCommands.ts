// Launch Stack… / Update Stack… / Delete Stack / Show Stack: Heat stacks from the editor and the
// Instances view, each in the Stack panel (stackPanel.ts) on one cloud's Heat.
import * as vscode from 'vscode';
import type { DevstackContext } from '../context';
import type { Stack } from '../core/heat/heatClient';
import type { CloudRef } from '../remote/clouds';
import type { StackBackend } from '../webviews/stackBackend';
import { openStackPanel, type StackPanelTarget, type TemplateSource } from '../webviews/stackPanel';
import { inspectInstance, type InstanceCommandsFeature } from './instanceCommands';
import type { InstancesNode } from './instancesNode';

const HOT_LANGUAGE = 'heat-hot';

/** One backend per cloud: its Heat (on the cloud's session), its names, the tree told of changes. */
function stackBackend(ctx: DevstackContext, deps: InstanceCommandsFeature, cloud: CloudRef): StackBackend {
  const client = () => deps.runtime().client(cloud.name);
  const names = async <T extends { name: string }>(list: () => Promise<T[]>) => (await list().catch(() => [])).map((x) => x.name);
  return {
    cloudName: cloud.name,
    heat: () => deps.runtime().heat(cloud.name),
    async choices() {
      const c = await client();
      const [image, flavor, network, keypair] = await Promise.all([
        names(() => c.listImages()),
        names(() => c.listFlavors()),
        names(() => c.listNetworks()),
        names(() => c.listKeypairs()),
      ]);
      return { image, flavor, network, keypair };
    },
    changed: () => void deps.tree.refresh(),
    log: (message) => ctx.log.warn(message),
  };
}

/** The cloud of a node, else the active one, else one picked (several clouds). */
async function chooseCloud(deps: InstanceCommandsFeature, arg: unknown, title: string): Promise<CloudRef | undefined> {
  const node = arg as InstancesNode | undefined;
  if (node && typeof node === 'object' && 'cloud' in node && node.cloud) return node.cloud;
  if (deps.tree.cloudList().length === 0) await deps.tree.refresh();
  const clouds = deps.tree.cloudList();
  if (clouds.length === 0) {
    void vscode.window.showWarningMessage('No OpenStack cloud yet: Add Cloud… in the Instances view.');
    return undefined;
  }
  if (clouds.length === 1) return clouds[0];
  const active = deps.status.active();
  const pick = await vscode.window.showQuickPick(
    clouds.map((c) => ({ label: c.name, description: c.name === active?.name ? `${c.origin} (active)` : c.origin, cloud: c })),
    { title },
  );
  return pick?.cloud;
}

/** The template: the URI given (editor title, explorer), the active Heat editor, or one chosen. */
async function chooseTemplate(arg: unknown): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  const active = vscode.window.activeTextEditor?.document;
  if (active && active.languageId === HOT_LANGUAGE) return active;
  const [uri] =
    (await vscode.window.showOpenDialog({
      title: 'The Heat template to use',
      canSelectMany: false,
      filters: { 'Heat templates': ['yaml', 'yml', 'hot', 'template'] },
    })) ?? [];
  return uri && vscode.workspace.openTextDocument(uri);
}

const templateOf = (document: vscode.TextDocument): TemplateSource => ({
  fileName: document.uri.scheme === 'file' ? document.fileName : document.uri.path,
  text: () => document.getText(),
});

function open(ctx: DevstackContext, deps: InstanceCommandsFeature, cloud: CloudRef, target: StackPanelTarget): vscode.WebviewPanel {
  return openStackPanel(deps.panels.stack, ctx.extension.extensionUri, stackBackend(ctx, deps, cloud), target, {
    onInspect: (serverId) => void inspectInstance(ctx, deps, cloud.name, serverId),
    confirmDelete: (name) => confirmDelete(cloud, name),
    onProgress: (progress) => deps.stackProgress.fire({ cloud: cloud.name, progress, postedAt: Date.now() }),
  });
}

async function confirmDelete(cloud: CloudRef, stackName: string): Promise<boolean> {
  const answer = await vscode.window.showWarningMessage(
    `Delete stack “${stackName}” on ${cloud.name}?`,
    {
      modal: true,
      detail: 'Heat deletes every resource it made: its servers with their containers, ports and networks. This cannot be undone.',
    },
    'Delete',
  );
  return answer === 'Delete';
}

/** The stack of a node, or (cloud name, stack name or id) for links and tests. */
async function stackOf(
  deps: InstanceCommandsFeature,
  arg: unknown,
  name: unknown,
): Promise<{ cloud: CloudRef; stack: Pick<Stack, 'name' | 'id'> } | undefined> {
  const node = arg as InstancesNode | undefined;
  if (node && typeof node === 'object' && node.kind === 'stack') return { cloud: node.cloud, stack: node.stack };
  const cloud = typeof arg === 'string' ? deps.tree.cloudList().find((c) => c.name === arg) : undefined;
  if (!cloud || typeof name !== 'string') return undefined;
  const stack = await (await deps.runtime().heat(cloud.name)).findStack(name);
  if (!stack) throw new Error(`no stack “${name}” on ${cloud.name}`);
  return { cloud, stack };
}

/** "Launch Stack…": the template (editor, explorer, or chosen) on the node's cloud, the active one, or one picked. */
export async function launchStack(ctx: DevstackContext, deps: InstanceCommandsFeature, arg: unknown, cloudName?: unknown) {
  const document = await chooseTemplate(arg);
  if (!document) return undefined;
  if (typeof cloudName === 'string' && !deps.tree.cloudList().some((c) => c.name === cloudName)) await deps.tree.refresh();
  const named = typeof cloudName === 'string' ? deps.tree.cloudList().find((c) => c.name === cloudName) : undefined;
  const cloud = named ?? (await chooseCloud(deps, arg instanceof vscode.Uri ? undefined : arg, 'Launch the stack on which cloud?'));
  if (!cloud) return undefined;
  return open(ctx, deps, cloud, { mode: 'launch', template: templateOf(document) });
}

/** "Update Stack…": a template for the stack (the active Heat editor, or chosen), Heat's preview first. */
export async function updateStack(ctx: DevstackContext, deps: InstanceCommandsFeature, arg: unknown, name?: unknown, uri?: unknown) {
  const found = await stackOf(deps, arg, name);
  if (!found) return undefined;
  const document = await chooseTemplate(uri instanceof vscode.Uri ? uri : undefined);
  if (!document) return undefined;
  return open(ctx, deps, found.cloud, { mode: 'update', stack: found.stack, template: templateOf(document) });
}

/** "Delete Stack": asked first, then the panel shows the deletion until the stack is gone. */
export async function deleteStack(ctx: DevstackContext, deps: InstanceCommandsFeature, arg: unknown, name?: unknown) {
  const found = await stackOf(deps, arg, name);
  if (!found || !(await confirmDelete(found.cloud, found.stack.name))) return undefined;
  return open(ctx, deps, found.cloud, { mode: 'watch', stack: found.stack, deleteFirst: true });
}

/** "Show Stack": the stack's resources and progress in the panel. */
export async function showStack(ctx: DevstackContext, deps: InstanceCommandsFeature, arg: unknown, name?: unknown) {
  const found = await stackOf(deps, arg, name);
  return found && open(ctx, deps, found.cloud, { mode: 'watch', stack: found.stack });
}
