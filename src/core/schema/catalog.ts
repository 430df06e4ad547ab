// Option lookup over one service's schema for one release, with oslo.config's own name rules:
// group names compare case-insensitively except DEFAULT, '-' and '_' in option names are the same,
// and deprecated names/groups still resolve (to say "renamed to …").
import { RELEASES, releaseName, releasesInMask, type Release } from './releases';
import {
  HISTORY_SERVICES,
  OSLO_SERVICES,
  loadHistory,
  loadNovaDocker,
  loadOptionHistory,
  loadServiceSchema,
  type HistoryService,
  type OsloService,
} from './loader';
import type { GroupSchema, OptionSchema, ServiceSchema } from './types';
import { ownEntry } from '../ownEntry';
import { NameIndex } from '../text/editDistance';
import { listChoicesSchema, runtimeSchema } from './runtimeGroups';

export function normalizeGroup(name: string): string {
  return name === 'DEFAULT' ? name : name.toLowerCase();
}

export function normalizeOption(name: string): string {
  return name.replace(/-/g, '_');
}

export type OptionLookup =
  | { readonly kind: 'option'; readonly group: string; readonly name: string; readonly option: OptionSchema }
  | {
      readonly kind: 'deprecated-name';
      readonly group: string;
      readonly name: string;
      readonly option: OptionSchema;
      readonly aliasGroup: string;
      readonly aliasName: string;
    }
  | { readonly kind: 'unknown-group' }
  | { readonly kind: 'unknown-option'; readonly group: string; readonly open: boolean };

interface Located {
  readonly group: string;
  readonly name: string;
  readonly option: OptionSchema;
}

/** nova-docker's [docker] group for a release: the branch of that era. */
function novaDockerSchema(release: Release): ServiceSchema | undefined {
  const data = loadNovaDocker();
  if (!data) return undefined;
  const names = Object.keys(data.branches);
  const at = RELEASES.indexOf(release);
  const preferred =
    at <= RELEASES.indexOf('icehouse')
      ? names.find((n) => n.includes('icehouse'))
      : at <= RELEASES.indexOf('kilo')
        ? names.find((n) => n.startsWith('kilo'))
        : names[names.length - 1];
  return data.branches[preferred ?? names[0]];
}

const built = new Map<string, { schema: ServiceSchema; catalog: OptionCatalog }>();

export class OptionCatalog {
  private readonly groups = new Map<string, { name: string; schema: GroupSchema }>();
  private aliasCache?: { aliases: Map<string, Located>; groups: Map<string, Set<string>> };
  private groupIndex?: NameIndex;
  private readonly optionIndexes = new Map<string, NameIndex>();
  private groupsOfOption?: Map<string, string[]>;

  constructor(
    readonly service: OsloService,
    readonly release: Release,
    private readonly schemas: readonly ServiceSchema[],
  ) {
    for (const schema of schemas) {
      for (const [name, group] of Object.entries(schema.groups)) {
        const key = normalizeGroup(name);
        const existing = this.groups.get(key);
        this.groups.set(
          key,
          existing
            ? {
                name: existing.name,
                schema: {
                  ...existing.schema,
                  options: { ...existing.schema.options, ...group.options },
                  open: existing.schema.open || group.open,
                },
              }
            : { name, schema: group },
        );
      }
    }
  }

  /** deprecated names, indexed on the first lookup that needs them */
  private aliasIndex(): { aliases: Map<string, Located>; groups: Map<string, Set<string>> } {
    if (this.aliasCache) return this.aliasCache;
    const aliasesByKey = new Map<string, Located>();
    const aliasGroups = new Map<string, Set<string>>();
    for (const { name: groupName, schema } of this.groups.values()) {
      for (const [optionName, option] of Object.entries(schema.options)) {
        const aliases = option.deprecated_opts ?? [];
        // oslo.db's options appear in several groups with the same aliases ([database] and [api_database]
        // both read [DEFAULT] sql_connection): name the group the aliases themselves point at
        const ownGroupNamed = aliases.some((a) => a.group !== null && normalizeGroup(a.group) === normalizeGroup(groupName));
        for (const alias of aliases) {
          const key = `${normalizeGroup(alias.group ?? groupName)}|${normalizeOption(alias.name ?? optionName)}`;
          if (!aliasesByKey.has(key) || ownGroupNamed) aliasesByKey.set(key, { group: groupName, name: optionName, option });
          const aliasGroup = normalizeGroup(alias.group ?? groupName);
          if (aliasGroup !== normalizeGroup(groupName)) {
            const targets = aliasGroups.get(aliasGroup) ?? new Set<string>();
            targets.add(groupName);
            aliasGroups.set(aliasGroup, targets);
          }
        }
      }
    }
    this.aliasCache = { aliases: aliasesByKey, groups: aliasGroups };
    return this.aliasCache;
  }

  /** One catalog per service and release, built on first use (the schema cache holds the data). */
  static for(service: OsloService, release: Release): OptionCatalog | undefined {
    const schema = loadServiceSchema(service, release);
    if (!schema) return undefined;
    const key = `${service}|${release}`;
    const cached = built.get(key);
    if (cached && cached.schema === schema) return cached.catalog;
    const extras = [
      service === 'nova' ? novaDockerSchema(release) : undefined,
      runtimeSchema(service, release),
      listChoicesSchema(service, release, schema),
    ];
    const catalog = new OptionCatalog(service, release, [schema, ...extras.filter((s): s is ServiceSchema => s !== undefined)]);
    built.set(key, { schema, catalog });
    return catalog;
  }

  /** This catalog with more groups (a file's glance stores); merged over the groups it has. */
  withGroups(groups: Readonly<Record<string, GroupSchema>>): OptionCatalog {
    if (Object.keys(groups).length === 0) return this;
    return new OptionCatalog(this.service, this.release, [
      ...this.schemas,
      { service: this.service, release: this.release, source: 'the file', groups },
    ]);
  }

  groupNames(): string[] {
    return [...this.groups.values()].map((g) => g.name);
  }

  /** The group names, prepared for "did you mean [x]?" */
  groupNameIndex(): NameIndex {
    this.groupIndex ??= new NameIndex(this.groupNames());
    return this.groupIndex;
  }

  /** A group's option names, prepared for "did you mean x?" (empty for an unknown group) */
  optionNameIndex(groupName: string): NameIndex {
    const key = normalizeGroup(groupName);
    let index = this.optionIndexes.get(key);
    if (!index) {
      index = new NameIndex(this.optionNames(groupName));
      this.optionIndexes.set(key, index);
    }
    return index;
  }

  group(name: string): { name: string; schema: GroupSchema } | undefined {
    return this.groups.get(normalizeGroup(name));
  }

  lookup(groupName: string, key: string): OptionLookup {
    const dest = normalizeOption(key);
    const group = this.group(groupName);
    if (group) {
      const option = ownEntry(group.schema.options, dest);
      if (option) return { kind: 'option', group: group.name, name: dest, option };
    }
    const alias = this.aliasIndex().aliases.get(`${normalizeGroup(groupName)}|${dest}`);
    if (alias)
      return { kind: 'deprecated-name', group: alias.group, name: alias.name, option: alias.option, aliasGroup: groupName, aliasName: key };
    if (!group) return { kind: 'unknown-group' };
    return { kind: 'unknown-option', group: group.name, open: group.schema.open === true };
  }

  /** The groups a deprecated group name still feeds ([keymgr] → [key_manager]), empty if none. */
  groupsRenamedFrom(name: string): string[] {
    return [...(this.aliasIndex().groups.get(normalizeGroup(name)) ?? [])];
  }

  /** Groups that define an option of this name (for "this option lives in [x]"). */
  groupsDefining(key: string): string[] {
    if (!this.groupsOfOption) {
      // indexed on first use: asked for every unknown option of a file
      this.groupsOfOption = new Map();
      for (const g of this.groups.values()) {
        for (const option of Object.keys(g.schema.options))
          this.groupsOfOption.set(option, [...(this.groupsOfOption.get(option) ?? []), g.name]);
      }
    }
    return [...(this.groupsOfOption.get(normalizeOption(key)) ?? [])];
  }

  optionNames(groupName: string): string[] {
    return Object.keys(this.group(groupName)?.schema.options ?? {});
  }
}

/** The releases whose data knows this option (in this group or as a deprecated alias). */
export function releasesKnowing(service: OsloService, groupName: string, key: string): Release[] {
  const group = ownEntry(loadHistory(service), normalizeGroup(groupName));
  const mask = (group && ownEntry(group, normalizeOption(key))) ?? 0;
  return releasesInMask(mask);
}

/**
 * Where an option the release does not know went under another name, over the whole history:
 * "renamed to [api] dhcp_domain in Rocky" (the first release that read the old name as an alias).
 */
export function renamedTo(service: OsloService, groupName: string, key: string): string | undefined {
  if (!(HISTORY_SERVICES as readonly string[]).includes(service)) return undefined;
  const history = loadOptionHistory(service as HistoryService);
  const targets = history?.aliasTargets(groupName, normalizeOption(key)) ?? [];
  // oslo.db's options in [database] and [api_database] both read [DEFAULT] sql_connection: the first rename is the one
  const since = (t: { mask: number }): number => RELEASES.indexOf(releasesInMask(t.mask)[0]);
  const target = targets
    .filter((t) => normalizeGroup(t.group) !== normalizeGroup(groupName) || t.name !== normalizeOption(key))
    .sort((a, b) => since(a) - since(b))[0];
  if (!history || !target) return undefined;
  const first = releasesInMask(target.mask)[0];
  return `renamed to [${target.group}] ${target.name}${first ? ` in ${releaseName(first)}` : ''}`;
}

/** Whether a service's data, in any release, has this group (and this option in it, when given). */
function serviceKnows(service: OsloService, groupName: string, key: string | undefined): boolean {
  if (service === 'contrail-plugin') {
    // one schema for the plugin's one era; the release only picks it
    const catalog = OptionCatalog.for(service, 'havana');
    if (key === undefined) return catalog?.group(groupName) !== undefined;
    const found = catalog?.lookup(groupName, key).kind;
    return found === 'option' || found === 'deprecated-name';
  }
  const group = normalizeGroup(groupName);
  const history = loadHistory(service)[group];
  if (history && (key === undefined || (history[normalizeOption(key)] ?? 0) !== 0)) return true;
  if (service !== 'nova') return false;
  // nova-docker's [docker] group is not in nova's history: its own data knows it
  return Object.values(loadNovaDocker()?.branches ?? {}).some((schema) =>
    Object.entries(schema.groups).some(
      ([name, g]) => normalizeGroup(name) === group && (key === undefined || normalizeOption(key) in g.options),
    ),
  );
}

/** The services whose data (any release) knows this group, or this option of it: what content detection weighs. */
export function servicesKnowing(groupName: string, key?: string): OsloService[] {
  return OSLO_SERVICES.filter((service) => serviceKnows(service, groupName, key));
}
