// Typed access to the extension's settings: the one place that knows their names.
import * as vscode from 'vscode';
import type { SeverityOverride } from './core/config/lint/findings';
import { DEFAULT_BUSY_CPU_PERCENT } from './core/load/placement';
import { INCIDENT_KINDS, type IncidentKind } from './core/load/incidents';
import { readCloudEntries } from './core/openstack/cloudEntries';
import { provisionSettingsFrom, type ProvisionSettings } from './core/provision/settings';
import { readHostList, type HostListResult } from './core/remote/hostConfig';

export const SECTION = 'devstackContrail';

export function readHosts(): HostListResult {
  return readHostList(vscode.workspace.getConfiguration(SECTION).get<unknown>('hosts'));
}

/** Rewrites a list setting (user settings) from its raw entries, whatever their shape. */
async function writeRawList(key: 'hosts' | 'clouds', update: (entries: unknown[]) => unknown[]): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = config.get<unknown>(key);
  await config.update(key, update(Array.isArray(current) ? [...current] : []), vscode.ConfigurationTarget.Global);
}

export function writeRawHosts(update: (hosts: unknown[]) => unknown[]): Promise<void> {
  return writeRawList('hosts', update);
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
  for (const [code, level] of Object.entries(raw))
    if (typeof level === 'string' && SEVERITIES.has(level)) severity[code.toUpperCase()] = level as SeverityOverride;
  return { enabled: config.get<boolean>('lint.enabled') ?? true, release: config.get<string>('release') ?? 'auto', severity };
}

/** A compute host above this live CPU % is marked busy, and not recommended for a boot (devstackContrail.load.busyCpuPercent). */
export function readBusyCpuPercent(): number {
  const value = vscode.workspace.getConfiguration(SECTION).get<number>('load.busyCpuPercent');
  return typeof value === 'number' && value > 0 && value <= 100 ? value : DEFAULT_BUSY_CPU_PERCENT;
}

export function affectsLoad(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.load`);
}

/** Which notifications to show (devstackContrail.notifications): servers, containers, hosts; none when empty. */
export function readNotificationKinds(): ReadonlySet<IncidentKind> {
  const value = vscode.workspace.getConfiguration(SECTION).get<unknown>('notifications');
  if (!Array.isArray(value)) return new Set(INCIDENT_KINDS);
  return new Set(INCIDENT_KINDS.filter((kind) => value.includes(kind)));
}

export function affectsNotifications(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.notifications`);
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

/** Seconds between refreshes of a visible Hosts or Instances view (devstackContrail.refreshInterval); 0 stops the timer. */
export function readRefreshIntervalSeconds(): number {
  return vscode.workspace.getConfiguration(SECTION).get<number>('refreshInterval') ?? 10;
}

export function affectsRefreshInterval(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.refreshInterval`);
}

export interface SshSettings {
  /** as written: '~/' not expanded */
  readonly knownHostsFile: string;
  /** as written; empty: ~/.ssh/config is not read */
  readonly configFile: string;
}

export function readSshSettings(): SshSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    knownHostsFile: config.get<string>('ssh.knownHostsFile') || '~/.ssh/known_hosts',
    configFile: config.get<string>('ssh.configFile') ?? '~/.ssh/config',
  };
}

export function affectsSsh(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.ssh`);
}

export interface CloudSettings {
  readonly entries: ReturnType<typeof readCloudEntries>['entries'];
  readonly problems: string[];
  readonly cloudsFile?: string;
}

/** The clouds of devstackContrail.clouds (checked) and devstackContrail.openstack.cloudsFile. */
export function readCloudSettings(): CloudSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const { entries, problems } = readCloudEntries(config.get<unknown>('clouds'));
  return { entries, problems, cloudsFile: config.get<string>('openstack.cloudsFile') || undefined };
}

/** Rewrites devstackContrail.clouds (user settings) from its raw entries. */
export function writeRawClouds(update: (clouds: unknown[]) => unknown[]): Promise<void> {
  return writeRawList('clouds', update);
}

export function affectsClouds(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.clouds`) || event.affectsConfiguration(`${SECTION}.openstack`);
}
