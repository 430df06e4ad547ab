// How the Instances view shows live load: a compute host's CPU and memory (used, and what flavors reserve
// there), a server's container. Pure text from the readings, for descriptions and tooltips.
import { smallestFittingFlavor } from './advice';
import type { ContainerLoad, HostLoad, LoadSummary } from './loadTracker';
import type { Flavor, HostReservation, Server } from '../openstack/types';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const gib = (bytes: number): string => (bytes / GIB).toFixed(1);

export interface ComputeHostLoadText {
  readonly description: string;
  readonly tooltip: string;
  readonly busy: boolean;
}

export function computeHostLoadText(
  load: HostLoad | undefined,
  problem: string | undefined,
  reservation: HostReservation | undefined,
  busyAbovePercent: number,
): ComputeHostLoadText {
  const reserved = reservation?.memoryMb ? reservation.memoryMb.used * MIB : undefined;
  const reservedText = reserved !== undefined ? ` · flavors ${gib(reserved)} GiB` : '';
  const vcpuText = reservation?.vcpu ? `\nvCPUs held by flavors: ${reservation.vcpu.used} of ${Math.round(reservation.vcpu.capacity)}` : '';
  if (problem) return { description: `not answering${reservedText}`, tooltip: `live load: ${problem}${vcpuText}`, busy: false };
  if (!load)
    return { description: `measuring…${reservedText}`, tooltip: `live load: waiting for the second reading${vcpuText}`, busy: false };
  const busy = load.cpuPercent > busyAbovePercent;
  const cpu = `CPU ${Math.round(load.cpuPercent)} %`;
  return {
    description: `${busy ? 'busy · ' : ''}${cpu} · ${gib(load.memoryUsedBytes)}/${gib(load.memoryTotalBytes)} GiB${reservedText}`,
    tooltip:
      `live: ${cpu}${load.cpus ? ` of ${load.cpus} CPUs` : ''}${busy ? ` (over ${busyAbovePercent} %)` : ''}, memory ${gib(load.memoryUsedBytes)} GiB used of ${gib(load.memoryTotalBytes)} GiB` +
      `${reserved !== undefined ? `\nmemory held by flavors: ${gib(reserved)} GiB of ${gib((reservation?.memoryMb?.capacity ?? 0) * MIB)} GiB` : ''}${vcpuText}\n${load.containers.length} container(s)`,
    busy,
  };
}

/** "right-size: m1.tiny (512 MiB, 1 vCPU) holds p95 3 % CPU, 40 MiB; m1.small reserves 2048 MiB, 1 vCPU", once there are readings. */
export function rightSizingText(
  summary: LoadSummary,
  flavors: readonly Flavor[] | undefined,
  current: Server['flavor'],
): string | undefined {
  if (!summary.cpu || !summary.memory || !flavors || flavors.length === 0) return undefined;
  const flavor = flavors.find((f) => f.id === current.id || (current.name !== undefined && f.name === current.name));
  const advice = smallestFittingFlavor(flavors, { cpuPercent: summary.cpu.p95, memoryBytes: summary.memory.p95 }, flavor);
  return `right-size (over ${summary.cpu.samples} reading${summary.cpu.samples === 1 ? '' : 's'}): ${advice.reason}`;
}

export function containerLoadText(container: ContainerLoad | undefined): string | undefined {
  return container ? `CPU ${container.cpuPercent.toFixed(1)} % · ${Math.round(container.memoryBytes / MIB)} MiB` : undefined;
}
