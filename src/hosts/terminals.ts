// Terminals on devstack hosts: a Pseudoterminal over an ssh2 shell with a pty on the host's shared
// connection (Open SSH Terminal, Run stack.sh, Show Log).
import * as vscode from 'vscode';
import type { RemoteAccess } from './remoteLoader';

export function openHostTerminal(remote: RemoteAccess, host: string, title: string, command?: string): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  let channel: import('ssh2').ClientChannel | undefined;
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open(dimensions) {
      const size = { cols: dimensions?.columns ?? 120, rows: dimensions?.rows ?? 30 };
      remote
        .get()
        .shell(host, size, command)
        .then(
          (opened) => {
            channel = opened;
            opened.on('data', (data: Buffer) => write.fire(data.toString('utf8')));
            opened.stderr.on('data', (data: Buffer) => write.fire(data.toString('utf8')));
            opened.on('exit', (code: number | null) => {
              if (command !== undefined) write.fire(`\r\n[${title}: exit ${code ?? 'signal'}]\r\n`);
            });
            opened.on('close', () => close.fire());
          },
          (error: Error) => {
            write.fire(`\x1b[31m${host}: ${error.message}\x1b[0m\r\n`);
          },
        );
    },
    handleInput(data) {
      channel?.write(data);
    },
    setDimensions(dimensions) {
      channel?.setWindow(dimensions.rows, dimensions.columns, 0, 0);
    },
    close() {
      channel?.end();
    },
  };
  const terminal = vscode.window.createTerminal({ name: title, pty, iconPath: new vscode.ThemeIcon('server') });
  terminal.show();
  return terminal;
}
