// How the Instances view shows live load: a compute host's CPU and memory (used, and what flavors reserve
// there), a server's container. Pure text from the readings, for descriptions and tooltips.
import type { ContainerLoad, HostLoad } from './loadTracker';
import type { HostReservation } from '../openstack/types';

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

export function containerLoadText(container: ContainerLoad | undefined): string | undefined {
  return container ? `CPU ${container.cpuPercent.toFixed(1)} % · ${Math.round(container.memoryBytes / MIB)} MiB` : undefined;
}
