// Client-side placement by live load: for a flavor, each compute host's headroom (does Placement still
// have room for the flavor, how much CPU and memory the host has left now) and the host to boot on, with
// the reason in words. For clouds whose scheduler does not weigh live load. Pure and linear in the hosts:
// one pass to judge them, one to pick, ties broken by name so the answer never depends on input order.
import type { HostLoad } from './loadTracker';
import { supportsMicroversion, TARGET_HOST_MICROVERSION } from '../openstack/microversion';
import type { Flavor, HostReservation, Hypervisor, ReservedResource } from '../openstack/types';

/** A host above this live CPU % is busy (devstackContrail.load.busyCpuPercent, `boot --busy-cpu-percent`). */
export const DEFAULT_BUSY_CPU_PERCENT = 80;
/** CPU readings within one band count as equally loaded (a one-second reading wobbles by a few %): Placement and memory decide. */
export const CPU_BAND_PERCENT = 5;
/** Memory free within one band counts as equal (it moves by megabytes from one reading to the next). */
export const MEMORY_BAND_BYTES = 256 * 1024 ** 2;
/** How many other hosts the reason names (it stays one line on a cloud of many hosts). */
const OTHERS_IN_REASON = 3;

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

export type PlacementFlavor = Pick<Flavor, 'name' | 'vcpus' | 'ram' | 'disk'>;

/** What is known of one compute host (Nova's name for it) when a boot is placed. */
export interface PlacementHost {
  readonly host: string;
  /** the latest live reading; absent when there is none */
  readonly load?: HostLoad;
  /** the p95 of the host's CPU over the recent window, when there is one (shown, not ranked on) */
  readonly cpuP95?: number;
  /** why there is no live reading (not answering, no SSH host for it) */
  readonly loadProblem?: string;
  /** Placement's inventories and usages (absent: not read, e.g. not admin) */
  readonly reservation?: HostReservation;
  /** why Nova would not take a boot there at all (its nova-compute is down or disabled) */
  readonly unavailable?: string;
}

/** fits: a candidate; busy: a candidate above the threshold; the others are never recommended. */
export type HostVerdict = 'fits' | 'busy' | 'no-room' | 'no-memory' | 'no-reading' | 'unavailable';

export interface PlacementFree {
  readonly vcpu?: number;
  readonly memoryMb?: number;
  readonly diskGb?: number;
}

export interface HostHeadroom {
  readonly host: string;
  readonly verdict: HostVerdict;
  /** whether Placement has room for the flavor; undefined when Placement was not read */
  readonly placementFits?: boolean;
  /** what Placement has free now, per resource class it reports */
  readonly placementFree?: PlacementFree;
  readonly cpuPercent?: number;
  readonly cpuP95?: number;
  /** live CPU left, % of the host */
  readonly cpuHeadroomPercent?: number;
  readonly memoryFreeBytes?: number;
  /** live memory left once the flavor's RAM is given to a container (negative: it does not fit) */
  readonly memoryHeadroomBytes?: number;
  /** the host's state in words: "18 % CPU, 1.6 GiB free" or why it cannot take the flavor */
  readonly note: string;
}

export interface PlacementAdvice {
  /** every host, in the order given */
  readonly hosts: readonly HostHeadroom[];
  /** the host to boot on; undefined when none fits */
  readonly recommended?: string;
  /** why that host, or why none */
  readonly reason: string;
  /** the recommended host is itself above the threshold (every host that fits is) */
  readonly busy: boolean;
}

export interface PlacementOptions {
  readonly busyCpuPercent?: number;
}

const gib = (bytes: number): string => `${(bytes / GIB).toFixed(1)} GiB`;
const pct = (value: number): string => `${Math.round(value)} %`;

function freeOf(resource: ReservedResource | undefined): number | undefined {
  return resource ? resource.capacity - resource.used : undefined;
}

/** Placement's room for the flavor: what it lacks, in words, or nothing; undefined without Placement's figures. */
function placementShortfall(reservation: HostReservation, flavor: PlacementFlavor): string[] {
  const lacks: string[] = [];
  const check = (resource: ReservedResource | undefined, need: number, unit: string): void => {
    const free = freeOf(resource);
    if (free !== undefined && need > 0 && free < need) lacks.push(`${need}${unit} (${Math.max(0, Math.floor(free))}${unit} free)`);
  };
  check(reservation.vcpu, flavor.vcpus, ' vCPU');
  check(reservation.memoryMb, flavor.ram, ' MiB');
  check(reservation.diskGb, flavor.disk, ' GB disk');
  return lacks;
}

/** The smallest share of a resource Placement has left after the flavor (1 = all free); for ties. */
function placementShare(reservation: HostReservation | undefined, flavor: PlacementFlavor): number | undefined {
  if (!reservation) return undefined;
  let share: number | undefined;
  for (const [resource, need] of [
    [reservation.vcpu, flavor.vcpus],
    [reservation.memoryMb, flavor.ram],
  ] as const) {
    if (!resource || resource.capacity <= 0) continue;
    const left = (resource.capacity - resource.used - need) / resource.capacity;
    share = share === undefined ? left : Math.min(share, left);
  }
  return share;
}

function freeFigures(reservation: HostReservation): PlacementFree {
  const free: { vcpu?: number; memoryMb?: number; diskGb?: number } = {};
  if (reservation.vcpu) free.vcpu = Math.floor(reservation.vcpu.capacity - reservation.vcpu.used);
  if (reservation.memoryMb) free.memoryMb = Math.floor(reservation.memoryMb.capacity - reservation.memoryMb.used);
  if (reservation.diskGb) free.diskGb = Math.floor(reservation.diskGb.capacity - reservation.diskGb.used);
  return free;
}

/** One host's headroom for the flavor, and whether it may take it. */
export function hostHeadroom(input: PlacementHost, flavor: PlacementFlavor, busyCpuPercent = DEFAULT_BUSY_CPU_PERCENT): HostHeadroom {
  const lacks = input.reservation ? placementShortfall(input.reservation, flavor) : undefined;
  const placement = input.reservation
    ? { placementFits: lacks?.length === 0, placementFree: freeFigures(input.reservation) }
    : { placementFits: undefined, placementFree: undefined };
  const load = input.load;
  const live = load
    ? {
        cpuPercent: load.cpuPercent,
        cpuP95: input.cpuP95,
        cpuHeadroomPercent: Math.max(0, 100 - load.cpuPercent),
        memoryFreeBytes: Math.max(0, load.memoryTotalBytes - load.memoryUsedBytes),
        memoryHeadroomBytes: load.memoryTotalBytes - load.memoryUsedBytes - flavor.ram * MIB,
      }
    : {};
  const base = { host: input.host, ...placement, ...live };
  if (input.unavailable) return { ...base, verdict: 'unavailable', note: `${input.host} ${input.unavailable}` };
  if (lacks && lacks.length > 0)
    return { ...base, verdict: 'no-room', note: `${input.host} has no room in Placement for ${flavor.name}: needs ${lacks.join(', ')}` };
  if (!load || live.memoryFreeBytes === undefined || live.memoryHeadroomBytes === undefined)
    return {
      ...base,
      verdict: 'no-reading',
      note: `${input.host} gives no live reading${input.loadProblem ? ` (${input.loadProblem})` : ''}`,
    };
  if (live.memoryHeadroomBytes < 0)
    return {
      ...base,
      verdict: 'no-memory',
      note: `${input.host} has ${gib(live.memoryFreeBytes)} free, ${flavor.name} needs ${gib(flavor.ram * MIB)}`,
    };
  const p95 = input.cpuP95 !== undefined ? ` (p95 ${pct(input.cpuP95)})` : '';
  if (load.cpuPercent > busyCpuPercent)
    return { ...base, verdict: 'busy', note: `${input.host} is at ${pct(load.cpuPercent)} CPU${p95}, busy above ${pct(busyCpuPercent)}` };
  return { ...base, verdict: 'fits', note: liveSummary(input.host, load.cpuPercent, live.memoryFreeBytes, p95) };
}

const liveSummary = (host: string, cpuPercent: number, memoryFreeBytes: number, p95 = ''): string =>
  `${host}: ${pct(cpuPercent)} CPU${p95}, ${gib(memoryFreeBytes)} free`;

interface Candidate {
  readonly headroom: HostHeadroom;
  readonly busy: boolean;
  readonly band: number;
  /** Placement's share left after the flavor; -1 when unknown (ranked after a known one) */
  readonly share: number;
  /** memory free, in bands */
  readonly memory: number;
}

/** Host names in code-point order: the same on every machine, whatever its locale. */
export const byHostName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

type Criterion = 'busy' | 'cpu' | 'placement' | 'memory' | 'name';

/** Which of two candidates is better (< 0: a), and what decided it. */
function compare(a: Candidate, b: Candidate): { order: number; by: Criterion } {
  if (a.busy !== b.busy) return { order: a.busy ? 1 : -1, by: 'busy' };
  if (a.band !== b.band) return { order: a.band - b.band, by: 'cpu' };
  if (a.share !== b.share) return { order: b.share - a.share, by: 'placement' };
  if (a.memory !== b.memory) return { order: b.memory - a.memory, by: 'memory' };
  return { order: byHostName(a.headroom.host, b.headroom.host), by: 'name' };
}

function candidateOf(headroom: HostHeadroom, input: PlacementHost, flavor: PlacementFlavor): Candidate | undefined {
  if (headroom.verdict !== 'fits' && headroom.verdict !== 'busy') return undefined;
  return {
    headroom,
    busy: headroom.verdict === 'busy',
    band: Math.floor((headroom.cpuPercent ?? 0) / CPU_BAND_PERCENT),
    share: placementShare(input.reservation, flavor) ?? -1,
    memory: Math.floor((headroom.memoryFreeBytes ?? 0) / MEMORY_BAND_BYTES),
  };
}

/** Why `other` lost to the recommended host, in words. */
function lostBecause(best: Candidate, other: Candidate): string {
  const h = other.headroom;
  const by = compare(best, other).by;
  if (by === 'busy' || by === 'cpu') return other.busy ? h.note : `${h.host} is at ${pct(h.cpuPercent ?? 0)} CPU`;
  const as = `${h.host} is as idle (${pct(h.cpuPercent ?? 0)} CPU)`;
  if (by === 'placement') return `${as} but its flavors hold more in Placement`;
  if (by === 'memory') return `${as} with less memory free (${gib(h.memoryFreeBytes ?? 0)})`;
  return `${as}: the first by name wins`;
}

/** The host to boot `flavor` on by live load, every host's headroom, and why. */
export function placeByLiveLoad(hosts: readonly PlacementHost[], flavor: PlacementFlavor, options: PlacementOptions = {}): PlacementAdvice {
  const busyCpuPercent = options.busyCpuPercent ?? DEFAULT_BUSY_CPU_PERCENT;
  const headrooms: HostHeadroom[] = [];
  const candidates: (Candidate | undefined)[] = [];
  let best: Candidate | undefined;
  for (const input of hosts) {
    const headroom = hostHeadroom(input, flavor, busyCpuPercent);
    const candidate = candidateOf(headroom, input, flavor);
    headrooms.push(headroom);
    candidates.push(candidate);
    if (candidate && (!best || compare(candidate, best).order < 0)) best = candidate;
  }
  if (hosts.length === 0) return { hosts: headrooms, reason: 'Nova lists no compute host to place on', busy: false };
  const others: string[] = [];
  for (let i = 0; i < headrooms.length && others.length < OTHERS_IN_REASON; i++) {
    const candidate = candidates[i];
    const headroom = headrooms[i];
    if (!headroom || headroom.host === best?.headroom.host) continue;
    others.push(best && candidate ? lostBecause(best, candidate) : headroom.note);
  }
  const more = headrooms.length - (best ? 1 : 0) - others.length;
  const rest = `${others.join('; ')}${more > 0 ? `; ${more} more` : ''}`;
  if (!best) {
    const why = headrooms.every((h) => h.verdict === 'no-reading')
      ? 'no compute host gives a live reading'
      : `no compute host fits ${flavor.name} now`;
    return { hosts: headrooms, reason: `${why}: ${rest}`, busy: false };
  }
  const { host, cpuPercent = 0, memoryFreeBytes = 0 } = best.headroom;
  const lead = best.busy
    ? `every host that fits ${flavor.name} is above ${pct(busyCpuPercent)} CPU; the least loaded is ${liveSummary(host, cpuPercent, memoryFreeBytes)}`
    : best.headroom.note;
  return { hosts: headrooms, recommended: host, reason: others.length > 0 ? `${lead}; ${rest}` : lead, busy: best.busy };
}

/** A compute host's live reading as the caller has it: the latest load, the window's p95, or why there is none. */
export interface HostReading {
  readonly load?: HostLoad;
  readonly cpuP95?: number;
  readonly problem?: string;
}

/** The hosts to place on: Nova's hypervisors (down or disabled ones said so), with Placement's figures and the live readings. */
export function placementHosts(
  hypervisors: readonly Pick<Hypervisor, 'hostname' | 'state' | 'status'>[],
  reservations: readonly HostReservation[] | undefined,
  reading: (host: string) => HostReading,
): PlacementHost[] {
  const byHost = new Map((reservations ?? []).map((r) => [r.host, r]));
  return hypervisors.map((hypervisor) => {
    const host = hypervisor.hostname;
    const { load, cpuP95, problem } = reading(host);
    const unavailable =
      hypervisor.state === 'down'
        ? 'is down in Nova (its nova-compute does not report)'
        : hypervisor.status === 'disabled'
          ? 'is disabled in Nova'
          : undefined;
    return { host, load, cpuP95, loadProblem: problem, reservation: byHost.get(host), unavailable };
  });
}

/**
 * Why a boot cannot be pinned to the recommended host, or undefined when it can: Nova takes `host` from
 * compute API 2.74 on, and only from an admin (who alone may list the hypervisors).
 */
export function hostPinningProblem(computeMicroversion: string | undefined, hypervisorsListed: boolean): string | undefined {
  if (!hypervisorsListed)
    return 'placing a boot on a host needs the admin role: Nova lists compute hosts and takes "host" only from admins';
  if (!supportsMicroversion(computeMicroversion, TARGET_HOST_MICROVERSION))
    return `placing a boot on a host needs compute API ${TARGET_HOST_MICROVERSION}, and this Nova offers ${computeMicroversion ?? 'no microversions'}: Nova's scheduler decides`;
  return undefined;
}
