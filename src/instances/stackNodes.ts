// The stacks branch of the Instances view: a cloud's Heat stacks → their resources (a group's members
// under the group) → the servers they made → each server's Docker container. Inspect opens from a
// server or its container; Update and Delete Stack from a stack.
import * as vscode from 'vscode';
import type { CommandId } from '../commands/ids';
import type { StackResource } from '../core/heat/heatClient';
import { inProgress, isFailed } from '../core/heat/stackWatch';
import type { Server } from '../core/openstack/types';
import type { CloudRef, Clouds } from '../remote/clouds';
import type { RemoteRuntime } from '../remote/remoteRuntime';
import type { InstancesNode, StackPlace } from './instancesNode';

type Live = () => Pick<RemoteRuntime, 'snapshots'> | undefined;

const GROUP_TYPES = new Set(['OS::Heat::ResourceGroup', 'OS::Heat::AutoScalingGroup']);
const SERVER = 'OS::Nova::Server';

function statusIcon(status: string): vscode.ThemeIcon {
  if (isFailed(status)) return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  if (inProgress(status)) return new vscode.ThemeIcon('loading~spin');
  if (status.endsWith('_COMPLETE')) return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  return new vscode.ThemeIcon('circle-outline');
}

/** Members of a group sort as numbers (0, 1, … 10), others by name. */
const byName = (a: StackResource, b: StackResource): number => a.name.localeCompare(b.name, 'en', { numeric: true });

/** The stacks node of a cloud, when it has Heat (or Heat did not answer). */
export function stacksNodeOf(source: Clouds | undefined, cloud: CloudRef): InstancesNode[] {
  const state = source?.state(cloud.name);
  return state && (state.stacks || state.stacksProblem) ? [{ kind: 'stacks', cloud }] : [];
}

/** The children of the stacks branch's nodes; undefined for a node of another branch. */
export async function stackChildren(source: Clouds | undefined, node: InstancesNode, live: Live): Promise<InstancesNode[] | undefined> {
  if (!source) return undefined;
  switch (node.kind) {
    case 'stacks': {
      const state = source.state(node.cloud.name);
      if (state?.stacksProblem) return [{ kind: 'message', label: `Heat: ${state.stacksProblem}`, error: true, cloud: node.cloud }];
      const stacks = [...(state?.stacks ?? [])].sort((a, b) => a.name.localeCompare(b.name));
      if (stacks.length === 0) return [{ kind: 'message', label: 'No stacks: Launch Stack… from a Heat template', cloud: node.cloud }];
      return stacks.map((stack): InstancesNode => ({ kind: 'stack', cloud: node.cloud, stack }));
    }
    case 'stack':
    case 'stackResource': {
      let resources: readonly StackResource[];
      try {
        resources = await source.stackResources(node.cloud.name, node.stack);
      } catch (error) {
        return [{ kind: 'message', label: `Heat: ${(error as Error).message}`, error: true, cloud: node.cloud }];
      }
      if (node.kind === 'stack') {
        const top = resources.filter((r) => !r.parentResource || r.stackName === node.stack.name).sort(byName);
        return top.length > 0
          ? top.map((resource): InstancesNode => ({ kind: 'stackResource', cloud: node.cloud, stack: node.stack, resource }))
          : [{ kind: 'message', label: 'No resources (yet)', cloud: node.cloud }];
      }
      if (GROUP_TYPES.has(node.resource.type)) {
        return resources
          .filter((r) => r.parentResource === node.resource.name && r.stackName !== node.stack.name)
          .sort(byName)
          .map((resource): InstancesNode => ({ kind: 'stackResource', cloud: node.cloud, stack: node.stack, resource }));
      }
      if (node.resource.type === SERVER) {
        const server = serverOf(source, node.cloud, node.resource);
        return server ? [{ kind: 'server', cloud: node.cloud, server, inStack: { stack: node.stack, resource: node.resource } }] : [];
      }
      return [];
    }
    case 'server': {
      if (!node.inStack) return undefined;
      // the host's containers as read now: a server just made is newer than the last read
      const sshHost = source.hostOf(node.cloud, node.server);
      const snapshots = sshHost ? live()?.snapshots : undefined;
      if (sshHost && snapshots && !snapshots.get(sshHost)?.containers?.some((c) => c.novaServer === node.server.id))
        await snapshots.refresh(sshHost).catch(() => undefined);
      return [{ kind: 'container', cloud: node.cloud, server: node.server, inStack: node.inStack }];
    }
    case 'container':
      return [];
    default:
      return undefined;
  }
}

function serverOf(source: Clouds, cloud: CloudRef, resource: StackResource): Server | undefined {
  return resource.physicalId ? source.state(cloud.name)?.servers?.find((s) => s.id === resource.physicalId) : undefined;
}

/** A parent for reveal(): a stack's nodes carry where they sit. */
export function stackParent(node: InstancesNode): InstancesNode | undefined {
  if (node.kind === 'stacks') return { kind: 'cloud', cloud: node.cloud };
  if (node.kind === 'stack') return { kind: 'stacks', cloud: node.cloud };
  if (node.kind === 'stackResource') {
    const parent = node.resource.parentResource;
    if (parent && node.resource.stackName !== node.stack.name) {
      const group: StackResource = {
        name: parent,
        type: 'OS::Heat::ResourceGroup',
        status: '',
        statusReason: '',
        physicalId: '',
        stackName: node.stack.name,
      };
      return { kind: 'stackResource', cloud: node.cloud, stack: node.stack, resource: group };
    }
    return { kind: 'stack', cloud: node.cloud, stack: node.stack };
  }
  if ((node.kind === 'server' || node.kind === 'container') && node.inStack) {
    const place: StackPlace = node.inStack;
    if (node.kind === 'container') return { kind: 'server', cloud: node.cloud, server: node.server, inStack: place };
    return { kind: 'stackResource', cloud: node.cloud, stack: place.stack, resource: place.resource };
  }
  return undefined;
}

const resourceId = (node: { cloud: CloudRef; stack: { id: string }; resource: StackResource }): string =>
  `stackres:${node.cloud.name}:${node.stack.id}:${node.resource.stackName}/${node.resource.name}`;

/** The tree item of a node of the stacks branch; undefined for another branch's. */
export function stackTreeItem(source: Clouds | undefined, node: InstancesNode, live: Live): vscode.TreeItem | undefined {
  switch (node.kind) {
    case 'stacks': {
      const stacks = source?.state(node.cloud.name)?.stacks ?? [];
      const item = new vscode.TreeItem('Stacks', vscode.TreeItemCollapsibleState.Expanded);
      item.id = `stacks:${node.cloud.name}`;
      item.iconPath = new vscode.ThemeIcon('layers');
      const failed = stacks.filter((s) => isFailed(s.status)).length;
      item.description = `${stacks.length}${failed ? `, ${failed} failed` : ''}`;
      item.contextValue = 'stacks';
      return item;
    }
    case 'stack': {
      const { stack } = node;
      const item = new vscode.TreeItem(stack.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `stack:${node.cloud.name}:${stack.id}`;
      item.iconPath = statusIcon(stack.status);
      item.description = stack.status;
      const tooltip = new vscode.MarkdownString();
      tooltip.appendText(`${stack.name}\n${stack.id}\n${stack.status}${stack.statusReason ? `: ${stack.statusReason}` : ''}`);
      item.tooltip = tooltip;
      item.contextValue = `stack.${stack.status}`;
      item.command = { command: 'devstackContrail.showStack' satisfies CommandId, title: 'Show Stack', arguments: [node] };
      return item;
    }
    case 'stackResource': {
      const { resource } = node;
      const expandable = GROUP_TYPES.has(resource.type) || (resource.type === SERVER && resource.physicalId !== '');
      const item = new vscode.TreeItem(
        resource.name,
        expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
      );
      item.id = resourceId(node);
      item.iconPath = statusIcon(resource.status);
      item.description = `${resource.type} · ${resource.status}`;
      const tooltip = new vscode.MarkdownString();
      tooltip.appendText(
        `${resource.name} (${resource.type})\n${resource.status}${resource.statusReason ? `: ${resource.statusReason}` : ''}${resource.physicalId ? `\n${resource.physicalId}` : ''}`,
      );
      item.tooltip = tooltip;
      item.contextValue = `stackResource.${resource.type}`;
      return item;
    }
    case 'server':
      return node.inStack ? serverItem(node, node.inStack) : undefined;
    case 'container':
      return containerItem(source, node, live);
    default:
      return undefined;
  }
}

function serverItem(node: Extract<InstancesNode, { kind: 'server' }>, place: StackPlace): vscode.TreeItem {
  const { server } = node;
  const item = new vscode.TreeItem(server.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `stackserver:${node.cloud.name}:${place.stack.id}:${server.id}`;
  item.iconPath = new vscode.ThemeIcon(server.status === 'ACTIVE' ? 'vm-running' : server.status === 'ERROR' ? 'error' : 'vm');
  item.description = [server.status, server.host, server.addresses.map((a) => a.addr).join(', ')].filter(Boolean).join(' · ');
  item.tooltip = `${server.name}\n${server.id}\nstatus ${server.status}${server.fault ? `\nfault: ${server.fault.message}` : ''}`;
  item.contextValue = `server.${server.status}`;
  item.command = { command: 'devstackContrail.inspectInstance' satisfies CommandId, title: 'Inspect', arguments: [node] };
  return item;
}

function containerItem(source: Clouds | undefined, node: Extract<InstancesNode, { kind: 'container' }>, live: Live): vscode.TreeItem {
  const sshHost = source?.hostOf(node.cloud, node.server);
  const info = sshHost
    ? live()
        ?.snapshots.get(sshHost)
        ?.containers?.find((c) => c.novaServer === node.server.id)
    : undefined;
  const item = new vscode.TreeItem(info?.name ?? `nova-${node.server.id}`, vscode.TreeItemCollapsibleState.None);
  item.id = `stackcontainer:${node.cloud.name}:${node.inStack.stack.id}:${node.server.id}`;
  item.iconPath = new vscode.ThemeIcon('package', info?.state === 'running' ? new vscode.ThemeColor('testing.iconPassed') : undefined);
  item.description = info ? `${info.image} · ${info.status}` : sshHost ? 'not read yet' : 'its host is not in the Hosts view';
  item.tooltip = info ? `${info.name}\n${info.image}\n${info.state}: ${info.status}\non ${sshHost}` : item.description;
  item.contextValue = 'stackContainer';
  item.command = { command: 'devstackContrail.inspectInstance' satisfies CommandId, title: 'Inspect', arguments: [node] };
  return item;
}
