// Advice from live load, never an action: the smallest flavor that fits what a server really used, and
// the compute host with the most live headroom for a boot.
import type { Flavor } from '../openstack/types';

/** What a server used over the window: p95 of its container's CPU (% of one CPU) and memory. */
export interface UsedP95 {
  readonly cpuPercent: number;
  readonly memoryBytes: number;
}

export interface FlavorAdvice {
  /** undefined when no flavor is big enough */
  readonly flavor?: Flavor;
  readonly reason: string;
}

/** memory kept free above the p95 a server used, so a normal peak does not meet the limit */
export const MEMORY_HEADROOM = 1.25;
const MIB = 1024 * 1024;

const byCost = (a: Flavor, b: Flavor): number => a.ram - b.ram || a.vcpus - b.vcpus || a.disk - b.disk || a.name.localeCompare(b.name);

/**
 * nova-docker gives a container its flavor's RAM as mem_limit and vcpus × 1024 as cpu_shares (a weight,
 * not a cap): a flavor fits when its RAM holds the p95 with headroom and its vcpus cover the p95 CPU.
 */
export function smallestFittingFlavor(flavors: readonly Flavor[], used: UsedP95, current?: Flavor): FlavorAdvice {
  const needMib = Math.ceil((used.memoryBytes * MEMORY_HEADROOM) / MIB);
  const needCpus = Math.max(1, Math.ceil(used.cpuPercent / 100));
  const fitting = flavors.filter((f) => f.ram >= needMib && f.vcpus >= needCpus).sort(byCost);
  const best = fitting[0];
  const usedText = `p95 ${Math.round(used.cpuPercent)} % CPU, ${Math.ceil(used.memoryBytes / MIB)} MiB`;
  if (!best) return { reason: `no flavor has ${needMib} MiB and ${needCpus} vCPU (${usedText})` };
  if (current && best.id === current.id) return { flavor: best, reason: `${current.name} fits (${usedText})` };
  const versus = current ? `; ${current.name} reserves ${current.ram} MiB, ${current.vcpus} vCPU` : '';
  return { flavor: best, reason: `${best.name} (${best.ram} MiB, ${best.vcpus} vCPU) holds ${usedText}${versus}` };
}

export interface HostHeadroom {
  readonly host: string;
  /** live CPU, % of the host's capacity */
  readonly cpuPercent: number;
  readonly memoryAvailableBytes: number;
}

export interface PlacementAdvice {
  readonly host?: string;
  readonly reason: string;
}

/** The host with the lowest live CPU among those under the threshold with memory for the flavor's RAM. */
export function recommendHost(hosts: readonly HostHeadroom[], flavor: Pick<Flavor, 'ram'>, busyAbovePercent: number): PlacementAdvice {
  const needBytes = flavor.ram * MIB;
  const candidates = hosts.filter((h) => h.memoryAvailableBytes >= needBytes && h.cpuPercent <= busyAbovePercent);
  if (candidates.length === 0) {
    return {
      reason:
        hosts.length === 0
          ? 'no compute host reports its load'
          : `every host is above ${busyAbovePercent} % CPU or lacks ${flavor.ram} MiB free`,
    };
  }
  const best = [...candidates].sort(
    (a, b) => a.cpuPercent - b.cpuPercent || b.memoryAvailableBytes - a.memoryAvailableBytes || a.host.localeCompare(b.host),
  )[0];
  if (!best) return { reason: 'no compute host reports its load' };
  const others = hosts
    .filter((h) => h !== best)
    .map((h) => `${h.host} ${Math.round(h.cpuPercent)} %`)
    .join(', ');
  return {
    host: best.host,
    reason: `${best.host} has the most headroom: ${Math.round(best.cpuPercent)} % CPU, ${Math.floor(best.memoryAvailableBytes / MIB)} MiB free${others ? ` (${others})` : ''}`,
  };
}
