// A node of the Instances tree, apart from the view so the commands can name it without importing the view.
import type { Server } from '../core/openstack/types';
import type { CloudRef } from '../remote/clouds';

export type InstancesNode =
  | { kind: 'cloud'; cloud: CloudRef }
  | { kind: 'computeHost'; cloud: CloudRef; host: string }
  | { kind: 'server'; cloud: CloudRef; server: Server }
  | { kind: 'message'; label: string; detail?: string; error?: boolean; icon?: string; cloud?: CloudRef };
