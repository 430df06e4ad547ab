// What the Load panel shows of one cloud: a column per compute host with its live CPU and memory (the
// SSH host that runs its containers), what flavors reserve there (Placement), and the containers that
// make the load, heaviest first, each with its Nova server. Pure: readings, reservations and servers in,
// columns out.
import type { Server, HostReservation } from '../openstack/types';
import type { HostLoad, LoadSummary } from './loadTracker';

/** A container of the SSH host's list (the Hosts view's snapshot): its name tells nova-docker's from others. */
export interface KnownContainer {
  readonly id: string;
  readonly name: string;
  /** the Nova server id of a nova-<uuid> container */
  readonly novaServer?: string;
}

/** What is known live of one SSH host. */
export interface SshHostReading {
  readonly load?: HostLoad;
  /** why the host gives no reading now (it stopped answering) */
  readonly problem?: string;
  readonly summary?: LoadSummary;
  readonly containers?: readonly KnownContainer[];
}

export interface LoadColumnsInput {
  /** compute hosts Nova knows (hypervisors), besides those of the servers and Placement */
  readonly hypervisors?: readonly string[];
  readonly servers: readonly Server[];
  /** Placement's reservations; undefined when they are not shown (the user is not admin) */
  readonly reservations?: readonly HostReservation[];
  /** the SSH host whose Docker runs a compute host's containers (clouds.sshHostOfCompute) */
  readonly sshHostOf: (computeHost: string) => string | undefined;
  /** the cloud's own SSH host, for a user to whom Nova shows no host */
  readonly cloudSshHost?: string;
  readonly reading: (sshHost: string) => SshHostReading;
}

export interface LoadContainerRow {
  /** the container id, 12 characters as docker ps shows it */
  readonly id: string;
  /** the container's name; its id when the host's list does not have it yet */
  readonly name: string;
  readonly serverId?: string;
  readonly serverName?: string;
  /** % of one CPU, as docker stats shows it */
  readonly cpuPercent: number;
  readonly memoryBytes: number;
}

export interface LoadReservation {
  readonly vcpusUsed?: number;
  readonly vcpusCapacity?: number;
  readonly memoryMbUsed?: number;
  readonly memoryMbCapacity?: number;
}

export type LoadColumnState = 'live' | 'measuring' | 'unanswered' | 'unmapped';

export interface LoadColumn {
  readonly host: string;
  readonly sshHost?: string;
  /** other compute hosts measured on the same SSH host (one shared Docker): the host figures are theirs too */
  readonly sharedWith: readonly string[];
  readonly state: LoadColumnState;
  /** what the state means for a person: why not live */
  readonly note?: string;
  readonly time?: number;
  readonly cpuPercent?: number;
  readonly cpus?: number;
  readonly memoryUsedBytes?: number;
  readonly memoryTotalBytes?: number;
  readonly p95CpuPercent?: number;
  readonly p95MemoryBytes?: number;
  /** null: not shown (Placement is read by admins only), or this host is not in Placement (reservationNote says) */
  readonly reservation: LoadReservation | null;
  readonly reservationNote?: string;
  readonly servers: number;
  readonly containers: readonly LoadContainerRow[];
  /** sum over the containers listed: what they use against what their flavors reserve */
  readonly containersCpuPercent: number;
  readonly containersMemoryBytes: number;
  /** containers of the SSH host not listed here (another compute host's, or beyond the limit) */
  readonly otherContainers: number;
}

/** A column lists at most this many containers (the heaviest). */
export const MAX_CONTAINER_ROWS = 100;

/** Every compute host to show: hypervisors, Placement's providers that hold compute, and the servers' hosts. */
export function computeHostsOf(input: Pick<LoadColumnsInput, 'hypervisors' | 'servers' | 'reservations'>): string[] {
  const hosts = new Set<string>(input.hypervisors ?? []);
  for (const r of input.reservations ?? []) if (r.vcpu || r.memoryMb) hosts.add(r.host);
  for (const s of input.servers) if (s.host) hosts.add(s.host);
  return [...hosts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const sameContainer = (a: string, b: string): boolean => a.startsWith(b) || b.startsWith(a);

function reservationOf(
  host: string,
  reservations: readonly HostReservation[] | undefined,
): Pick<LoadColumn, 'reservation' | 'reservationNote'> {
  if (!reservations) return { reservation: null, reservationNote: 'not shown: Placement is read by admin users only' };
  const r = reservations.find((x) => x.host === host);
  if (!r || (!r.vcpu && !r.memoryMb)) return { reservation: null, reservationNote: 'not in Placement' };
  return {
    reservation: {
      vcpusUsed: r.vcpu?.used,
      vcpusCapacity: r.vcpu?.capacity,
      memoryMbUsed: r.memoryMb?.used,
      memoryMbCapacity: r.memoryMb?.capacity,
    },
  };
}

interface Attribution {
  readonly rows: LoadContainerRow[];
  readonly others: number;
}

/** The containers of an SSH host's reading that belong to this compute host, heaviest CPU first. */
function attribute(host: string, reading: SshHostReading, servers: readonly Server[], shared: boolean): Attribution {
  const rows: LoadContainerRow[] = [];
  let others = 0;
  for (const c of reading.load?.containers ?? []) {
    const known = reading.containers?.find((k) => sameContainer(k.id, c.id));
    const server = known?.novaServer ? servers.find((s) => s.id === known.novaServer) : undefined;
    // a server Nova places elsewhere, or (on a shared Docker) a container of no server of this host
    const mine = server ? server.host === host || (!server.host && !shared) : !shared;
    if (!mine) {
      others++;
      continue;
    }
    rows.push({
      id: c.id.slice(0, 12),
      name: known?.name ?? c.id.slice(0, 12),
      serverId: server?.id ?? known?.novaServer,
      serverName: server?.name,
      cpuPercent: c.cpuPercent,
      memoryBytes: c.memoryBytes,
    });
  }
  rows.sort((a, b) => b.cpuPercent - a.cpuPercent || b.memoryBytes - a.memoryBytes || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const extra = Math.max(0, rows.length - MAX_CONTAINER_ROWS);
  return { rows: rows.slice(0, MAX_CONTAINER_ROWS), others: others + extra };
}

function liveOf(reading: SshHostReading | undefined, sshHost: string | undefined): Pick<LoadColumn, 'state' | 'note'> {
  if (!sshHost || !reading)
    return { state: 'unmapped', note: 'no host of the Hosts view runs its containers: add one named like it, or set the cloud’s sshHost' };
  if (reading.problem) return { state: 'unanswered', note: `${sshHost} is not answering: ${reading.problem}` };
  if (!reading.load) return { state: 'measuring', note: `measuring on ${sshHost}…` };
  return { state: 'live' };
}

/** The panel's columns, one per compute host (or one for the cloud's SSH host when Nova names none). */
export function loadColumns(input: LoadColumnsInput): LoadColumn[] {
  const hosts = computeHostsOf(input);
  const fallback = hosts.length === 0 && input.cloudSshHost ? input.cloudSshHost : undefined;
  const keys = fallback ? [fallback] : hosts;
  const sshOf = new Map(keys.map((h) => [h, fallback ? fallback : input.sshHostOf(h)]));
  return keys.map((host): LoadColumn => {
    const sshHost = sshOf.get(host);
    const sharedWith = sshHost ? keys.filter((h) => h !== host && sshOf.get(h) === sshHost) : [];
    const reading = sshHost ? input.reading(sshHost) : undefined;
    const { rows, others } = reading ? attribute(host, reading, input.servers, sharedWith.length > 0) : { rows: [], others: 0 };
    const load = reading?.problem ? undefined : reading?.load;
    return {
      host,
      sshHost,
      sharedWith,
      ...liveOf(reading, sshHost),
      time: load?.time,
      cpuPercent: load?.cpuPercent,
      cpus: load?.cpus,
      memoryUsedBytes: load?.memoryUsedBytes,
      memoryTotalBytes: load?.memoryTotalBytes,
      p95CpuPercent: load ? reading?.summary?.cpu?.p95 : undefined,
      p95MemoryBytes: load ? reading?.summary?.memory?.p95 : undefined,
      ...(fallback
        ? { reservation: null, reservationNote: 'not shown: Nova names no compute host to this user' }
        : reservationOf(host, input.reservations)),
      servers: input.servers.filter((s) => (fallback ? true : s.host === host)).length,
      containers: rows,
      containersCpuPercent: rows.reduce((sum, r) => sum + r.cpuPercent, 0),
      containersMemoryBytes: rows.reduce((sum, r) => sum + r.memoryBytes, 0),
      otherContainers: others,
    };
  });
}
