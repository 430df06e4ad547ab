// What a command of the table is made from, and the one wrapper every command runs in: the trust gate,
// a log line, and an error shown with what to do instead of a rejected promise nobody sees.
import * as vscode from 'vscode';
import type { DevstackContext } from '../context';
import type { HostsFeature } from '../hosts/hostsView';
import type { Provisioning } from '../hosts/provisionCommands';
import type { InstancesFeature } from '../instances/instancesView';
import { COMMAND_IDS, type CommandId } from './ids';

/** What the commands work on: the context and the features activate() built. */
export interface CommandFeatures {
  readonly ctx: DevstackContext;
  readonly hosts: HostsFeature;
  readonly provisioning: Provisioning;
  readonly instances: InstancesFeature;
}

export type CommandHandler = (...args: unknown[]) => unknown;
/** Makes a command's handler from the features, once, at activation. */
export type CommandFactory = (features: CommandFeatures) => CommandHandler;
/** Part of the table: a feature area's commands (an id not in COMMAND_IDS does not compile). */
export type CommandTable = { readonly [K in CommandId]?: CommandFactory };

/** The command's title in package.json, without its ellipsis ("Add Host"), for messages. */
function commandTitle(ctx: DevstackContext, id: CommandId): string {
  const commands = (ctx.extension.extension.packageJSON as { contributes?: { commands?: { command: string; title: string }[] } })
    .contributes?.commands;
  return commands?.find((c) => c.command === id)?.title.replace(/…$/, '') ?? id;
}

/** The handler as registered: refused (with the way to trust) in an untrusted workspace if it needs trust; errors shown and logged. */
export function wrapCommand(ctx: DevstackContext, id: CommandId, handler: CommandHandler): CommandHandler {
  return async (...args: unknown[]) => {
    const title = commandTitle(ctx, id);
    if (COMMAND_IDS[id].needsTrust && !vscode.workspace.isTrusted) {
      ctx.log.warn(`${id}: refused, the workspace is not trusted`);
      void vscode.window
        .showWarningMessage(
          `${title}: this workspace is not trusted; remote hosts, clouds and provisioning need a trusted workspace.`,
          'Manage Workspace Trust',
        )
        .then((answer) => {
          if (answer) void vscode.commands.executeCommand('workbench.trust.manage');
        });
      return undefined;
    }
    ctx.log.info(id);
    try {
      return await handler(...args);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      ctx.log.error(`${id} failed: ${message}`);
      void vscode.window.showErrorMessage(`${title} failed: ${message}`, 'Show Log').then((answer) => {
        if (answer) ctx.log.show(true);
      });
      return undefined;
    }
  };
}
