// What devstack is, per era: its variables, services, hypervisor and neutron plugins, local.conf phases.
// The facts come from data/devstack.json (see PROVENANCE-devstack.md); this file reads them.
import { loadDataFile, loadDevstackHistory } from './loader';
import { lifetimeNote, releaseBit, releasesInMask, type DevstackEra, type Release } from './releases';
import { ownEntry } from '../ownEntry';

export interface DevstackVariable {
  readonly help?: string;
  readonly default?: string | null;
  readonly eras: readonly DevstackEra[];
  readonly kind?: string;
  readonly choices?: readonly string[];
  readonly pairedWith?: string;
  readonly removedIn?: string;
  readonly since?: string;
  readonly unconfirmed?: boolean;
}

export interface DevstackEntry {
  readonly help?: string;
  readonly eras: readonly DevstackEra[];
  readonly project?: string;
  readonly conflictsWith?: readonly string[];
  readonly args?: string;
}

export interface DevstackData {
  readonly source: string;
  readonly variables: Readonly<Record<string, DevstackVariable>>;
  readonly services: Readonly<Record<string, DevstackEntry>>;
  readonly virtDrivers: Readonly<Record<string, DevstackEntry>>;
  readonly qPlugins: Readonly<Record<string, DevstackEntry>>;
  readonly metaSectionPhases: Readonly<Record<string, DevstackEntry>>;
  readonly fileVariables: Readonly<Record<string, DevstackEntry & { readonly path: string }>>;
  readonly functions: Readonly<Record<string, DevstackEntry>>;
  readonly passwordVariables: Readonly<Record<DevstackEra, PasswordPrompts>>;
}

export interface PasswordPrompts {
  /** the variables stack.sh prompts for when they are unset */
  readonly prompted: readonly string[];
  /** when each is asked for: "key enabled", "a database backend enabled", "VIRT_DRIVER=xenserver", … joined by " and " */
  readonly conditions?: Readonly<Record<string, string>>;
}

/**
 * ENABLED_SERVICES when localrc does not change it. 2014: stackrc of devstack master in early 2014
 * (nova-network on by default); current: devstack's stackrc since nova-network's removal (no n-net).
 */
export const DEFAULT_SERVICES: Readonly<Record<DevstackEra, readonly string[]>> = {
  '2014': [
    'g-api',
    'g-reg',
    'key',
    'n-api',
    'n-crt',
    'n-obj',
    'n-cpu',
    'n-net',
    'n-cond',
    'cinder',
    'c-sch',
    'c-api',
    'c-vol',
    'n-sch',
    'n-novnc',
    'n-xvnc',
    'n-cauth',
    'horizon',
    'rabbit',
    'tempest',
    'mysql',
  ],
  current: [
    'key',
    'n-api',
    'n-cpu',
    'n-sch',
    'n-cond',
    'placement-api',
    'g-api',
    'c-api',
    'c-vol',
    'c-sch',
    'horizon',
    'mysql',
    'rabbit',
    'q-svc',
    'q-agt',
    'q-dhcp',
    'q-l3',
    'q-meta',
    'etcd3',
    'dstat',
    'tempest',
  ],
};

/** Variables bash or stack.sh defines before localrc is read: referencing them is fine. */
export const PREDEFINED_VARIABLES = new Set([
  'HOME',
  'USER',
  'PATH',
  'PWD',
  'HOSTNAME',
  'SHELL',
  'LANG',
  'TERM',
  'UID',
  'RANDOM',
  'TOP_DIR',
  'RC_DIR',
  'FILES',
  'DEST',
  'STACK_USER',
  'DISTRO',
  'os_VENDOR',
  'os_RELEASE',
  'os_PACKAGE',
  'os_CODENAME',
]);

export function devstackData(): DevstackData {
  const data = loadDataFile<DevstackData>('devstack.json');
  if (!data) throw new Error('devstack data (devstack.json) is missing from the option data');
  return data;
}

export function knownIn<T extends { eras: readonly DevstackEra[] }>(
  table: Readonly<Record<string, T>>,
  name: string,
  era: DevstackEra,
): T | undefined {
  const entry = ownEntry(table, name);
  return entry && entry.eras.includes(era) ? entry : undefined;
}

/** What devstack of one release knows of a name: `lifetime` ("known Havana–Pike, removed in Queens") when it does not. */
export interface DevstackKnowledge {
  readonly known: boolean;
  readonly lifetime?: string;
}

/**
 * Whether devstack of `release` reads a variable or runs a service: its own branch, from the history of all
 * releases (data/history/devstack.json), where the history has the name; else the era's data.
 */
export function devstackKnows(
  data: DevstackData,
  kind: 'variables' | 'services',
  name: string,
  release: Release,
  era: DevstackEra,
): DevstackKnowledge {
  const mask = ownEntry(loadDevstackHistory()?.[kind] ?? {}, name) ?? 0;
  if (mask === 0) return { known: knownIn(data[kind], name, era) !== undefined };
  if ((mask & releaseBit(release)) !== 0) return { known: true };
  return { known: false, lifetime: lifetimeNote(releasesInMask(mask), release) };
}

export function namesIn(table: Readonly<Record<string, { eras: readonly DevstackEra[] }>>, era: DevstackEra): string[] {
  return Object.keys(table).filter((n) => table[n].eras.includes(era));
}

export function isNeutronService(name: string): boolean {
  return name === 'neutron' || name.startsWith('q-') || name.startsWith('neutron-');
}

/** devstack's is_service_enabled: a catch-all name (nova, glance, neutron, …) matches its prefixed services. */
const CATCH_ALL: Readonly<Record<string, (s: string) => boolean>> = {
  nova: (s) => s.startsWith('n-') || s === 'nova',
  glance: (s) => s.startsWith('g-') || s === 'glance',
  neutron: isNeutronService,
  cinder: (s) => s.startsWith('c-') || s === 'cinder',
  trove: (s) => s.startsWith('tr-') || s === 'trove',
  swift: (s) => s.startsWith('s-') || s === 'swift',
  keystone: (s) => s === 'key' || s === 'keystone',
  'a database backend': (s) => s === 'mysql' || s === 'postgresql',
};

/**
 * The catch-all names is_service_enabled honours (functions-common, devstack 2014 and now): a file may
 * enable or disable them like any service. "trove" matches tr-*; "swift" in ENABLED_SERVICES enables every s-*.
 */
export const META_SERVICES: ReadonlySet<string> = new Set(['nova', 'glance', 'neutron', 'cinder', 'swift', 'trove']);

function isServiceEnabled(enabled: ReadonlySet<string>, name: string): boolean {
  const matches = CATCH_ALL[name];
  if (matches) return [...enabled].some(matches);
  return enabled.has(name) || (name.startsWith('s-') && enabled.has('swift'));
}

/** Variables devstack copies into another when set (lib/database: DATABASE_PASSWORD=$MYSQL_PASSWORD). */
export const VARIABLE_ALIASES: Readonly<Record<string, readonly string[]>> = { DATABASE_PASSWORD: ['MYSQL_PASSWORD'] };

/**
 * The password variables stack.sh would prompt for, given the services enabled and the variables set.
 * A condition it cannot read counts as met: better one warning too many than a prompt missed.
 */
export function promptedPasswords(
  data: DevstackData,
  era: DevstackEra,
  enabled: ReadonlySet<string>,
  values: ReadonlyMap<string, string>,
): string[] {
  const prompts = data.passwordVariables[era];
  if (!prompts) return [];
  const met = (term: string): boolean => {
    const service = /^(.+) enabled$/.exec(term.trim());
    if (service) return isServiceEnabled(enabled, service[1]);
    const assignment = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(term.trim());
    if (assignment) return values.get(assignment[1]) === assignment[2];
    return true;
  };
  return prompts.prompted.filter((name) =>
    (prompts.conditions?.[name] ?? '')
      .split(' and ')
      .filter((t) => t.trim() !== '')
      .every((term) => met(/enabled$/.test(term) || term.includes('=') ? term : `${term} enabled`)),
  );
}
