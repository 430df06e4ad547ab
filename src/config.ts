// Typed access to the extension's settings: the one place that knows their names.
import * as vscode from 'vscode';
import { readHostList, type HostListResult } from './core/remote/hostConfig';

export const SECTION = 'devstackContrail';

export function readHosts(): HostListResult {
  return readHostList(vscode.workspace.getConfiguration(SECTION).get<unknown>('hosts'));
}

export async function writeRawHosts(update: (hosts: unknown[]) => unknown[]): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = config.get<unknown>('hosts');
  await config.update('hosts', update(Array.isArray(current) ? [...current] : []), vscode.ConfigurationTarget.Global);
}

export function affectsHosts(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.hosts`);
}
