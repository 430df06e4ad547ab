// Raw Nova, Glance and Neutron JSON into the shapes of types.ts. Every field is read defensively: the
// answers differ between releases and microversions, and nothing here trusts their shape.
import { faultWithHint } from './errors';
import type { Flavor, HostReservation, Hypervisor, Image, Network, Port, ReservedResource, Server, ServerAddress } from './types';

type JsonRecord = Record<string, unknown>;

export function asRecord(value: unknown): JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** Nova's id, a string since 2.53 for hypervisors and always for servers; numbers become strings. */
function idOf(value: unknown): string {
  return typeof value === 'number' ? String(value) : (str(value) ?? '');
}

/** Nova's `addresses` map: { "<network>": [{ addr, version, "OS-EXT-IPS:type", "OS-EXT-IPS-MAC:mac_addr" }] }. */
export function normalizeAddresses(addresses: unknown): ServerAddress[] {
  const result: ServerAddress[] = [];
  for (const [network, list] of Object.entries(asRecord(addresses))) {
    for (const entry of asArray(list)) {
      const raw = asRecord(entry);
      const addr = str(raw.addr);
      if (addr === undefined) continue;
      const address: ServerAddress = { network, addr, version: raw.version === 6 || addr.includes(':') ? 6 : 4 };
      const type = str(raw['OS-EXT-IPS:type']);
      const mac = str(raw['OS-EXT-IPS-MAC:mac_addr']);
      if (type !== undefined) address.type = type;
      if (mac !== undefined) address.mac = mac;
      result.push(address);
    }
  }
  return result;
}

function serverFlavor(value: unknown): Server['flavor'] {
  const raw = asRecord(value);
  // before 2.47: { id, links }; since 2.47: { original_name, vcpus, ram, disk, … }
  const flavor: Server['flavor'] = {};
  const id = str(raw.id);
  const name = str(raw.original_name) ?? str(raw.name);
  if (id !== undefined) flavor.id = id;
  if (name !== undefined) flavor.name = name;
  for (const key of ['vcpus', 'ram', 'disk'] as const) {
    const n = num(raw[key]);
    if (n !== undefined) flavor[key] = n;
  }
  return flavor;
}

function serverImage(value: unknown): Server['image'] {
  const raw = asRecord(value); // "" when booted from a volume
  const image: Server['image'] = {};
  const id = str(raw.id);
  const name = str(raw.name);
  if (id !== undefined) image.id = id;
  if (name !== undefined) image.name = name;
  return image;
}

export function normalizeServer(value: unknown): Server {
  const raw = asRecord(value);
  const server: Server = {
    id: idOf(raw.id),
    name: str(raw.name) ?? '',
    status: str(raw.status) ?? 'UNKNOWN',
    addresses: normalizeAddresses(raw.addresses),
    flavor: serverFlavor(raw.flavor),
    image: serverImage(raw.image),
  };
  if ('OS-EXT-STS:task_state' in raw) server.taskState = str(raw['OS-EXT-STS:task_state']) ?? null;
  const power = num(raw['OS-EXT-STS:power_state']);
  if (power !== undefined) server.powerState = power;
  const host = str(raw['OS-EXT-SRV-ATTR:host']);
  if (host !== undefined) server.host = host;
  else if (!('OS-EXT-SRV-ATTR:host' in raw)) server.hostHidden = true;
  const hypervisor = str(raw['OS-EXT-SRV-ATTR:hypervisor_hostname']);
  if (hypervisor !== undefined) server.hypervisorHostname = hypervisor;
  const created = str(raw.created);
  const updated = str(raw.updated);
  if (created !== undefined) server.created = created;
  if (updated !== undefined) server.updated = updated;
  // OS-SRV-USG:launched_at: when Nova marked it ACTIVE (UTC, no zone in the string)
  const launched = str(raw['OS-SRV-USG:launched_at']);
  if (launched !== undefined) server.launchedAt = /[zZ]|[+-]\d\d:?\d\d$/.test(launched) ? launched : `${launched}Z`;
  const fault = asRecord(raw.fault);
  const faultMessage = str(fault.message);
  if (faultMessage !== undefined) server.fault = faultWithHint(num(fault.code) ?? 0, faultMessage, str(fault.details));
  return server;
}

export function normalizeFlavor(value: unknown): Flavor {
  const raw = asRecord(value);
  return { id: idOf(raw.id), name: str(raw.name) ?? '', vcpus: num(raw.vcpus) ?? 0, ram: num(raw.ram) ?? 0, disk: num(raw.disk) ?? 0 };
}

export function normalizeImage(value: unknown): Image {
  const raw = asRecord(value);
  const image: Image = { id: idOf(raw.id), name: str(raw.name) ?? '', status: str(raw.status) ?? 'unknown' };
  const containerFormat = str(raw.container_format);
  const diskFormat = str(raw.disk_format);
  const size = num(raw.size);
  const visibility = str(raw.visibility);
  if (containerFormat !== undefined) image.containerFormat = containerFormat;
  if (diskFormat !== undefined) image.diskFormat = diskFormat;
  if (size !== undefined) image.size = size;
  if (visibility !== undefined) image.visibility = visibility;
  return image;
}

export function normalizeNetwork(value: unknown): Network {
  const raw = asRecord(value);
  return {
    id: idOf(raw.id),
    name: str(raw.name) ?? '',
    status: str(raw.status) ?? 'UNKNOWN',
    shared: raw.shared === true,
    external: raw['router:external'] === true,
    subnets: asArray(raw.subnets)
      .map(str)
      .filter((s): s is string => s !== undefined),
  };
}

export function normalizePort(value: unknown): Port {
  const raw = asRecord(value);
  const port: Port = {
    id: idOf(raw.id),
    networkId: str(raw.network_id) ?? '',
    deviceId: str(raw.device_id) ?? '',
    macAddress: str(raw.mac_address) ?? '',
    fixedIps: asArray(raw.fixed_ips).map((entry) => {
      const ip = asRecord(entry);
      return { subnetId: str(ip.subnet_id) ?? '', ipAddress: str(ip.ip_address) ?? '' };
    }),
    status: str(raw.status) ?? 'UNKNOWN',
  };
  const bindingHost = str(raw['binding:host_id']);
  const vifType = str(raw['binding:vif_type']);
  if (bindingHost !== undefined && bindingHost !== '') port.bindingHost = bindingHost;
  if (vifType !== undefined) port.vifType = vifType;
  return port;
}

export function normalizeHypervisor(value: unknown): Hypervisor {
  const raw = asRecord(value);
  const hypervisor: Hypervisor = { id: idOf(raw.id), hostname: str(raw.hypervisor_hostname) ?? '' };
  const state = str(raw.state);
  const status = str(raw.status);
  const type = str(raw.hypervisor_type);
  if (state !== undefined) hypervisor.state = state;
  if (status !== undefined) hypervisor.status = status;
  if (type !== undefined) hypervisor.type = type;
  return hypervisor;
}

function reservedResource(inventory: unknown, used: unknown): ReservedResource | undefined {
  const raw = asRecord(inventory);
  const total = num(raw.total);
  if (total === undefined) return undefined;
  const reserved = num(raw.reserved) ?? 0;
  const allocationRatio = num(raw.allocation_ratio) ?? 1;
  return { total, reserved, allocationRatio, used: num(used) ?? 0, capacity: (total - reserved) * allocationRatio };
}

/** A resource provider with the bodies of its /inventories and /usages (Placement 1.0 shapes). */
export function normalizeReservation(provider: unknown, inventories: unknown, usages: unknown): HostReservation {
  const raw = asRecord(provider);
  const inventory = asRecord(asRecord(inventories).inventories);
  const usage = asRecord(asRecord(usages).usages);
  const reservation: { -readonly [K in keyof HostReservation]: HostReservation[K] } = {
    providerId: idOf(raw.uuid),
    host: str(raw.name) ?? '',
  };
  const vcpu = reservedResource(inventory.VCPU, usage.VCPU);
  const memory = reservedResource(inventory.MEMORY_MB, usage.MEMORY_MB);
  const disk = reservedResource(inventory.DISK_GB, usage.DISK_GB);
  if (vcpu) reservation.vcpu = vcpu;
  if (memory) reservation.memoryMb = memory;
  if (disk) reservation.diskGb = disk;
  return reservation;
}

/**
 * The next page of a list, as a URL on our own endpoint: Nova's `<collection>_links` rel=next and
 * Glance's `next` carry URLs built from the server's idea of its address (wrong through an SSH forward or
 * a proxy), so only their query is kept.
 */
export function nextPageUrl(listUrl: string, body: unknown, linksKey: string): string | undefined {
  const raw = asRecord(body);
  let href: string | undefined;
  if (linksKey === 'next') href = str(raw.next);
  else href = str(asRecord(asArray(raw[linksKey]).find((l) => asRecord(l).rel === 'next')).href);
  if (href === undefined || href === '') return undefined;
  const next = new URL(href, 'http://placeholder.invalid');
  const url = new URL(listUrl);
  url.search = next.search;
  return url.toString();
}
