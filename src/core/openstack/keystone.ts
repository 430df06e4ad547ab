// Keystone v3: password and application credential auth, a token kept until shortly before it expires,
// the service catalog, and requests signed with the token (re-authenticated once on a 401).
import { errorFromConnection, errorFromResponse, OpenStackError, type OpenStackService } from './errors';
import { DEFAULT_TIMEOUT_MS, type HttpTransport } from './transport';
import type { CloudAuth, CloudConfig } from './types';

/** Renew a token this long before Keystone says it expires (at most half its lifetime). */
export const TOKEN_SAFETY_MARGIN_MS = 120_000;

/** Keystone's v3 root from an auth_url given with or without /v3 (or with an old /v2.0). */
export function identityUrl(authUrl: string): string {
  const trimmed = authUrl.trim().replace(/\/+$/, '');
  if (/\/v3$/.test(trimmed)) return trimmed;
  if (/\/v2\.0$/.test(trimmed)) return `${trimmed.slice(0, -'/v2.0'.length)}/v3`;
  return `${trimmed}/v3`;
}

interface DomainRef {
  id?: string;
  name?: string;
}
interface UserRef {
  id?: string;
  name?: string;
  domain?: DomainRef;
  password?: string;
}

export interface AuthRequestBody {
  auth: {
    identity:
      | { methods: ['password']; password: { user: UserRef } }
      | { methods: ['application_credential']; application_credential: { id?: string; name?: string; secret: string; user?: UserRef } };
    scope?: { project: { id?: string; name?: string; domain?: DomainRef } };
  };
}

function domainRef(id: string | undefined, name: string | undefined): DomainRef {
  if (id) return { id };
  if (name) return { name };
  return { id: 'default' }; // devstack's Default domain, as its openrc and clouds.yaml use
}

function userRef(auth: CloudAuth): UserRef {
  if (auth.userId) return { id: auth.userId };
  return { name: auth.username, domain: domainRef(auth.userDomainId, auth.userDomainName) };
}

/** What is missing from auth for Keystone to accept it, in the words of clouds.yaml and openrc. */
export function missingAuthFields(auth: CloudAuth): string[] {
  const missing: string[] = [];
  if (!auth.authUrl) missing.push('auth_url (OS_AUTH_URL)');
  if (auth.applicationCredentialId || auth.applicationCredentialName) {
    if (!auth.applicationCredentialSecret) missing.push('application_credential_secret');
    if (!auth.applicationCredentialId && !auth.userId && !auth.username)
      missing.push('username or user_id (an application credential given by name needs its user)');
    return missing;
  }
  if (!auth.username && !auth.userId) missing.push('username (OS_USERNAME)');
  if (auth.password === undefined) missing.push('password (OS_PASSWORD)');
  if (!auth.projectName && !auth.projectId) missing.push('project_name (OS_PROJECT_NAME)');
  return missing;
}

/** The body of POST /v3/auth/tokens for password or application credential auth. */
export function authRequestBody(auth: CloudAuth): AuthRequestBody {
  if (auth.applicationCredentialId || auth.applicationCredentialName) {
    const credential: { id?: string; name?: string; secret: string; user?: UserRef } = { secret: auth.applicationCredentialSecret ?? '' };
    if (auth.applicationCredentialId) credential.id = auth.applicationCredentialId;
    else {
      credential.name = auth.applicationCredentialName;
      credential.user = userRef(auth);
    }
    return { auth: { identity: { methods: ['application_credential'], application_credential: credential } } };
  }
  const body: AuthRequestBody = {
    auth: { identity: { methods: ['password'], password: { user: { ...userRef(auth), password: auth.password ?? '' } } } },
  };
  if (auth.projectId) body.auth.scope = { project: { id: auth.projectId } };
  else if (auth.projectName)
    body.auth.scope = { project: { name: auth.projectName, domain: domainRef(auth.projectDomainId, auth.projectDomainName) } };
  return body;
}

export interface CatalogEndpoint {
  readonly interface: string;
  readonly region?: string;
  readonly url: string;
}
export interface CatalogService {
  readonly type: string;
  readonly name?: string;
  readonly endpoints: readonly CatalogEndpoint[];
}

export interface IssuedToken {
  readonly value: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly catalog: readonly CatalogService[];
  readonly user?: { readonly id: string; readonly name: string };
  readonly project?: { readonly id: string; readonly name: string };
  readonly roles: readonly string[];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function idAndName(value: unknown): { id: string; name: string } | undefined {
  const r = record(value);
  const id = text(r.id);
  return id === undefined ? undefined : { id, name: text(r.name) ?? id };
}

/** The token from X-Subject-Token and the body of POST /v3/auth/tokens. */
export function parseTokenResponse(subjectToken: string, body: unknown, now: number): IssuedToken {
  const token = record(record(body).token);
  const expires = Date.parse(text(token.expires_at) ?? '');
  const issued = Date.parse(text(token.issued_at) ?? '');
  const catalog = (Array.isArray(token.catalog) ? token.catalog : []).map((entry): CatalogService => {
    const service = record(entry);
    const endpoints = (Array.isArray(service.endpoints) ? service.endpoints : []).map((e): CatalogEndpoint => {
      const endpoint = record(e);
      return {
        interface: text(endpoint.interface) ?? 'public',
        region: text(endpoint.region_id) ?? text(endpoint.region),
        url: text(endpoint.url) ?? '',
      };
    });
    return { type: text(service.type) ?? '', name: text(service.name), endpoints };
  });
  const roles = (Array.isArray(token.roles) ? token.roles : [])
    .map((r) => text(record(r).name))
    .filter((r): r is string => r !== undefined);
  return {
    value: subjectToken,
    issuedAt: Number.isNaN(issued) ? now : issued,
    expiresAt: Number.isNaN(expires) ? now + 3_600_000 : expires,
    catalog,
    roles,
    user: idAndName(token.user),
    project: idAndName(token.project),
  };
}

/** When to stop using a token: the safety margin before expiry, or half its lifetime if that is shorter. */
export function tokenRenewalTime(token: Pick<IssuedToken, 'issuedAt' | 'expiresAt'>, marginMs = TOKEN_SAFETY_MARGIN_MS): number {
  const lifetime = Math.max(0, token.expiresAt - token.issuedAt);
  return token.expiresAt - Math.min(marginMs, lifetime / 2);
}

export function tokenIsUsable(token: Pick<IssuedToken, 'issuedAt' | 'expiresAt'>, now: number, marginMs = TOKEN_SAFETY_MARGIN_MS): boolean {
  return now < tokenRenewalTime(token, marginMs);
}

export type EndpointInterface = 'public' | 'internal' | 'admin';

/** An endpoint URL for a service type, interface and region, or why there is none. */
export function chooseEndpoint(
  catalog: readonly CatalogService[],
  serviceType: string,
  endpointInterface: EndpointInterface = 'public',
  region?: string,
): { url: string } | { problem: string } {
  const services = catalog.filter((s) => s.type === serviceType);
  if (services.length === 0) {
    const types = [...new Set(catalog.map((s) => s.type))].sort().join(', ');
    return {
      problem:
        catalog.length === 0
          ? 'the token has no service catalog (is a project set?)'
          : `no "${serviceType}" service in the catalog (it lists: ${types})`,
    };
  }
  const endpoints = services.flatMap((s) => s.endpoints);
  const inRegion = region ? endpoints.filter((e) => e.region === region) : endpoints;
  if (inRegion.length === 0) {
    const regions = [...new Set(endpoints.map((e) => e.region ?? '(none)'))].join(', ');
    return { problem: `no "${serviceType}" endpoint in region ${region} (regions: ${regions}): fix region_name (OS_REGION_NAME)` };
  }
  const chosen = inRegion.find((e) => e.interface.replace(/URL$/, '') === endpointInterface);
  if (!chosen) {
    const interfaces = [...new Set(inRegion.map((e) => e.interface))].join(', ');
    return {
      problem: `no ${endpointInterface} "${serviceType}" endpoint (there are: ${interfaces}): set interface in clouds.yaml (OS_INTERFACE)`,
    };
  }
  return { url: chosen.url.replace(/\/+$/, '') };
}

export interface SessionOptions {
  readonly transport: HttpTransport;
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

export interface ServiceRequest {
  readonly service: OpenStackService;
  readonly method: string;
  readonly url: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** statuses that are answers, not errors (e.g. 404 when checking that something is gone) */
  readonly accept?: readonly number[];
}

export interface ServiceResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: string;
}

/** One cloud's authenticated session: token, catalog, and signed requests. */
export class KeystoneSession {
  readonly identityUrl: string;
  private current?: IssuedToken;
  private pending?: Promise<IssuedToken>;
  private readonly tokensSeen = new Set<string>();
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(
    readonly cloud: CloudConfig,
    private readonly options: SessionOptions,
  ) {
    this.identityUrl = identityUrl(cloud.auth.authUrl);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
  }

  /** Everything that must never appear in a message. */
  get secrets(): string[] {
    return [this.cloud.auth.password, this.cloud.auth.applicationCredentialSecret, ...this.tokensSeen].filter(
      (s): s is string => s !== undefined,
    );
  }

  /** A usable token: the kept one, or a new one when it is about to expire. */
  async token(): Promise<IssuedToken> {
    if (this.current && tokenIsUsable(this.current, this.now())) return this.current;
    this.pending ??= this.authenticate().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Drops a token the services refused, so that the next request authenticates again. */
  forget(token: IssuedToken): void {
    if (this.current === token) this.current = undefined;
  }

  async endpoint(serviceType: string): Promise<string> {
    const token = await this.token();
    const choice = chooseEndpoint(token.catalog, serviceType, this.cloud.interface ?? 'public', this.cloud.regionName);
    if ('url' in choice) return choice.url;
    throw new OpenStackError(`cloud "${this.cloud.name}": ${choice.problem}`, {
      service: 'identity',
      cloud: this.cloud.name,
      method: 'GET',
      url: this.identityUrl,
      hint: choice.problem,
    });
  }

  private async authenticate(): Promise<IssuedToken> {
    const missing = missingAuthFields(this.cloud.auth);
    if (missing.length > 0) {
      const hint = `add ${missing.join(', ')} to cloud "${this.cloud.name}"`;
      throw new OpenStackError(`cloud "${this.cloud.name}" cannot authenticate: ${hint}`, {
        service: 'identity',
        cloud: this.cloud.name,
        method: 'POST',
        url: `${this.identityUrl}/auth/tokens`,
        hint,
      });
    }
    const response = await this.send(
      { service: 'identity', method: 'POST', url: `${this.identityUrl}/auth/tokens`, body: authRequestBody(this.cloud.auth) },
      undefined,
    );
    const subjectToken = response.headers.get('x-subject-token');
    if (!subjectToken) {
      throw new OpenStackError(
        `cloud "${this.cloud.name}": Keystone at ${this.identityUrl} answered without a token: is auth_url a Keystone v3 endpoint?`,
        { service: 'identity', cloud: this.cloud.name, method: 'POST', url: `${this.identityUrl}/auth/tokens`, status: response.status },
      );
    }
    this.tokensSeen.add(subjectToken);
    this.current = parseTokenResponse(subjectToken, parseJson(response.body), this.now());
    return this.current;
  }

  /** A request signed with the token; on a 401 authenticates once more and retries, then gives up. */
  async request(request: ServiceRequest): Promise<ServiceResponse> {
    const token = await this.token();
    const first = await this.send(request, token, [401]);
    if (first.status !== 401) return first;
    this.forget(token);
    return this.send(request, await this.token());
  }

  private async send(
    request: ServiceRequest,
    token: IssuedToken | undefined,
    alsoAccept: readonly number[] = [],
  ): Promise<ServiceResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (token) headers['x-auth-token'] = token.value;
    let body: string | undefined;
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    const signal = AbortSignal.timeout(this.timeoutMs);
    const failure = { service: request.service, cloud: this.cloud.name, method: request.method, url: request.url };
    let status: number;
    let responseHeaders: ServiceResponse['headers'];
    let text: string;
    try {
      const response = await this.options.transport(request.url, { method: request.method, headers, body, signal });
      status = response.status;
      responseHeaders = response.headers;
      text = await response.text();
    } catch (error) {
      throw errorFromConnection({
        ...failure,
        error,
        timedOut: signal.aborted,
        timeoutMs: this.timeoutMs,
        viaSsh: this.cloud.viaSsh === true,
        secrets: this.secrets,
      });
    }
    const accepted = (status >= 200 && status < 300) || (request.accept ?? []).includes(status) || alsoAccept.includes(status);
    if (!accepted) throw errorFromResponse({ ...failure, status, body: text, secrets: this.secrets });
    return { status, headers: responseHeaders, body: text };
  }
}

/** JSON of an answer, or undefined for an empty or non-JSON body. */
export function parseJson(body: string): unknown {
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
