// The table of every command: one entry per id of COMMAND_IDS (a missing or unknown one does not compile),
// registered once, each in the same wrapper.
import * as vscode from 'vscode';
import { pickRelease } from '../editor/releaseStatus';
import { wrapCommand, type CommandFactory, type CommandFeatures } from './command';
import { HOST_COMMANDS } from './hosts';
import type { CommandId } from './ids';
import { INSTANCE_COMMANDS } from './instances';
import { PROVISIONING_COMMANDS } from './provisioning';

export const COMMANDS: Readonly<Record<CommandId, CommandFactory>> = {
  ...HOST_COMMANDS,
  ...PROVISIONING_COMMANDS,
  ...INSTANCE_COMMANDS,
  'devstackContrail.pickRelease': () => () => pickRelease(),
};

export function registerCommands(features: CommandFeatures): void {
  for (const [id, make] of Object.entries(COMMANDS) as [CommandId, CommandFactory][]) {
    features.ctx.track(vscode.commands.registerCommand(id, wrapCommand(features.ctx, id, make(features))));
  }
}
