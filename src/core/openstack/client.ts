// The OpenStack client the product uses: Nova servers (boot, stop, start, delete), flavors, hypervisors,
// Glance images, Neutron networks and ports, over plain HTTP (see transport.ts) with a Keystone session.
import { OpenStackError, type OpenStackService } from './errors';
import { KeystoneSession, parseJson, type ServiceResponse } from './keystone';
import {
  computeVersionsUrl,
  microversionHeaders,
  negotiateMicroversion,
  PREFERRED_COMPUTE_MICROVERSION,
  supportsMicroversion,
  TARGET_HOST_MICROVERSION,
  versionRangeOf,
} from './microversion';
import {
  asArray,
  asRecord,
  nextPageUrl,
  normalizeFlavor,
  normalizeHypervisor,
  normalizeImage,
  normalizeNetwork,
  normalizePort,
  normalizeReservation,
  normalizeServer,
} from './normalize';
import { normalizeInstanceActions, type InstanceAction } from './instanceActions';
import { readFile } from 'node:fs/promises';
import { DEFAULT_TIMEOUT_MS, fetchTransport, nodeHttpTransport, type HttpTransport, type NodeHttpTransportOptions } from './transport';
import type { BootRequest, CloudConfig, Flavor, HostReservation, Hypervisor, Image, Network, Port, Server } from './types';

export interface ConnectOptions {
  /** how to reach the APIs; default fetch (node:http when the cloud names a cacert or says verify: false) */
  readonly transport?: HttpTransport;
  /** per request; default 30 s */
  readonly timeoutMs?: number;
  /** the compute microversion to ask for (stepped down to what Nova offers); default 2.79 */
  readonly computeMicroversion?: string;
  /** how long createServers looks for the servers of a multi-create before returning what it found */
  readonly reservationWaitMs?: number;
}

export interface CreatedServer {
  readonly id: string;
}

/** A Nova keypair: a template names it by name (Nova lists only the caller's own). */
export interface Keypair {
  readonly name: string;
  readonly fingerprint?: string;
}

/** A Neutron subnet: a template names it by name or id. */
export interface Subnet {
  readonly id: string;
  readonly name: string;
  readonly networkId: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A page cap, so that a server sending the same `next` forever cannot loop us. */
const MAX_PAGES = 200;

function withQuery(url: string, query: Record<string, string | undefined>): string {
  const parsed = new URL(url);
  for (const [key, value] of Object.entries(query)) if (value !== undefined) parsed.searchParams.set(key, value);
  return parsed.toString();
}

/** Glance's v2 root from its catalog URL (devstack: http://host/image, others: http://host:9292[/v2]). */
export function imageApiUrl(endpoint: string): string {
  return /\/v2(\.\d+)?$/.test(endpoint) ? endpoint.replace(/\/v2(\.\d+)?$/, '/v2') : `${endpoint}/v2`;
}

/** Neutron's v2.0 root from its catalog URL (devstack: http://host:9696/networking or http://host:9696/). */
export function networkApiUrl(endpoint: string): string {
  return /\/v2\.0$/.test(endpoint) ? endpoint : `${endpoint}/v2.0`;
}

/** The TLS settings of a cloud for nodeHttpTransport: its cacert file read, or no checks (verify: false). */
export async function cloudTlsOptions(cloud: CloudConfig): Promise<Pick<NodeHttpTransportOptions, 'ca' | 'rejectUnauthorized'>> {
  if (cloud.verify === false) return { rejectUnauthorized: false };
  if (cloud.cacert === undefined) return {};
  try {
    return { ca: await readFile(cloud.cacert, 'utf8') };
  } catch (error) {
    throw new Error(`cloud "${cloud.name}": its cacert ${cloud.cacert} could not be read (${(error as Error).message})`);
  }
}

export class OpenStackClient {
  private constructor(
    readonly session: KeystoneSession,
    private readonly computeUrl: string,
    /** the negotiated compute microversion; undefined for a Nova without microversions */
    readonly computeMicroversion: string | undefined,
    private readonly reservationWaitMs: number,
  ) {}

  get cloud(): CloudConfig {
    return this.session.cloud;
  }

  /** Authenticates, finds the compute endpoint and agrees on a microversion with Nova. */
  static async connect(cloud: CloudConfig, options: ConnectOptions = {}): Promise<OpenStackClient> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const transport =
      options.transport ??
      (cloud.verify === false || cloud.cacert !== undefined
        ? nodeHttpTransport({ ...(await cloudTlsOptions(cloud)), timeoutMs })
        : fetchTransport(timeoutMs));
    const session = new KeystoneSession(cloud, { transport, timeoutMs });
    const computeUrl = await session.endpoint('compute');
    const versions = await session.request({ service: 'compute', method: 'GET', url: computeVersionsUrl(computeUrl) });
    const microversion = negotiateMicroversion(
      options.computeMicroversion ?? PREFERRED_COMPUTE_MICROVERSION,
      versionRangeOf(parseJson(versions.body)),
    );
    return new OpenStackClient(session, computeUrl, microversion, options.reservationWaitMs ?? 15_000);
  }

  private async call(service: OpenStackService, method: string, url: string, body?: unknown, accept?: number[]): Promise<ServiceResponse> {
    const headers = service === 'compute' ? microversionHeaders(this.computeMicroversion) : {};
    return this.session.request({ service, method, url, body, headers, accept });
  }

  private async json(service: OpenStackService, method: string, url: string, body?: unknown): Promise<unknown> {
    return parseJson((await this.call(service, method, url, body)).body);
  }

  /** Every item of a paged list: Nova `<key>_links`, Neutron `<key>_links`, Glance `next`. */
  private async listAll(service: OpenStackService, firstUrl: string, collectionKey: string, linksKey: string): Promise<unknown[]> {
    const items: unknown[] = [];
    const seen = new Set<string>();
    for (let url: string | undefined = firstUrl, page = 0; url !== undefined && page < MAX_PAGES && !seen.has(url); page++) {
      seen.add(url);
      const body = await this.json(service, 'GET', url);
      const pageItems = asArray(asRecord(body)[collectionKey]);
      items.push(...pageItems);
      url = pageItems.length === 0 ? undefined : nextPageUrl(url, body, linksKey);
    }
    return items;
  }

  private async imageUrl(): Promise<string> {
    return imageApiUrl(await this.session.endpoint('image'));
  }

  private async networkUrl(): Promise<string> {
    return networkApiUrl(await this.session.endpoint('network'));
  }

  // --- Nova ---

  async listServers(filters: { reservationId?: string; name?: string } = {}): Promise<Server[]> {
    const url = withQuery(`${this.computeUrl}/servers/detail`, { reservation_id: filters.reservationId, name: filters.name });
    return (await this.listAll('compute', url, 'servers', 'servers_links')).map(normalizeServer);
  }

  async getServer(id: string): Promise<Server> {
    const body = await this.json('compute', 'GET', `${this.computeUrl}/servers/${encodeURIComponent(id)}`);
    return normalizeServer(asRecord(body).server);
  }

  /** The server, or undefined once Nova no longer knows it (deleted). */
  async findServer(id: string): Promise<Server | undefined> {
    const response = await this.call('compute', 'GET', `${this.computeUrl}/servers/${encodeURIComponent(id)}`, undefined, [404]);
    return response.status === 404 ? undefined : normalizeServer(asRecord(parseJson(response.body)).server);
  }

  /** Boots `count` servers; returns their ids (for count > 1 found by the reservation id Nova hands out). */
  async createServers(request: BootRequest): Promise<CreatedServer[]> {
    this.checkBootRequest(request);
    const server: Record<string, unknown> = {
      name: request.name,
      imageRef: request.imageId,
      flavorRef: request.flavorId,
      networks: request.networkIds.map((uuid) => ({ uuid })),
      min_count: request.count,
      max_count: request.count,
    };
    if (request.host) server.host = request.host;
    if (request.count > 1) server.return_reservation_id = true;
    const body = asRecord(await this.json('compute', 'POST', `${this.computeUrl}/servers`, { server }));
    const created = asRecord(body.server);
    if (typeof created.id === 'string') return [{ id: created.id }];
    const reservationId = body.reservation_id;
    if (typeof reservationId !== 'string') throw this.unexpected('POST /servers', 'neither a server id nor a reservation id');
    return this.serversOfReservation(reservationId, request.count);
  }

  private checkBootRequest(request: BootRequest): void {
    const problems: string[] = [];
    if (request.name.trim() === '') problems.push('give the server a name');
    if (!request.imageId) problems.push('choose an image');
    if (!request.flavorId) problems.push('choose a flavor');
    if (request.networkIds.length === 0) problems.push('choose at least one network');
    if (!Number.isInteger(request.count) || request.count < 1) problems.push('the count must be a whole number of at least 1');
    if (request.host && !supportsMicroversion(this.computeMicroversion, TARGET_HOST_MICROVERSION)) {
      problems.push(
        `booting on a chosen host needs compute API ${TARGET_HOST_MICROVERSION}, and this Nova offers ${this.computeMicroversion ?? 'no microversions'}: leave the host empty`,
      );
    }
    if (problems.length > 0) {
      throw new OpenStackError(`cannot boot "${request.name}" on cloud "${this.cloud.name}": ${problems.join('; ')}`, {
        service: 'compute',
        cloud: this.cloud.name,
        method: 'POST',
        url: `${this.computeUrl}/servers`,
        hint: problems.join('; '),
      });
    }
  }

  private async serversOfReservation(reservationId: string, count: number): Promise<CreatedServer[]> {
    const deadline = Date.now() + this.reservationWaitMs;
    for (;;) {
      const servers = await this.listServers({ reservationId });
      if (servers.length >= count || Date.now() >= deadline) return servers.map((s) => ({ id: s.id }));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  async deleteServer(id: string): Promise<void> {
    await this.call('compute', 'DELETE', `${this.computeUrl}/servers/${encodeURIComponent(id)}`);
  }

  async stopServer(id: string): Promise<void> {
    await this.call('compute', 'POST', `${this.computeUrl}/servers/${encodeURIComponent(id)}/action`, { 'os-stop': null });
  }

  async startServer(id: string): Promise<void> {
    await this.call('compute', 'POST', `${this.computeUrl}/servers/${encodeURIComponent(id)}/action`, { 'os-start': null });
  }

  /** What was done to a server and by whom (os-instance-actions), newest first. */
  async listInstanceActions(id: string): Promise<InstanceAction[]> {
    return normalizeInstanceActions(
      await this.json('compute', 'GET', `${this.computeUrl}/servers/${encodeURIComponent(id)}/os-instance-actions`),
    );
  }

  async listFlavors(): Promise<Flavor[]> {
    return (await this.listAll('compute', `${this.computeUrl}/flavors/detail`, 'flavors', 'flavors_links')).map(normalizeFlavor);
  }

  /** The user's keypairs (GET /os-keypairs: each item is { keypair: {…} }). */
  async listKeypairs(): Promise<Keypair[]> {
    return (await this.listAll('compute', `${this.computeUrl}/os-keypairs`, 'keypairs', 'keypairs_links'))
      .map((item): Keypair => {
        const keypair = asRecord(asRecord(item).keypair);
        return { name: text(keypair.name), fingerprint: text(keypair.fingerprint) || undefined };
      })
      .filter((k) => k.name !== '');
  }

  /** Compute hosts (admin only: a 403 says so). */
  async listHypervisors(): Promise<Hypervisor[]> {
    return (await this.listAll('compute', `${this.computeUrl}/os-hypervisors/detail`, 'hypervisors', 'hypervisors_links')).map(
      normalizeHypervisor,
    );
  }

  // --- Placement ---

  /**
   * What flavors reserve on each compute host: Placement's inventories and usages per resource provider
   * (admin only, as Placement's default policy is). Nested providers (a NUMA cell, a GPU) are listed too.
   */
  async listHostReservations(): Promise<HostReservation[]> {
    const base = (await this.session.endpoint('placement')).replace(/\/+$/, '');
    const providers = asArray(asRecord(await this.json('placement', 'GET', `${base}/resource_providers`)).resource_providers);
    return Promise.all(
      providers.map(async (provider) => {
        const id = encodeURIComponent(String(asRecord(provider).uuid ?? ''));
        const [inventories, usages] = await Promise.all([
          this.json('placement', 'GET', `${base}/resource_providers/${id}/inventories`),
          this.json('placement', 'GET', `${base}/resource_providers/${id}/usages`),
        ]);
        return normalizeReservation(provider, inventories, usages);
      }),
    );
  }

  // --- Glance ---

  async listImages(filters: { containerFormat?: string } = {}): Promise<Image[]> {
    const url = withQuery(`${await this.imageUrl()}/images`, { container_format: filters.containerFormat, limit: '100' });
    return (await this.listAll('image', url, 'images', 'next')).map(normalizeImage);
  }

  // --- Neutron ---

  async listNetworks(): Promise<Network[]> {
    return (await this.listAll('network', `${await this.networkUrl()}/networks`, 'networks', 'networks_links')).map(normalizeNetwork);
  }

  async listSubnets(): Promise<Subnet[]> {
    return (await this.listAll('network', `${await this.networkUrl()}/subnets`, 'subnets', 'subnets_links')).map((item): Subnet => {
      const subnet = asRecord(item);
      return { id: text(subnet.id), name: text(subnet.name), networkId: text(subnet.network_id) };
    });
  }

  async listPorts(filters: { deviceId?: string } = {}): Promise<Port[]> {
    const url = withQuery(`${await this.networkUrl()}/ports`, { device_id: filters.deviceId });
    return (await this.listAll('network', url, 'ports', 'ports_links')).map(normalizePort);
  }

  private unexpected(what: string, problem: string): OpenStackError {
    return new OpenStackError(`cloud "${this.cloud.name}": ${what} answered with ${problem}; is this a Nova API?`, {
      service: 'compute',
      cloud: this.cloud.name,
      method: 'POST',
      url: `${this.computeUrl}/servers`,
    });
  }
}
