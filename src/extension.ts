// Entry point: builds the context and hands it to each feature. No I/O here; heavy modules load on use.
import type * as vscode from 'vscode';
import { DevstackContext } from './context';
import { registerHostsView } from './hosts/hostsView';

let current: DevstackContext | undefined;

export function activate(extension: vscode.ExtensionContext): void {
  current = new DevstackContext(extension);
  extension.subscriptions.push(current);
  registerHostsView(current);
}

export function deactivate(): void {
  current?.dispose();
  current = undefined;
}
