// Entry point: builds the context and hands it to each feature. No I/O here; heavy modules load on use.
import type * as vscode from 'vscode';
import { DevstackContext } from './context';
import { registerHostsView, type HostsTreeProvider } from './hosts/hostsView';

/** What activate() returns: the views' data, so tests can check what a user sees in them. */
export interface DevstackContrailApi {
  readonly hostsTree: HostsTreeProvider;
}

let current: DevstackContext | undefined;

export function activate(extension: vscode.ExtensionContext): DevstackContrailApi {
  current = new DevstackContext(extension);
  extension.subscriptions.push(current);
  return { hostsTree: registerHostsView(current) };
}

export function deactivate(): void {
  current?.dispose();
  current = undefined;
}
