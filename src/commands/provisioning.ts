// Apply and Undo the Contrail setup of a host (the handlers live with the plan documents in hosts/provisionCommands.ts).
import { applySetup, undoSetup } from '../hosts/provisionCommands';
import type { CommandTable } from './command';

export const PROVISIONING_COMMANDS = {
  'devstackContrail.applySetup':
    ({ provisioning, hosts }) =>
    (node, options) =>
      applySetup(provisioning, hosts, node, options),
  'devstackContrail.undoSetup':
    ({ provisioning, hosts }) =>
    (node, options) =>
      undoSetup(provisioning, hosts, node, options),
} satisfies CommandTable;
