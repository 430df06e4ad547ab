// The Hosts view's commands: add, remove, connect, terminals, stack.sh / unstack.sh, service logs and restarts.
import * as vscode from 'vscode';
import { writeRawHosts } from '../config';
import { hostEntryName } from '../core/remote/hostConfig';
import { restartCommand } from '../core/devstack/serviceRestart';
import { shellCommand, shellQuote } from '../core/remote/shellQuote';
import { addHost, hostName, HOSTS_VIEW_ID, type HostsFeature, type HostsNode } from '../hosts/hostsView';
import { openHostTerminal } from '../hosts/terminals';
import type { CommandHandler, CommandTable } from './command';

/** A handler of a node's host; without a host (called from elsewhere) it does nothing. */
function withHost(handler: (name: string, node: HostsNode) => unknown): CommandHandler {
  return (node: unknown) => {
    const name = hostName(node);
    return name ? handler(name, node as HostsNode) : undefined;
  };
}

function runScript({ remote }: HostsFeature, script: 'stack.sh' | 'unstack.sh'): CommandHandler {
  return withHost((name) => {
    const dir = remote.hostView(name)?.snapshot?.devstack?.dir;
    if (!dir) return void vscode.window.showWarningMessage(`${name}: devstack was not found; refresh the host or set its devstackDir.`);
    openHostTerminal(remote, name, `${script} on ${name}`, `cd ${shellQuote(dir)} && ./${script}`);
  });
}

export const HOST_COMMANDS = {
  'devstackContrail.addHost':
    ({ hosts }) =>
    () =>
      addHost(hosts.tree),
  'devstackContrail.removeHost': ({ hosts: { remote, tree } }) =>
    withHost(async (name) => {
      await writeRawHosts((raw) => raw.filter((item) => hostEntryName(item) !== name));
      remote.loaded?.disconnect(name);
      await remote.forgetSecrets(name);
      tree.redraw();
    }),
  'devstackContrail.refreshHosts':
    ({ hosts }) =>
    () =>
      hosts.tree.refresh(),
  'devstackContrail.connect': ({ hosts: { remote, tree } }) =>
    withHost(async (name) => {
      await vscode.window.withProgress({ location: { viewId: HOSTS_VIEW_ID }, title: `Connecting to ${name}` }, async () => {
        try {
          await remote.connect(name);
        } catch (error) {
          void vscode.window.showErrorMessage((error as Error).message);
        }
        await tree.refresh(name);
      });
    }),
  'devstackContrail.disconnect': ({ hosts: { remote, tree } }) =>
    withHost((name) => {
      remote.loaded?.disconnect(name);
      tree.redraw();
    }),
  'devstackContrail.openTerminal': ({ hosts: { remote } }) => withHost((name) => openHostTerminal(remote, name, `ssh ${name}`)),
  'devstackContrail.runStack': ({ hosts }) => runScript(hosts, 'stack.sh'),
  'devstackContrail.runUnstack': ({ hosts }) => runScript(hosts, 'unstack.sh'),
  'devstackContrail.showLog': ({ hosts: { remote } }) =>
    withHost((name, node) => {
      if (node.kind !== 'service') return;
      const log = node.service.log;
      const command =
        log.kind === 'file'
          ? shellCommand(['tail', '-n', '200', '-F', log.path])
          : shellCommand(['journalctl', '-n', '200', '-f', '-u', log.unit]);
      openHostTerminal(remote, name, `${node.service.name} log on ${name}`, command);
    }),
  'devstackContrail.restartService': ({ hosts: { remote, tree } }) =>
    withHost(async (name, node) => {
      if (node.kind !== 'service') return;
      const service = node.service;
      const restart = restartCommand(service.log.kind === 'journal' ? 'systemd' : 'screen', service.name, service.pidFile ?? '');
      const command = shellCommand(restart.asRoot ? ['sudo', '-n', ...restart.argv] : restart.argv);
      await vscode.window.withProgress(
        { location: { viewId: HOSTS_VIEW_ID }, title: `Restarting ${service.name} on ${name}` },
        async () => {
          const result = await remote.get().exec(name, command, { timeoutMs: 70_000 });
          if (result.exitCode !== 0)
            void vscode.window.showErrorMessage(
              `Restart ${service.name} on ${name} failed: ${result.stderr.trim() || `exit ${result.exitCode}`}`,
            );
          await tree.refresh(name);
        },
      );
    }),
} satisfies CommandTable;
