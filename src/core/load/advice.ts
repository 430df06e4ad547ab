// Advice from live load, never an action: the smallest flavor that fits what a server really used (the
// compute host with the most live headroom for a boot is placement.ts's).
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
