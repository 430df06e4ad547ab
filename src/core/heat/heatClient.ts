// Heat's orchestration API (v1) over the cloud's Keystone session: stacks (preview, create, update with
// its preview, delete), their resources and events, and the schemas the template checks read (resource
// types, template versions and their functions). Heat's own messages are kept in the errors.
import type { KeystoneSession, ServiceResponse } from '../openstack/keystone';
import { parseJson } from '../openstack/keystone';
import { asArray, asRecord } from '../openstack/normalize';
import type { HeatFunction, HeatResourceType } from './heatSchema';

/** A stack as Heat lists it. */
export interface Stack {
  readonly id: string;
  readonly name: string;
  /** CREATE_IN_PROGRESS, CREATE_COMPLETE, CREATE_FAILED, UPDATE_…, DELETE_… */
  readonly status: string;
  readonly statusReason: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
  readonly outputs?: readonly { readonly key: string; readonly value: unknown; readonly description?: string }[];
}

/** A resource of a stack (with nested stacks' resources when asked for a depth). */
export interface StackResource {
  readonly name: string;
  readonly type: string;
  readonly status: string;
  readonly statusReason: string;
  /** the server's id for OS::Nova::Server, the nested stack's for a group */
  readonly physicalId: string;
  /** the stack this resource belongs to (a nested stack's name for a group's members) */
  readonly stackName: string;
  /** the resource of the parent stack this one is nested under */
  readonly parentResource?: string;
}

export interface StackEvent {
  readonly id: string;
  readonly time: string;
  readonly resourceName: string;
  readonly status: string;
  readonly statusReason: string;
  readonly physicalId: string;
  /** the stack the event is of (a nested stack's name for a group's members) */
  readonly stackName: string;
}

/** What an update would do (PUT …/preview): resource names per kind of change. */
export interface UpdatePreview {
  readonly added: readonly string[];
  readonly replaced: readonly string[];
  readonly deleted: readonly string[];
  readonly updated: readonly string[];
  readonly unchanged: readonly string[];
}

/** A stack to create or update: the template as text (Heat parses it) and its parameters. */
export interface StackRequest {
  readonly name: string;
  readonly template: string;
  readonly parameters?: Readonly<Record<string, string>>;
  /** minutes Heat gives the create before it fails it */
  readonly timeoutMins?: number;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function normalizeStack(raw: unknown): Stack {
  const s = asRecord(raw);
  const outputs = Array.isArray(s.outputs)
    ? s.outputs.map((o) => {
        const output = asRecord(o);
        return { key: text(output.output_key), value: output.output_value, description: text(output.description) || undefined };
      })
    : undefined;
  return {
    id: text(s.id),
    name: text(s.stack_name),
    status: text(s.stack_status),
    statusReason: text(s.stack_status_reason),
    createdAt: text(s.creation_time) || undefined,
    updatedAt: text(s.updated_time) || undefined,
    outputs,
  };
}

/** The stack a resource or event links to ("stack" link: …/stacks/NAME/ID). */
function stackNameOf(links: unknown): string {
  for (const link of asArray(links)) {
    const l = asRecord(link);
    if (l.rel !== 'stack') continue;
    const parts = text(l.href).split('/');
    return decodeURIComponent(parts[parts.length - 2] ?? '');
  }
  return '';
}

function normalizeResource(raw: unknown): StackResource {
  const r = asRecord(raw);
  return {
    name: text(r.resource_name),
    type: text(r.resource_type),
    status: text(r.resource_status),
    statusReason: text(r.resource_status_reason),
    physicalId: text(r.physical_resource_id),
    stackName: stackNameOf(r.links),
    parentResource: text(r.parent_resource) || undefined,
  };
}

function normalizeEvent(raw: unknown): StackEvent {
  const e = asRecord(raw);
  return {
    id: text(e.id),
    time: text(e.event_time),
    resourceName: text(e.resource_name),
    status: text(e.resource_status),
    statusReason: text(e.resource_status_reason),
    physicalId: text(e.physical_resource_id),
    stackName: stackNameOf(e.links),
  };
}

const names = (list: unknown): string[] => asArray(list).map((r) => text(asRecord(r).resource_name));

function stackBody(request: StackRequest): Record<string, unknown> {
  return {
    stack_name: request.name,
    template: request.template,
    parameters: request.parameters ?? {},
    ...(request.timeoutMins ? { timeout_mins: request.timeoutMins } : {}),
  };
}

export class HeatClient {
  private base: string | undefined;

  constructor(private readonly session: KeystoneSession) {}

  get cloudName(): string {
    return this.session.cloud.name;
  }

  private async url(path: string): Promise<string> {
    this.base ??= (await this.session.endpoint('orchestration')).replace(/\/+$/, '');
    return `${this.base}${path}`;
  }

  private async call(method: string, path: string, body?: unknown, accept?: number[]): Promise<ServiceResponse> {
    return this.session.request({ service: 'orchestration', method, url: await this.url(path), body, accept });
  }

  private async json(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    return asRecord(parseJson((await this.call(method, path, body)).body));
  }

  private static path(stack: Pick<Stack, 'name' | 'id'>): string {
    return `/stacks/${encodeURIComponent(stack.name)}/${encodeURIComponent(stack.id)}`;
  }

  async listStacks(): Promise<Stack[]> {
    return asArray((await this.json('GET', '/stacks')).stacks).map(normalizeStack);
  }

  /** The stack by name (or id), or undefined once Heat no longer knows it. */
  async findStack(nameOrId: string): Promise<Stack | undefined> {
    // Heat answers a name or an id alone with a redirect to …/stacks/NAME/ID
    let response = await this.call('GET', `/stacks/${encodeURIComponent(nameOrId)}`, undefined, [302, 404]);
    const location = response.status === 302 ? response.headers.get('location') : null;
    if (location) {
      const path = new URL(location, await this.url('/')).pathname;
      const stack = /\/stacks\/([^/]+)\/([^/]+)$/.exec(path);
      if (!stack) return undefined;
      response = await this.call('GET', `/stacks/${stack[1]}/${stack[2]}`, undefined, [404]);
    }
    if (response.status !== 200) return undefined;
    return normalizeStack(asRecord(parseJson(response.body)).stack);
  }

  /** The stack by its name and id (one request), or undefined once Heat no longer knows it. */
  async getStack(stack: Pick<Stack, 'name' | 'id'>): Promise<Stack | undefined> {
    const response = await this.call('GET', HeatClient.path(stack), undefined, [404]);
    return response.status === 200 ? normalizeStack(asRecord(parseJson(response.body)).stack) : undefined;
  }

  /** What a create would make (POST /stacks/preview): the resources, nested groups' members included. */
  async previewCreate(request: StackRequest): Promise<{ name: string; type: string }[]> {
    const stack = asRecord((await this.json('POST', '/stacks/preview', stackBody(request))).stack);
    const out: { name: string; type: string }[] = [];
    const walk = (list: unknown) => {
      for (const item of asArray(list)) {
        if (Array.isArray(item)) walk(item);
        else {
          const r = asRecord(item);
          out.push({ name: text(r.resource_name), type: text(r.resource_type) });
        }
      }
    };
    walk(stack.resources);
    return out;
  }

  async createStack(request: StackRequest): Promise<Pick<Stack, 'id' | 'name'>> {
    const stack = asRecord((await this.json('POST', '/stacks', stackBody(request))).stack);
    return { id: text(stack.id), name: request.name };
  }

  async previewUpdate(stack: Pick<Stack, 'name' | 'id'>, request: StackRequest): Promise<UpdatePreview> {
    const changes = asRecord((await this.json('PUT', `${HeatClient.path(stack)}/preview`, stackBody(request))).resource_changes);
    return {
      added: names(changes.added),
      replaced: names(changes.replaced),
      deleted: names(changes.deleted),
      updated: names(changes.updated),
      unchanged: names(changes.unchanged),
    };
  }

  async updateStack(stack: Pick<Stack, 'name' | 'id'>, request: StackRequest): Promise<void> {
    await this.call('PUT', HeatClient.path(stack), stackBody(request));
  }

  async deleteStack(stack: Pick<Stack, 'name' | 'id'>): Promise<void> {
    await this.call('DELETE', HeatClient.path(stack));
  }

  /** The stack's resources, nested stacks' (a group's members) down to `depth`. */
  async listResources(stack: Pick<Stack, 'name' | 'id'>, depth = 2): Promise<StackResource[]> {
    return asArray((await this.json('GET', `${HeatClient.path(stack)}/resources?nested_depth=${depth}`)).resources).map(normalizeResource);
  }

  /** The stack's events after `marker` (an event id), oldest first, nested stacks' down to `depth`. */
  async listEvents(stack: Pick<Stack, 'name' | 'id'>, marker?: string, depth = 2): Promise<StackEvent[]> {
    const query = new URLSearchParams({ sort_dir: 'asc', nested_depth: String(depth) });
    if (marker) query.set('marker', marker);
    return asArray((await this.json('GET', `${HeatClient.path(stack)}/events?${query.toString()}`)).events).map(normalizeEvent);
  }

  // --- the schemas the template checks read ---

  async listResourceTypes(): Promise<string[]> {
    return asArray((await this.json('GET', '/resource_types')).resource_types).map(text);
  }

  async resourceTypeSchema(type: string): Promise<HeatResourceType> {
    return (await this.json('GET', `/resource_types/${encodeURIComponent(type)}`)) as unknown as HeatResourceType;
  }

  /** The template versions ("heat_template_version.2016-10-14") with their type (hot or cfn). */
  async listTemplateVersions(): Promise<{ version: string; type: string; aliases: string[] }[]> {
    return asArray((await this.json('GET', '/template_versions')).template_versions).map((v) => {
      const version = asRecord(v);
      return { version: text(version.version), type: text(version.type), aliases: asArray(version.aliases).map(text) };
    });
  }

  async templateFunctions(version: string, withCondition = false): Promise<HeatFunction[]> {
    const query = withCondition ? '?with_condition_func=true' : '';
    return asArray((await this.json('GET', `/template_versions/${encodeURIComponent(version)}/functions${query}`)).template_functions).map(
      (f) => {
        const fn = asRecord(f);
        return { functions: text(fn.functions), description: text(fn.description) || undefined };
      },
    );
  }
}
