// The Heat schemas of a cloud, from its Heat API: the resource types it lists (GET /resource_types), each
// type a template uses (GET /resource_types/{type}) and the functions of its version (GET
// /template_versions/{v}/functions). Lint is synchronous, so they are fetched first (prefetch) and kept
// with a time to live; what is not fetched yet comes from the offline data, so nothing flickers. A type
// the cloud does not list is unknown: with a cloud configured, the cloud is the truth. The parts the
// API does not give (a version's sections and keys) come from the offline data.
import type { HeatClient } from './heatClient';
import { resourceTypeFromApi } from './cloudResourceType';
import type { HeatFunction, HeatResourceType, HeatSchemaSource, HeatTemplateVersion } from './heatSchema';
import { templateVersionNamed } from './heatSchema';
import { heatSchemaSource } from './offlineHeatSchema';
import type { Release } from '../schema/releases';

/** What of Heat's API the schemas are read from. */
export type HeatSchemaApi = Pick<HeatClient, 'listResourceTypes' | 'resourceTypeSchema' | 'listTemplateVersions' | 'templateFunctions'>;

export interface CloudHeatSchemaOptions {
  /** how long an answer is used before it is asked again (it is still used while asked); default 10 min */
  readonly ttlMs?: number;
  /** requests at once; default 4 */
  readonly concurrency?: number;
  readonly now?: () => number;
  /** after a failure, how long before the cloud is asked again; default 30 s */
  readonly retryMs?: number;
  /** what stands in for what is not fetched; default the offline data */
  readonly offline?: HeatSchemaSource;
}

export const HEAT_SCHEMA_TTL_MS = 10 * 60_000;
export const RETRY_AFTER_FAILURE_MS = 30_000;

interface Timed<T> {
  readonly value: T;
  readonly at: number;
}

interface CloudVersion {
  readonly key: string;
  readonly type: string;
  readonly aliases: readonly string[];
}

interface VersionFunctions {
  readonly functions: readonly HeatFunction[];
  readonly conditionFunctions: readonly HeatFunction[];
}

const unprefixed = (key: string): string => key.slice(key.indexOf('.') + 1);
/** Heat's 404 (an OpenStackError; by its status, as the remote bundle's class is another than this one) */
const isNotFound = (error: unknown): boolean => error instanceof Error && (error as { status?: unknown }).status === 404;

/** Runs `run` over the items, at most `limit` at once. */
async function eachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await run(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** What the template checks read at one time: the cloud's answers so far over the offline data (it does not change). */
class CloudSchemaSnapshot implements HeatSchemaSource {
  readonly label: string;
  readonly origin: string;
  readonly release?: Release;
  private readonly versions: readonly HeatTemplateVersion[];
  private readonly names: readonly string[];

  constructor(
    cloud: string,
    private readonly offline: HeatSchemaSource,
    private readonly listed: ReadonlySet<string> | undefined,
    private readonly fetched: ReadonlyMap<string, HeatResourceType | null>,
    cloudVersions: readonly CloudVersion[] | undefined,
    functions: ReadonlyMap<string, VersionFunctions>,
    problem: string | undefined,
  ) {
    this.release = offline.release;
    this.label = listed ? `Heat of cloud ${cloud}` : offline.label;
    this.origin = !listed
      ? `${offline.origin}${problem ? `: ${problem}` : `, until the Heat API of cloud ${cloud} answers`}`
      : `read from its Heat API${problem ? ` (${problem}; the offline data stands in for what it did not answer)` : ''}`;
    this.names = listed ? [...listed].sort() : offline.resourceTypeNames();
    this.versions = this.versionsOf(cloudVersions, functions);
  }

  /** The offline versions' structure; with the cloud's list, only its HOT versions, and its functions once fetched. */
  private versionsOf(cloudVersions: readonly CloudVersion[] | undefined, functions: ReadonlyMap<string, VersionFunctions>) {
    const offline = this.offline.templateVersions();
    const newest = offline[offline.length - 1];
    const base = cloudVersions
      ? cloudVersions
          .filter((v) => v.type === 'hot')
          .flatMap((v): HeatTemplateVersion[] => {
            const known = offline.find((o) => o.key === v.key) ?? newest;
            if (!known) return [];
            return [{ ...known, key: v.key, name: unprefixed(v.key), aliases: v.aliases.map(unprefixed) }];
          })
      : offline;
    return base
      .map((v) => {
        const fetched = functions.get(v.key);
        if (!fetched) return v;
        const conditionFunctions = fetched.conditionFunctions.filter((f) => !v.invalidInConditions.includes(f.functions));
        return { ...v, functions: fetched.functions, conditionFunctions };
      })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  resourceType(name: string): HeatResourceType | undefined {
    if (!this.listed) return this.offline.resourceType(name);
    const listed = listedName(this.listed, this.offline, name);
    if (listed === undefined) return undefined;
    const fetched = this.fetched.get(listed);
    return fetched === undefined ? this.offline.resourceType(listed) : (fetched ?? undefined);
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

/** The name the cloud lists a type under: its own, or the type an alias of the default environment maps it to (OS::Quantum::Net). */
function listedName(listed: ReadonlySet<string>, offline: HeatSchemaSource, name: string): string | undefined {
  if (listed.has(name)) return name;
  const target = offline.resourceType(name)?.resource_type;
  return target !== undefined && target !== name && listed.has(target) ? target : undefined;
}

/** One cloud's Heat schemas: fetched on prefetch, kept for ttlMs, read through source(). */
export class CloudHeatSchema {
  private readonly ttlMs: number;
  private readonly concurrency: number;
  private readonly now: () => number;
  private readonly offline: HeatSchemaSource;
  private typeList?: Timed<ReadonlySet<string>>;
  private versionList?: Timed<readonly CloudVersion[]>;
  private readonly types = new Map<string, Timed<HeatResourceType | null>>();
  private readonly versionFunctions = new Map<string, Timed<VersionFunctions>>();
  /** requests under way, by what they fetch: asked again meanwhile, they are joined */
  private readonly pending = new Map<string, Promise<void>>();
  private problemText?: string;
  /** when the last prefetch that failed ended */
  private failedAt?: number;
  private readonly retryMs: number;
  private snapshot?: HeatSchemaSource;

  constructor(
    readonly cloud: string,
    private readonly connect: () => Promise<HeatSchemaApi>,
    options: CloudHeatSchemaOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? HEAT_SCHEMA_TTL_MS;
    this.concurrency = options.concurrency ?? 4;
    this.now = options.now ?? Date.now;
    this.retryMs = options.retryMs ?? RETRY_AFTER_FAILURE_MS;
    this.offline = heatSchemaSource(options.offline);
  }

  /** why the cloud's Heat could not be read (the last time it was asked), if it could not */
  get problem(): string | undefined {
    return this.problemText;
  }

  /** The schemas as fetched so far, the offline data standing in for the rest: the same object until more lands. */
  source(): HeatSchemaSource {
    this.snapshot ??= new CloudSchemaSnapshot(
      this.cloud,
      this.offline,
      this.typeList?.value,
      new Map([...this.types].map(([name, t]) => [name, t.value])),
      this.versionList?.value,
      new Map([...this.versionFunctions].map(([key, f]) => [key, f.value])),
      this.problemText,
    );
    return this.snapshot;
  }

  private stale(entry: Timed<unknown> | undefined): boolean {
    return entry === undefined || this.now() - entry.at >= this.ttlMs;
  }

  /** Keeps an answer; the source changes only when it differs from what was kept. */
  private keep<T>(map: Map<string, Timed<T>>, key: string, value: T): void {
    const before = map.get(key);
    map.set(key, { value, at: this.now() });
    if (!before || JSON.stringify(before.value) !== JSON.stringify(value)) this.snapshot = undefined;
  }

  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const problem = `the Heat API of cloud ${this.cloud} could not be read: ${message}`;
    if (problem !== this.problemText) this.snapshot = undefined;
    this.problemText = problem;
  }

  /** One request per key at a time. */
  private once(key: string, fetch: () => Promise<void>): Promise<void> {
    let running = this.pending.get(key);
    if (!running) {
      running = fetch().finally(() => this.pending.delete(key));
      this.pending.set(key, running);
    }
    return running;
  }

  /**
   * Fetches what a template uses that is not kept or is older than the TTL: the type list and the
   * versions (once), the types named, the functions of the versions named. Never rejects: a failure is
   * kept in `problem` and said in the source's origin. Resolves true when the source changed.
   */
  async prefetch(typeNames: readonly string[], versions: readonly string[] = []): Promise<boolean> {
    const before = this.source();
    // a cloud that just failed is not asked again at once (the editor lints on every pause in typing)
    if (this.failedAt !== undefined && this.now() - this.failedAt < this.retryMs) return false;
    const lists = [this.stale(this.typeList), this.stale(this.versionList)];
    const planned = this.planned(typeNames, versions);
    if (!lists.includes(true) && planned.types.length === 0 && planned.keys.length === 0) return false;
    let failed = false;
    const attempt = async (fetch: () => Promise<void>): Promise<void> => {
      try {
        await fetch();
      } catch (error) {
        failed = true;
        this.fail(error);
      }
    };
    let api: HeatSchemaApi | undefined;
    await attempt(async () => {
      api = await this.connect();
    });
    if (api) {
      const heat = api;
      await Promise.all([
        lists[0] ? attempt(() => this.once('types', () => this.fetchTypeList(heat))) : undefined,
        lists[1] ? attempt(() => this.once('versions', () => this.fetchVersions(heat))) : undefined,
      ]);
      const { types, keys } = this.planned(typeNames, versions);
      const jobs = [
        ...types.map((name) => () => this.once(`type:${name}`, () => this.fetchType(heat, name))),
        ...keys.map((key) => () => this.once(`functions:${key}`, () => this.fetchFunctions(heat, key))),
      ];
      await eachLimited(jobs, this.concurrency, (job) => attempt(job));
    }
    this.failedAt = failed ? this.now() : undefined;
    if (!failed && this.problemText !== undefined) {
      this.problemText = undefined;
      this.snapshot = undefined;
    }
    return this.source() !== before;
  }

  /** The types and versions' functions to fetch: those named, not kept or older than the TTL (by what the lists say now). */
  private planned(typeNames: readonly string[], versions: readonly string[]): { types: string[]; keys: string[] } {
    const listed = this.typeList?.value;
    const wanted = listed ? [...new Set(typeNames.map((n) => listedName(listed, this.offline, n)))] : [];
    return {
      types: wanted.filter((n): n is string => n !== undefined && this.stale(this.types.get(n))),
      keys: [...new Set(versions.map((v) => this.versionKey(v)))].filter(
        (k): k is string => k !== undefined && this.stale(this.versionFunctions.get(k)),
      ),
    };
  }

  /** A template's heat_template_version value as the cloud's version key (by date or alias). */
  private versionKey(value: string): string | undefined {
    const cloud = this.versionList?.value.find(
      (v) => v.type === 'hot' && (unprefixed(v.key) === value || v.key === value || v.aliases.some((a) => unprefixed(a) === value)),
    );
    return cloud?.key ?? (this.versionList ? undefined : templateVersionNamed(this.offline, value)?.key);
  }

  private async fetchTypeList(api: HeatSchemaApi): Promise<void> {
    const names = new Set((await api.listResourceTypes()).filter((n) => n !== ''));
    const before = this.typeList?.value;
    this.typeList = { value: names, at: this.now() };
    if (!before || before.size !== names.size || [...names].some((n) => !before.has(n))) this.snapshot = undefined;
  }

  private async fetchVersions(api: HeatSchemaApi): Promise<void> {
    const listed = (await api.listTemplateVersions()).map((v): CloudVersion => ({ key: v.version, type: v.type, aliases: v.aliases }));
    // an alias listed as a version of its own too is the alias of the one that names it
    const aliases = new Set(listed.flatMap((v) => v.aliases));
    const versions = listed.filter((v) => !aliases.has(v.key));
    const before = this.versionList?.value;
    this.versionList = { value: versions, at: this.now() };
    if (!before || JSON.stringify(before) !== JSON.stringify(versions)) this.snapshot = undefined;
  }

  private async fetchType(api: HeatSchemaApi, name: string): Promise<void> {
    try {
      const raw = await api.resourceTypeSchema(name);
      this.keep(this.types, name, resourceTypeFromApi(name, raw, this.offline.resourceType(name)));
    } catch (error) {
      // listed but not there (a type only an admin may see): unknown, as the cloud says
      if (isNotFound(error)) this.keep(this.types, name, null);
      else throw error;
    }
  }

  private async fetchFunctions(api: HeatSchemaApi, key: string): Promise<void> {
    const [functions, conditionFunctions] = await Promise.all([api.templateFunctions(key), api.templateFunctions(key, true)]);
    this.keep(this.versionFunctions, key, { functions, conditionFunctions });
  }
}
