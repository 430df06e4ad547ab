// Typed access to the extension's settings: the one place that knows their names.
import * as vscode from 'vscode';
import type { SeverityOverride } from './core/config/lint/findings';
import { provisionSettingsFrom, type ProvisionSettings } from './core/provision/settings';
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

export interface LintSettings {
  readonly enabled: boolean;
  /** 'auto' or a release name */
  readonly release: string;
  readonly severity: Readonly<Record<string, SeverityOverride>>;
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

export function readLintSettings(scope?: vscode.ConfigurationScope): LintSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const raw = config.get<Record<string, unknown>>('lint.severity') ?? {};
  const severity: Record<string, SeverityOverride> = {};
  for (const [code, level] of Object.entries(raw)) if (typeof level === 'string' && SEVERITIES.has(level)) severity[code.toUpperCase()] = level as SeverityOverride;
  return { enabled: config.get<boolean>('lint.enabled') ?? true, release: config.get<string>('release') ?? 'auto', severity };
}

export async function writeRelease(release: string): Promise<void> {
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration(SECTION).update('release', release, target);
}

export function affectsLint(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.lint`) || event.affectsConfiguration(`${SECTION}.release`);
}

export function affectsProvisionSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.provision`);
}

/** The provisioning settings (devstackContrail.provision.*), checked: throws InvalidSettingError naming the bad one. */
export function readProvisionSettings(): ProvisionSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return provisionSettingsFrom((key) => config.get<unknown>(key), SECTION);
}
