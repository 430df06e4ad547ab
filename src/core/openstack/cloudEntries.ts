// The `devstackContrail.clouds` setting: clouds named by the user, each from clouds.yaml, from a
// devstack host's openrc, or typed in (its password in SecretStorage, never in settings).
import type { CloudAuth } from './types';

export interface CloudEntry {
  readonly name: string;
  /** a cloud of clouds.yaml */
  readonly cloud?: string;
  /** a host of the Hosts view whose devstack openrc gives the credentials */
  readonly openrcHost?: string;
  readonly openrcUser?: string;
  readonly openrcProject?: string;
  /** source this file instead of openrc (devstack's accrc/<project>/<user>), relative to devstack */
  readonly accrcFile?: string;
  /** typed in */
  readonly authUrl?: string;
  readonly username?: string;
  readonly projectName?: string;
  readonly userDomainName?: string;
  readonly projectDomainName?: string;
  readonly regionName?: string;
  readonly interface?: 'public' | 'internal' | 'admin';
  /** the host of the Hosts view whose Docker runs this cloud's containers */
  readonly sshHost?: string;
  /** reach the APIs through sshHost's SSH connection */
  readonly viaSsh?: boolean;
}

const STRING_FIELDS = [
  'name',
  'cloud',
  'openrcHost',
  'openrcUser',
  'openrcProject',
  'accrcFile',
  'authUrl',
  'username',
  'projectName',
  'userDomainName',
  'projectDomainName',
  'regionName',
  'sshHost',
] as const;

/** The entries of the setting that make sense, and a problem line for each that does not. */
export function readCloudEntries(raw: unknown): { entries: CloudEntry[]; problems: string[] } {
  const entries: CloudEntry[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { entries, problems };
  if (!Array.isArray(raw)) return { entries, problems: ['devstackContrail.clouds: expected a list of clouds'] };
  raw.forEach((item: unknown, index) => {
    if (typeof item !== 'object' || item === null) {
      problems.push(`devstackContrail.clouds[${index}]: expected an object`);
      return;
    }
    const record = item as Record<string, unknown>;
    const entry: Record<string, unknown> = {};
    for (const field of STRING_FIELDS) if (typeof record[field] === 'string' && record[field] !== '') entry[field] = record[field];
    if (record.interface === 'public' || record.interface === 'internal' || record.interface === 'admin')
      entry.interface = record.interface;
    if (typeof record.viaSsh === 'boolean') entry.viaSsh = record.viaSsh;
    if (typeof entry.name !== 'string') {
      problems.push(`devstackContrail.clouds[${index}]: "name" is required`);
      return;
    }
    if ('password' in record)
      problems.push(
        `devstackContrail.clouds[${index}] (${entry.name}): "password" is ignored: passwords are kept in VS Code's secret storage, asked when first needed`,
      );
    entries.push(entry as unknown as CloudEntry);
  });
  return { entries, problems };
}

/** The Keystone and account of a typed-in cloud, without its password (that comes from the secret store or the user). */
export function typedCloudAuth(entry: CloudEntry & { readonly authUrl: string }): CloudAuth {
  return {
    authUrl: entry.authUrl,
    username: entry.username,
    projectName: entry.projectName,
    userDomainName: entry.userDomainName ?? 'Default',
    projectDomainName: entry.projectDomainName ?? 'Default',
  };
}
