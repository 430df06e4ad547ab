// A Heat template checked against one cloud: its Heat schemas (cloudHeatSchema.ts) and what it has
// (cloudFacts.ts), fetched for the templates about to be linted and kept per cloud name for a while,
// so that lint (synchronous) reads them. The CLI (lint --cloud, stack) and the editor both use it.
import { isMap } from 'yaml';
import type { OpenStackClient } from '../openstack/client';
import { splitLines } from '../config/text';
import { parseHot, scalarText, type HotDocument } from '../config/hot/hotDocument';
import { pairOf } from '../config/hot/hotProperties';
import { MEMBER_DEFINITIONS } from '../config/hot/hotResources';
import { ownEntry } from '../ownEntry';
import { readCloudFacts, type CloudFacts } from './cloudFacts';
import { CloudHeatSchema, HEAT_SCHEMA_TTL_MS, RETRY_AFTER_FAILURE_MS, type HeatSchemaApi } from './cloudHeatSchema';
import { HeatClient } from './heatClient';
import type { HeatSchemaSource } from './heatSchema';

/** What a cloud's checks read from its client: the session (for Heat) and the lists. */
export type CloudChecksClient = Pick<
  OpenStackClient,
  'session' | 'listImages' | 'listFlavors' | 'listNetworks' | 'listSubnets' | 'listKeypairs'
>;

export interface CloudChecksOptions {
  /** the Heat schemas' time to live; default 10 min */
  readonly schemaTtlMs?: number;
  /** the facts' (images come and go more often); default 2 min */
  readonly factsTtlMs?: number;
  readonly now?: () => number;
  /** after a failure, how long before the cloud is asked again; default 30 s */
  readonly retryMs?: number;
  /** Heat's API from the client; default a HeatClient over its session (a test gives its own) */
  readonly heat?: (client: CloudChecksClient) => HeatSchemaApi;
}

export const CLOUD_FACTS_TTL_MS = 2 * 60_000;

/** What a template needs fetched: the resource types it names (a group's member type too) and its version. */
export interface TemplateNeeds {
  readonly types: readonly string[];
  readonly versions: readonly string[];
}

export function templateNeeds(template: HotDocument | string): TemplateNeeds {
  const doc = typeof template === 'string' ? parseHot(template, splitLines(template)) : template;
  const types = new Set<string>();
  for (const resource of doc.resources) {
    if (!resource.type) continue;
    types.add(resource.type.value);
    const member = ownEntry(MEMBER_DEFINITIONS, resource.type.value);
    const properties = member && resource.definition ? pairOf(resource.definition, 'properties')?.value : undefined;
    const definition = member && isMap(properties) ? pairOf(properties, member.property)?.value : undefined;
    const type = isMap(definition) ? scalarText(pairOf(definition, 'type')?.value) : undefined;
    if (type !== undefined) types.add(type);
  }
  return { types: [...types], versions: doc.version ? [doc.version.value] : [] };
}

/** The options lint takes from a cloud's checks. */
export interface CloudLintOptions {
  readonly heat: HeatSchemaSource;
  readonly cloudFacts?: CloudFacts;
}

export class CloudTemplateChecks {
  readonly schema: CloudHeatSchema;
  private facts?: { readonly value: CloudFacts; readonly at: number };
  private factsProblem?: string;
  private factsPending?: Promise<boolean>;
  private readonly factsTtlMs: number;
  private readonly retryMs: number;
  private factsFailedAt?: number;
  private readonly now: () => number;
  /** the client of the prepare under way: one connection for the schemas and the facts */
  private client?: Promise<CloudChecksClient>;
  /** why the last connection failed, if it did */
  private connectProblem?: string;

  constructor(
    readonly cloud: string,
    private connectClient: () => Promise<CloudChecksClient>,
    options: CloudChecksOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.factsTtlMs = options.factsTtlMs ?? CLOUD_FACTS_TTL_MS;
    this.retryMs = options.retryMs ?? RETRY_AFTER_FAILURE_MS;
    const heat = options.heat ?? ((client: CloudChecksClient) => new HeatClient(client.session));
    this.schema = new CloudHeatSchema(cloud, async () => heat(await this.connected()), {
      ttlMs: options.schemaTtlMs ?? HEAT_SCHEMA_TTL_MS,
      retryMs: this.retryMs,
      now: this.now,
    });
  }

  /** From now on, connect this way (the editor's client of the cloud, made again after a settings change). */
  reconnect(connect: () => Promise<CloudChecksClient>): void {
    this.connectClient = connect;
  }

  private connected(): Promise<CloudChecksClient> {
    this.client ??= this.connectClient().then(
      (client) => {
        this.connectProblem = undefined;
        return client;
      },
      (error: unknown) => {
        this.connectProblem = error instanceof Error ? error.message : String(error);
        throw error;
      },
    );
    return this.client;
  }

  /** What lint reads now: the schemas as fetched, the facts as last read (none before the first read). */
  lintOptions(): CloudLintOptions {
    return { heat: this.schema.source(), cloudFacts: this.facts?.value };
  }

  /** What went wrong reaching the cloud, for a line the user reads: none when all answered. */
  problems(): string[] {
    // a cloud that cannot be reached at all: said once, not per part
    if (this.connectProblem !== undefined)
      return [`cloud ${this.cloud} could not be reached (${this.connectProblem}): Heat templates are checked against the offline data`];
    return [this.schema.problem, this.factsProblem, ...(this.facts?.value.problems ?? [])].filter((p): p is string => p !== undefined);
  }

  /**
   * Fetches what the templates need that is not kept (or is older than its time to live). Never rejects:
   * what fails is said by problems() and in the schemas' origin. Resolves true when lintOptions() changed.
   */
  async prepare(templates: readonly (HotDocument | string)[]): Promise<boolean> {
    const needs = templates.map(templateNeeds);
    try {
      const [schema, facts] = await Promise.all([
        this.schema.prefetch(
          needs.flatMap((n) => n.types),
          needs.flatMap((n) => n.versions),
        ),
        this.refreshFacts(),
      ]);
      return schema || facts;
    } finally {
      this.client = undefined;
    }
  }

  private refreshFacts(): Promise<boolean> {
    if (this.facts && this.now() - this.facts.at < this.factsTtlMs) return Promise.resolve(false);
    if (this.factsFailedAt !== undefined && this.now() - this.factsFailedAt < this.retryMs) return Promise.resolve(false);
    this.factsPending ??= (async () => {
      try {
        const facts = await readCloudFacts(this.cloud, await this.connected());
        const before = this.facts?.value;
        const same = before !== undefined && JSON.stringify(factsKey(before)) === JSON.stringify(factsKey(facts));
        this.facts = { value: same ? before : facts, at: this.now() };
        const changed = !same || this.factsProblem !== undefined;
        this.factsProblem = undefined;
        this.factsFailedAt = undefined;
        return changed;
      } catch (error) {
        this.factsFailedAt = this.now();
        this.factsProblem = `cloud ${this.cloud} could not be reached for its images, flavors and networks: ${(error as Error).message}`;
        return false;
      } finally {
        this.factsPending = undefined;
      }
    })();
    return this.factsPending;
  }
}

/** The facts as compared: their names and ids (a Set does not stringify). */
const factsKey = (facts: CloudFacts): unknown =>
  Object.entries(facts.lists).map(([name, list]) => [name, list?.names, [...(list?.known ?? [])].sort()]);

const checksByCloud = new Map<string, CloudTemplateChecks>();

/** The checks of a cloud, kept per cloud name (in memory, for this process): made once, connected the latest way given. */
export function cloudTemplateChecks(
  cloud: string,
  connect: () => Promise<CloudChecksClient>,
  options?: CloudChecksOptions,
): CloudTemplateChecks {
  let checks = checksByCloud.get(cloud);
  if (checks) checks.reconnect(connect);
  else checksByCloud.set(cloud, (checks = new CloudTemplateChecks(cloud, connect, options)));
  return checks;
}
