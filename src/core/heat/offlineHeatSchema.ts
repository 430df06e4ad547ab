// The Heat schemas with no cloud: data generated from Heat's own definitions (src/core/schema/data/
// heat-zed.json, provenance in PROVENANCE-heat.md), read on first use.
import { ownEntry } from '../ownEntry';
import { loadDataFile } from '../schema/loader';
import type { Release } from '../schema/releases';
import type { HeatFunction, HeatResourceType, HeatSchemaSource, HeatTemplateVersion } from './heatSchema';
import { templateVersionNamed } from './heatSchema';

/** The data file as generated: the API's answers, keyed by type and by template version. */
export interface HeatData {
  readonly release: Release;
  readonly heatVersion: string;
  /** by key ("heat_template_version.2016-10-14"); the lists a version has not are left out */
  readonly templateVersions: Readonly<
    Record<string, Pick<HeatTemplateVersion, 'type'> & Partial<Omit<HeatTemplateVersion, 'key' | 'name' | 'type'>>>
  >;
  /** the default global environment's resource_registry: aliases (a trailing * a prefix) and template-backed types */
  readonly resourceRegistry?: Readonly<Record<string, { readonly alias_of?: string; readonly template?: string }>>;
  readonly resourceTypes: Readonly<Record<string, HeatResourceType>>;
}

export const HEAT_DATA_FILE = 'heat-zed.json';

const RELEASE_NAMES: Partial<Record<Release, string>> = { zed: 'Zed' };

/** "heat_template_version.newton" → "newton": what a template writes */
const unprefixed = (key: string): string => key.slice(key.indexOf('.') + 1);

class OfflineHeatSchema implements HeatSchemaSource {
  readonly label: string;
  readonly origin = "offline data generated from Heat's own definitions";
  private readonly versions: readonly HeatTemplateVersion[];
  private readonly names: readonly string[];

  constructor(
    private readonly data: HeatData,
    readonly release: Release,
  ) {
    // Debian's version (1:19.0.0-3) without its epoch and packaging revision
    const upstream = data.heatVersion.replace(/^\d+:/, '').replace(/-[^-]*$/, '');
    this.label = `Heat ${upstream} (${RELEASE_NAMES[data.release] ?? data.release})`;
    this.names = Object.keys(data.resourceTypes).sort();
    this.versions = Object.entries(data.templateVersions)
      .filter(([, v]) => v.type === 'hot')
      .map(([key, v]): HeatTemplateVersion => ({
        key,
        name: unprefixed(key),
        type: v.type,
        aliases: (v.aliases ?? []).map(unprefixed),
        sections: v.sections ?? [],
        resourceKeys: v.resourceKeys ?? [],
        outputKeys: v.outputKeys ?? [],
        parameterKeys: v.parameterKeys ?? [],
        parameterTypes: v.parameterTypes ?? [],
        deletionPolicies: v.deletionPolicies ?? [],
        functions: v.functions ?? [],
        conditionFunctions: v.conditionFunctions ?? [],
        invalidInConditions: v.invalidInConditions ?? [],
        removedFunctions: v.removedFunctions ?? [],
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** A type by name, or by an alias the default environment maps (OS::Quantum::Net is OS::Neutron::Net). */
  resourceType(name: string): HeatResourceType | undefined {
    const own = ownEntry(this.data.resourceTypes, name);
    if (own) return own;
    for (const [alias, entry] of Object.entries(this.data.resourceRegistry ?? {})) {
      const target = entry.alias_of;
      if (!target) continue;
      if (alias === name) return ownEntry(this.data.resourceTypes, target);
      if (alias.endsWith('*') && target.endsWith('*') && name.startsWith(alias.slice(0, -1)))
        return ownEntry(this.data.resourceTypes, target.slice(0, -1) + name.slice(alias.length - 1));
    }
    return undefined;
  }

  resourceTypeNames(): readonly string[] {
    return this.names;
  }

  templateVersions(): readonly HeatTemplateVersion[] {
    return this.versions;
  }

  functions(version: string): readonly HeatFunction[] | undefined {
    return templateVersionNamed(this, version)?.functions;
  }
}

let offline: OfflineHeatSchema | null | undefined;

/** The offline Heat schemas; undefined when the data file is missing (a build without it). */
export function offlineHeatSchema(): HeatSchemaSource | undefined {
  if (offline === undefined) {
    const data = loadDataFile<HeatData>(HEAT_DATA_FILE);
    offline = data ? new OfflineHeatSchema(data, data.release) : null;
  }
  return offline ?? undefined;
}

/** The Heat schemas to check against: the caller's (a cloud's), else the offline data. */
export function heatSchemaSource(given?: HeatSchemaSource): HeatSchemaSource {
  const heat = given ?? offlineHeatSchema();
  if (!heat) throw new Error(`the Heat resource type data (${HEAT_DATA_FILE}) is not in the option data; run npm run build`);
  return heat;
}
