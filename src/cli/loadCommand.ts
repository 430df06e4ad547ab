// `devstack-contrail load`: what each compute host of a cloud carries — what flavors reserve there
// (Placement's inventories and usages) and, for the hosts it can reach over SSH, what is really used now
// (host CPU and memory, and each container's), from one sampler stream per host (core/load/).
import type { HostLoad } from '../core/load/loadTracker';
import type { HostReservation, ReservedResource } from '../core/openstack/types';
import { UsageError, forEachArgument } from './args';
import { connectCloud } from './cloudConnect';
import { closeSessions, connectSshHosts, measureHosts, readSshMapping } from './hostMeasure';
import { TerminalLines, type Write } from './output';
import { defaultSshFlags, readSshFlag, type SshFlags } from './sshConnect';

interface LoadArgs {
  cloud?: string;
  ssh: Map<string, string>;
  sshFlags: SshFlags;
  seconds: number;
  format: 'text' | 'json';
}

function parseArgs(argv: readonly string[]): LoadArgs {
  const args: LoadArgs = {
    ssh: new Map(),
    sshFlags: defaultSshFlags(),
    seconds: 2,
    format: 'text',
  };
  forEachArgument(argv, (flag, value, arg) => {
    switch (flag) {
      case '--cloud':
        args.cloud = value();
        break;
      case '--ssh':
        readSshMapping(value(), args.ssh);
        break;
      case '--seconds': {
        const text = value();
        const seconds = Number(text);
        if (!Number.isInteger(seconds) || seconds < 2 || seconds > 60)
          throw new UsageError(`--seconds: "${text}" is not a whole number from 2 to 60`);
        args.seconds = seconds;
        break;
      }
      case '--format': {
        const format = value();
        if (format !== 'text' && format !== 'json') throw new UsageError(`--format: "${format}" is not text or json`);
        args.format = format;
        break;
      }
      default:
        if (!readSshFlag(flag, value, args.sshFlags)) throw new UsageError(`unknown option ${arg}`);
    }
  });
  if (!args.cloud) throw new UsageError('name the cloud with --cloud NAME');
  return args;
}

const MIB = 1024 * 1024;
const percent = (n: number): string => `${n.toFixed(1)} %`;
const mib = (bytes: number): string => `${Math.round(bytes / MIB)} MiB`;
const reservedText = (r: ReservedResource | undefined, unit: string): string =>
  r ? `${r.used}${unit} reserved of ${Math.round(r.capacity)}${unit} (${r.total}${unit} × ${r.allocationRatio})` : 'not in Placement';

export interface HostLoadReport {
  readonly host: string;
  readonly reservation?: HostReservation;
  readonly load?: HostLoad;
  /** why there is no live load */
  readonly loadProblem?: string;
}

export function loadReportText(rows: readonly HostLoadReport[]): string {
  const lines: string[] = [];
  for (const row of rows) {
    lines.push(`${row.host}`);
    lines.push(`  flavors:  vCPU ${reservedText(row.reservation?.vcpu, '')}; memory ${reservedText(row.reservation?.memoryMb, ' MiB')}`);
    if (row.load) {
      const { load } = row;
      lines.push(
        `  now:      CPU ${percent(load.cpuPercent)}${load.cpus ? ` of ${load.cpus} CPUs` : ''}; memory ${mib(load.memoryUsedBytes)} used of ${mib(load.memoryTotalBytes)}`,
      );
      for (const c of [...load.containers].sort((a, b) => b.cpuPercent - a.cpuPercent))
        lines.push(`    ${c.id.slice(0, 12)}  CPU ${percent(c.cpuPercent)}  memory ${mib(c.memoryBytes)}`);
    } else {
      lines.push(`  now:      ${row.loadProblem ?? 'not measured (name the host with --ssh HOST=user@address)'}`);
    }
  }
  return lines.join('\n');
}

export async function runLoad(argv: readonly string[], out: Write, err: Write): Promise<number> {
  const args = parseArgs(argv);
  const lines = new TerminalLines(out, err);
  const client = await connectCloud(args.cloud ?? '');
  const reservations = (await client.listHostReservations()).filter((r) => r.vcpu || r.memoryMb);
  const sessions = await connectSshHosts(args.ssh, args.sshFlags);
  try {
    const measured = await measureHosts(sessions, args.seconds);
    const hosts = [...new Set([...reservations.map((r) => r.host), ...args.ssh.keys()])].sort();
    const rows = hosts.map((host): HostLoadReport => {
      const live = measured.get(host);
      return {
        host,
        reservation: reservations.find((r) => r.host === host),
        ...(typeof live === 'string' ? { loadProblem: live } : live ? { load: live } : {}),
      };
    });
    if (args.format === 'json') lines.out(JSON.stringify(rows, null, 1));
    else lines.out(rows.length > 0 ? loadReportText(rows) : 'no compute host in Placement');
    return rows.some((r) => r.loadProblem) ? 1 : 0;
  } finally {
    closeSessions(sessions);
  }
}
