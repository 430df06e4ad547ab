// A node of the Instances tree, apart from the view so the commands can name it without importing the view.
import type { Stack, StackResource } from '../core/heat/heatClient';
import type { Server } from '../core/openstack/types';
import type { CloudRef } from '../remote/clouds';

export type InstancesNode =
  | { kind: 'cloud'; cloud: CloudRef }
  | { kind: 'computeHost'; cloud: CloudRef; host: string }
  /** a server; `inStack` when it is shown under a stack's resource (it then opens on its container) */
  | { kind: 'server'; cloud: CloudRef; server: Server; inStack?: StackPlace }
  | { kind: 'stacks'; cloud: CloudRef }
  | { kind: 'stack'; cloud: CloudRef; stack: Stack }
  | { kind: 'stackResource'; cloud: CloudRef; stack: Stack; resource: StackResource }
  | { kind: 'container'; cloud: CloudRef; server: Server; inStack: StackPlace }
  | { kind: 'message'; label: string; detail?: string; error?: boolean; icon?: string; cloud?: CloudRef };

/** Where a server sits under a stack: the stack and the resource that made it. */
export interface StackPlace {
  readonly stack: Stack;
  readonly resource: StackResource;
}
