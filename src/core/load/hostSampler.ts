// Live load of one compute host from one long-running remote command: every few seconds it prints the
// host's CPU and memory counters and each Docker container's cgroup counters, framed by lines that
// start with a tag. One SSH channel per host, no Docker API stream per container, and only reads of
// /proc and /sys on the host. What comes back is untrusted text: the parser keeps what has the
// expected shape and caps everything it keeps.

/** The host's CPU counters: /proc/stat on a machine of its own, cgroup accounting inside a container host. */
export type HostCpuCounters =
  | { readonly kind: 'proc'; readonly busyTicks: number; readonly totalTicks: number }
  | { readonly kind: 'cgroup'; readonly usageUsec: number; readonly cpus: number };

export interface ContainerCounters {
  /** the full container id, as its cgroup folder names it */
  readonly id: string;
  readonly cpuUsageUsec: number;
  /** memory in use without the inactive page cache, as `docker stats` counts it */
  readonly memoryBytes: number;
}

/** One reading of a host: counters, to be turned into rates against the previous frame. */
export interface HostFrame {
  /** seconds since the host booted (/proc/uptime): the clock the deltas are taken on */
  readonly uptimeSeconds: number;
  readonly cpu: HostCpuCounters;
  readonly memoryTotalBytes: number;
  readonly memoryUsedBytes: number;
  readonly containers: readonly ContainerCounters[];
}

/** More containers than this in one frame are not kept (a host says what it likes). */
export const MAX_CONTAINERS_PER_FRAME = 2000;
const MAX_LINE = 512;
const CONTAINER_ID = /^[0-9a-f]{12,64}$/;

/**
 * The host side, a POSIX shell loop (run as the SSH user; reads only). $1 is the interval in seconds.
 * Container cgroups: v2 with the systemd driver (system.slice/docker-ID.scope) or cgroupfs (docker/ID),
 * and v1 (cpuacct + memory hierarchies). A host whose own cgroup is its root (a cgroup namespace) and
 * has a CPU quota (v2 cpu.max; v1 cpu.cfs_quota_us above 0, which a machine's root cgroup never has) is
 * a container host: its CPU and memory are its cgroup's, not the machine's /proc/stat and /proc/meminfo.
 */
export const SAMPLER_SCRIPT = [
  'set -u',
  'interval=$1',
  'v=/sys/fs/cgroup',
  'own=',
  'if [ "$(cat /proc/self/cgroup 2>/dev/null)" = "0::/" ] && [ -r $v/cpu.max ]; then own=2',
  'elif q=$(cat $v/cpu/cpu.cfs_quota_us 2>/dev/null) && [ "${q:-0}" -gt 0 ] && grep -Eq \'^[0-9]+:([^:]*,)?cpu(,[^:]*)?:/$\' /proc/self/cgroup; then own=1; fi',
  "cpus() { n=0; for r in $(tr ',' ' ' < $v/cpuset.cpus.effective 2>/dev/null); do a=${r%-*}; b=${r#*-}; n=$((n + b - a + 1)); done; echo $n; }",
  // a value that cannot be read prints "-", so the fields after it keep their places
  'val() { x=$(sed -n "s/^$2 //p" "$1" 2>/dev/null | head -n1); echo "${x:--}"; }',
  'rd() { x=$(cat "$1" 2>/dev/null); echo "${x:--}"; }',
  'while :; do',
  '  read -r up _ < /proc/uptime',
  '  echo "F $up"',
  '  if [ "$own" = 2 ]; then echo "G $(val $v/cpu.stat usage_usec) $(rd $v/cpu.max) $(cpus)"; echo "H $(rd $v/memory.current) $(rd $v/memory.max) $(val $v/memory.stat inactive_file)"',
  '  elif [ "$own" = 1 ]; then echo "g $(rd $v/cpuacct/cpuacct.usage) $(rd $v/cpu/cpu.cfs_quota_us) $(rd $v/cpu/cpu.cfs_period_us) -"',
  '    echo "H $(rd $v/memory/memory.usage_in_bytes) $(rd $v/memory/memory.limit_in_bytes) $(val $v/memory/memory.stat total_inactive_file)"',
  '  else head -n1 /proc/stat; fi',
  "  grep -E '^(MemTotal|MemAvailable):' /proc/meminfo",
  '  for d in $v/system.slice/docker-*.scope $v/docker/*; do',
  '    [ -r "$d/cpu.stat" ] || continue',
  '    id=${d##*/}; id=${id#docker-}; id=${id%.scope}',
  '    echo "C $id $(val "$d/cpu.stat" usage_usec) $(rd "$d/memory.current") $(val "$d/memory.stat" inactive_file)"',
  '  done',
  '  for d in $v/cpuacct/docker/* $v/cpu,cpuacct/docker/*; do',
  '    [ -r "$d/cpuacct.usage" ] || continue',
  '    id=${d##*/}; m=$v/memory/docker/$id',
  '    echo "c $id $(rd "$d/cpuacct.usage") $(rd "$m/memory.usage_in_bytes") $(val "$m/memory.stat" total_inactive_file)"',
  '  done',
  '  echo E',
  '  sleep "$interval"',
  'done',
].join('\n');

const integer = (text: string | undefined): number | undefined =>
  text !== undefined && /^\d{1,19}$/.test(text) ? Number(text) : undefined;

function containerFrom(fields: string[], cpuUnitUsec: number): ContainerCounters | undefined {
  const [, id, cpu, memory, inactive] = fields;
  const usage = integer(cpu);
  const current = integer(memory);
  if (id === undefined || !CONTAINER_ID.test(id) || usage === undefined || current === undefined) return undefined;
  const idle = integer(inactive) ?? 0;
  return { id, cpuUsageUsec: usage * cpuUnitUsec, memoryBytes: idle < current ? current - idle : current };
}

function procCpu(fields: string[]): HostCpuCounters | undefined {
  const ticks = fields.slice(1, 9).map(integer);
  if (ticks.length < 4 || ticks.some((t) => t === undefined)) return undefined;
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = ticks as number[];
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { kind: 'proc', busyTicks: total - idle - iowait, totalTicks: total };
}

/**
 * v2 cpu.max "QUOTA PERIOD" ("max PERIOD": no quota, then the cpuset's CPUs count), usage in µs; v1
 * cfs_quota_us and cfs_period_us, usage (cpuacct.usage) in ns
 */
function cgroupCpu(fields: string[], usageUnitUsec: number): HostCpuCounters | undefined {
  const [, usage, quota, period, cpuset] = fields;
  const counted = integer(usage);
  const used = counted === undefined ? undefined : counted * usageUnitUsec;
  const q = integer(quota);
  const p = integer(period);
  const cpus = q !== undefined && p ? q / p : integer(cpuset);
  return used !== undefined && cpus !== undefined && cpus > 0 ? { kind: 'cgroup', usageUsec: used, cpus } : undefined;
}

interface Partial {
  uptimeSeconds: number;
  cpu?: HostCpuCounters;
  memTotalKb?: number;
  memAvailableKb?: number;
  cgroupMemory?: { used: number; limit?: number };
  containers: ContainerCounters[];
}

function finish(frame: Partial): HostFrame | undefined {
  if (frame.cpu === undefined || frame.memTotalKb === undefined) return undefined;
  const machineTotal = frame.memTotalKb * 1024;
  const machineUsed = frame.memAvailableKb !== undefined ? machineTotal - frame.memAvailableKb * 1024 : undefined;
  const cg = frame.cgroupMemory;
  const total = cg?.limit !== undefined && cg.limit < machineTotal ? cg.limit : machineTotal;
  const used = cg ? cg.used : machineUsed;
  if (used === undefined) return undefined;
  return {
    uptimeSeconds: frame.uptimeSeconds,
    cpu: frame.cpu,
    memoryTotalBytes: total,
    memoryUsedBytes: used,
    containers: frame.containers,
  };
}

/** Reads the sampler's output as it arrives, in chunks cut anywhere; each complete frame is passed on. */
export class HostFrameParser {
  private pending = '';
  private frame?: Partial;

  constructor(private readonly onFrame: (frame: HostFrame) => void) {}

  push(chunk: string): void {
    const text = this.pending + chunk;
    const lines = text.split('\n');
    this.pending = lines.pop() ?? '';
    // a line without an end that has grown past any real line is garbage: dropped, not kept growing
    if (this.pending.length > MAX_LINE) this.pending = '';
    for (const line of lines) if (line.length <= MAX_LINE) this.line(line.trimEnd());
  }

  private line(line: string): void {
    const fields = line.split(/\s+/);
    const tag = fields[0];
    if (tag === 'F') {
      const uptime = Number(fields[1]);
      this.frame = Number.isFinite(uptime) && /^\d+(\.\d+)?$/.test(fields[1] ?? '') ? { uptimeSeconds: uptime, containers: [] } : undefined;
      return;
    }
    const frame = this.frame;
    if (!frame) return;
    if (tag === 'cpu') frame.cpu = procCpu(fields);
    else if (tag === 'G' || tag === 'g') frame.cpu = cgroupCpu(fields, tag === 'G' ? 1 : 1e-3);
    else if (tag === 'H') {
      const current = integer(fields[1]);
      const inactive = integer(fields[3]) ?? 0;
      if (current !== undefined)
        frame.cgroupMemory = { used: inactive < current ? current - inactive : current, limit: integer(fields[2]) };
    } else if (tag === 'MemTotal:') frame.memTotalKb = integer(fields[1]);
    else if (tag === 'MemAvailable:') frame.memAvailableKb = integer(fields[1]);
    else if ((tag === 'C' || tag === 'c') && frame.containers.length < MAX_CONTAINERS_PER_FRAME) {
      // v2 counts CPU in microseconds, v1's cpuacct.usage in nanoseconds
      const container = containerFrom(fields, tag === 'C' ? 1 : 1e-3);
      if (container) frame.containers.push(container);
    } else if (tag === 'E') {
      const done = finish(frame);
      this.frame = undefined;
      if (done) this.onFrame(done);
    }
  }
}
