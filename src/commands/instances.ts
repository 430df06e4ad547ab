// The Instances view's commands: clouds (add, pick, sign in again, show load), servers (boot, inspect, power, delete,
// shell) and Heat stacks (launch, update, delete, show).
import { actOnInstance, bootInstance, inspectInstance, openInstanceShell } from '../instances/instanceCommands';
import { addCloud, pickCloud, signInAgain } from '../instances/instancesView';
import { showLoad } from '../instances/loadCommand';
import { deleteStack, launchStack, showStack, updateStack } from '../instances/stackCommands';
import type { CommandTable } from './command';

export const INSTANCE_COMMANDS = {
  'devstackContrail.refreshInstances':
    ({ instances }) =>
    () =>
      instances.tree.refresh(),
  'devstackContrail.pickCloud':
    ({ instances }) =>
    () =>
      pickCloud(instances),
  'devstackContrail.addCloud':
    ({ ctx, instances }) =>
    () =>
      addCloud(ctx, instances.remote),
  'devstackContrail.signInAgain':
    ({ ctx, instances }) =>
    (arg) =>
      signInAgain(ctx, instances, arg),
  'devstackContrail.bootInstance':
    ({ ctx, instances }) =>
    (arg) =>
      bootInstance(ctx, instances, arg),
  'devstackContrail.inspectInstance':
    ({ ctx, instances }) =>
    (arg, serverId, column) =>
      inspectInstance(ctx, instances, arg, serverId, column),
  'devstackContrail.stopInstance':
    ({ instances }) =>
    (arg) =>
      actOnInstance(instances, 'stop', arg),
  'devstackContrail.startInstance':
    ({ instances }) =>
    (arg) =>
      actOnInstance(instances, 'start', arg),
  'devstackContrail.deleteInstance':
    ({ instances }) =>
    (arg) =>
      actOnInstance(instances, 'delete', arg),
  'devstackContrail.openInstanceShell':
    ({ instances }) =>
    (arg) =>
      openInstanceShell(instances, arg),
  'devstackContrail.showLoad':
    ({ ctx, instances }) =>
    (arg, column) =>
      showLoad(ctx, instances, arg, column),
  'devstackContrail.launchStack':
    ({ ctx, instances }) =>
    (arg, cloud) =>
      launchStack(ctx, instances, arg, cloud),
  'devstackContrail.updateStack':
    ({ ctx, instances }) =>
    (arg, name, uri) =>
      updateStack(ctx, instances, arg, name, uri),
  'devstackContrail.deleteStack':
    ({ ctx, instances }) =>
    (arg, name) =>
      deleteStack(ctx, instances, arg, name),
  'devstackContrail.showStack':
    ({ ctx, instances }) =>
    (arg, name) =>
      showStack(ctx, instances, arg, name),
} satisfies CommandTable;
