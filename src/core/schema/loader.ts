// Loads option data on first use, one file per service and release, and keeps it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { helpFromHistory, schemaFromHistory } from './historySchema';
import { parseOptionHistory, type OptionHistory, type OptionHistoryHelp } from './optionHistory';
import type { Release } from './releases';
import type { HelpData, ServiceSchema } from './types';

/** Services with oslo option data: their file names under data/. */
export const OSLO_SERVICES = ['nova', 'neutron', 'glance-api', 'contrail-plugin'] as const;
export type OsloService = (typeof OSLO_SERVICES)[number];

export interface NovaDockerData {
  readonly service: 'nova-docker';
  readonly compute_driver_value: string;
  readonly branches: Readonly<Record<string, ServiceSchema>>;
}

/** dist/schema, packed by the build (scripts/pack-schema.ts): beside the bundle, or from the compiled tests in out/. */
function dataDirectory(): string {
  const candidates = [
    process.env.DEVSTACK_CONTRAIL_SCHEMA_DIR,
    join(__dirname, 'schema'),
    join(__dirname, '..', '..', '..', '..', 'dist', 'schema'),
  ].filter((d): d is string => typeof d === 'string');
  const found = candidates.find((d) => existsSync(join(d, 'contrail-plugin.json')));
  if (!found) throw new Error(`option data not found (looked in ${candidates.join(', ')}); run npm run build`);
  return found;
}

let directory: string | undefined;
const cache = new Map<string, unknown>();

export function loadDataFile<T>(file: string): T | undefined {
  if (cache.has(file)) return cache.get(file) as T | undefined;
  directory ??= dataDirectory();
  const path = join(directory, file);
  const value = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined;
  cache.set(file, value);
  return value;
}

/** The releases with a generated file of their own (defaults, help, deprecation reasons): the others come from the history. */
export const RICH_RELEASES: readonly Release[] = ['havana', 'icehouse', 'zed', 'epoxy'];

const fromHistory = new Map<string, ServiceSchema | undefined>();

/** A release's option data: its generated file where there is one, else built from the service's history. */
export function loadServiceSchema(service: OsloService, release: Release): ServiceSchema | undefined {
  if (service === 'contrail-plugin') return loadDataFile<ServiceSchema>('contrail-plugin.json');
  if (RICH_RELEASES.includes(release)) return loadDataFile<ServiceSchema>(`${service}-${release}.json`);
  const key = `${service}|${release}`;
  if (!fromHistory.has(key)) {
    const history = loadOptionHistory(service);
    fromHistory.set(key, history ? schemaFromHistory(history, release) : undefined);
  }
  return fromHistory.get(key);
}

/** Help texts and deprecation reasons, kept apart from the lint data: hover loads them. */
export function loadServiceHelp(service: OsloService, release: Release): HelpData | undefined {
  if (service === 'contrail-plugin') return undefined;
  if (RICH_RELEASES.includes(release)) return loadDataFile<HelpData>(`${service}-${release}.help.json`);
  const help = loadOptionHistoryHelp(service);
  return help ? helpFromHistory(help) : undefined;
}

/** normalized group → option → bitmask of RELEASES whose data knows it, as an option or an alias (see pack.ts). */
export function loadHistory(service: OsloService): Readonly<Record<string, Readonly<Record<string, number>>>> {
  return loadDataFile<Record<string, Record<string, number>>>(`history-${service}.json`) ?? {};
}

/** Services with a generated option history of all 26 releases (data/history/<service>.json). */
export const HISTORY_SERVICES = ['nova', 'neutron', 'glance-api'] as const satisfies readonly OsloService[];
export type HistoryService = (typeof HISTORY_SERVICES)[number];

const histories = new Map<HistoryService, OptionHistory | undefined>();

export function loadOptionHistory(service: HistoryService): OptionHistory | undefined {
  if (!histories.has(service)) {
    const raw = loadDataFile<unknown>(`history/${service}.json`);
    histories.set(service, raw === undefined ? undefined : parseOptionHistory(raw));
  }
  return histories.get(service);
}

/** Help texts of the history, kept apart: only hover needs them. */
export function loadOptionHistoryHelp(service: HistoryService): OptionHistoryHelp | undefined {
  return loadDataFile<OptionHistoryHelp>(`history/${service}-help.json`);
}

/** devstack's variables, services and functions per release (scripts/schema/gen-devstack-history.py). */
export interface DevstackHistory {
  readonly releases: readonly string[];
  readonly refs: Readonly<Record<string, { readonly ref: string; readonly commit: string }>>;
  /** name → bitmask of `releases` indexes */
  readonly variables: Readonly<Record<string, number>>;
  readonly services: Readonly<Record<string, number>>;
  readonly functions: Readonly<Record<string, number>>;
}

export function loadDevstackHistory(): DevstackHistory | undefined {
  return loadDataFile<DevstackHistory>('history/devstack.json');
}

export function loadNovaDocker(): NovaDockerData | undefined {
  return loadDataFile<NovaDockerData>('nova-docker.json');
}

/** For benchmarks and tests: forget what was loaded. */
export function clearSchemaCache(): void {
  cache.clear();
  histories.clear();
  fromHistory.clear();
}
