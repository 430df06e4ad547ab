// Option knowledge the generated data lacks because the services register it at run time or the
// generator does not print it (data/runtime-groups.json, keystoneauth-plugins.json, list-item-choices.json;
// their sources are in PROVENANCE.md): os-vif's groups, glance's store groups named by enabled_backends,
// the options of each keystoneauth auth plugin, and the choices of list items.
import { loadDataFile, type OsloService } from './loader';
import type { Release } from './releases';
import type { GroupSchema, OptionSchema, ServiceSchema } from './types';
import { ownEntry } from '../ownEntry';

interface RuntimeGroupsData {
  readonly entries: readonly {
    readonly services: readonly string[];
    readonly releases: readonly string[];
    readonly source: string;
    readonly groups: Readonly<Record<string, GroupSchema>>;
  }[];
  readonly glanceStores: {
    readonly releases: readonly string[];
    /** store type (glance_store.drivers entry point) → the data group holding that driver's options */
    readonly driverGroups: Readonly<Record<string, string>>;
    readonly backendOptions: Readonly<Record<string, Readonly<Record<string, OptionSchema>>>>;
    readonly reserved: readonly string[];
  };
}

interface AuthPluginData {
  readonly releases: Readonly<Record<string, { readonly plugins: Readonly<Record<string, readonly string[]>> }>>;
}

interface ListChoicesData {
  readonly services: Readonly<
    Record<string, Readonly<Record<string, { readonly options: Readonly<Record<string, { readonly choices: readonly string[] }>> }>>>
  >;
}

/** The groups a service registers at run time in this release, as one more schema to merge. */
export function runtimeSchema(service: OsloService, release: Release): ServiceSchema | undefined {
  const data = loadDataFile<RuntimeGroupsData>('runtime-groups.json');
  const entries = (data?.entries ?? []).filter((e) => e.services.includes(service) && e.releases.includes(release));
  if (entries.length === 0) return undefined;
  return {
    service,
    release,
    source: entries.map((e) => e.source).join('; '),
    groups: Object.assign({}, ...entries.map((e) => e.groups)) as Record<string, GroupSchema>,
  };
}

/** A store of glance's multi-store setup: `enabled_backends = name:type`. */
export interface StoreBackend {
  readonly name: string;
  readonly type: string;
}

/** Reads `fs:file, ceph:rbd` (a DictOpt), ignoring malformed pairs (OS205 reports them). */
export function parseEnabledBackends(value: string): StoreBackend[] {
  return value
    .split(',')
    .map((pair) => pair.split(':').map((s) => s.trim()))
    .filter((p) => p.length === 2 && p[0] !== '' && p[1] !== '')
    .map(([name, type]) => ({ name, type }));
}

/**
 * The groups glance registers for its stores: each backend gets its driver's options (copied from the
 * data group that lists them) and the multi-backend options; the reserved stores are filesystem stores.
 */
export function glanceStoreGroups(
  release: Release,
  backends: readonly StoreBackend[],
  groupOf: (name: string) => GroupSchema | undefined,
): Record<string, GroupSchema> {
  const stores = loadDataFile<RuntimeGroupsData>('runtime-groups.json')?.glanceStores;
  if (!stores || !stores.releases.includes(release) || backends.length === 0) return {};
  const common = stores.backendOptions[release] ?? {};
  const out: Record<string, GroupSchema> = {};
  const add = (name: string, type: string): void => {
    const driverGroup = ownEntry(stores.driverGroups, type);
    const driver = driverGroup ? groupOf(driverGroup) : undefined;
    // an unknown store type (a typo, or a third-party driver): its options are unknown, the group is open
    out[name] = driver ? { options: { ...driver.options, ...common } } : { options: { ...common }, open: true };
  };
  for (const reserved of stores.reserved) add(reserved, 'file');
  for (const backend of backends) add(backend.name, backend.type);
  return out;
}

/**
 * The options keystoneauth's plugin `authType` reads from a group that loads an auth plugin, for this
 * release; all plugins' options when authType is not set. Undefined when not known (a third-party
 * plugin, or a release without plugin data): the group stays open.
 */
export function authPluginOptions(release: Release, authType: string | undefined): ReadonlySet<string> | undefined {
  // asked for every unknown key of such a group: one set per release and known plugin (a file's own
  // auth_type strings are not kept)
  const plugins = ownEntry(loadDataFile<AuthPluginData>('keystoneauth-plugins.json')?.releases ?? {}, release)?.plugins;
  if (!plugins || (authType !== undefined && !ownEntry(plugins, authType))) return undefined;
  const key = `${release}|${authType ?? ''}`;
  if (!pluginOptionSets.has(key)) pluginOptionSets.set(key, pluginOptionSet(release, authType));
  return pluginOptionSets.get(key);
}

const pluginOptionSets = new Map<string, ReadonlySet<string> | undefined>();

function pluginOptionSet(release: Release, authType: string | undefined): ReadonlySet<string> | undefined {
  const plugins = ownEntry(loadDataFile<AuthPluginData>('keystoneauth-plugins.json')?.releases ?? {}, release)?.plugins;
  if (!plugins) return undefined;
  if (authType === undefined) return new Set(Object.values(plugins).flat());
  const options = ownEntry(plugins, authType);
  return options ? new Set(options) : undefined;
}

/**
 * The list options of a schema whose items have choices in the release's code, with item_choices set:
 * one more schema to merge over it (the generator's data does not give them).
 */
export function listChoicesSchema(service: OsloService, release: Release, schema: ServiceSchema): ServiceSchema | undefined {
  const services = loadDataFile<ListChoicesData>('list-item-choices.json')?.services ?? {};
  const known = ownEntry(ownEntry(services, service) ?? {}, release)?.options;
  if (!known) return undefined;
  const groups: Record<string, GroupSchema> = {};
  for (const [groupName, group] of Object.entries(schema.groups)) {
    for (const [name, option] of Object.entries(group.options)) {
      const choices = option.type === 'list' ? ownEntry(known, name)?.choices : undefined;
      if (!choices) continue;
      groups[groupName] ??= { options: {} };
      groups[groupName] = { options: { ...groups[groupName].options, [name]: { ...option, item_choices: choices } } };
    }
  }
  return { service, release, source: 'list-item-choices.json', groups };
}
