// Rates from a host's successive frames (CPU % from counter deltas over the host's own clock) and the
// rolling windows behind p50/p95, per host and per container. Pure: frames in, readings out.
import type { HostCpuCounters, HostFrame } from './hostSampler';
import { RollingWindow, type Percentiles } from './rollingWindow';

export interface ContainerLoad {
  readonly id: string;
  /** % of one CPU, as `docker stats` shows it (200 = two CPUs busy) */
  readonly cpuPercent: number;
  readonly memoryBytes: number;
}

export interface HostLoad {
  /** when this machine read it (ms since epoch) */
  readonly time: number;
  /** % of the host's whole CPU capacity */
  readonly cpuPercent: number;
  /** the CPUs the host has (its cgroup's share on a container host) */
  readonly cpus?: number;
  readonly memoryUsedBytes: number;
  readonly memoryTotalBytes: number;
  readonly containers: readonly ContainerLoad[];
}

export interface LoadSummary {
  readonly cpu?: Percentiles;
  readonly memory?: Percentiles;
}

const DEFAULT_WINDOW_MS = 10 * 60_000;

function hostCpuPercent(before: HostCpuCounters, after: HostCpuCounters, seconds: number): number | undefined {
  if (before.kind === 'proc' && after.kind === 'proc') {
    const total = after.totalTicks - before.totalTicks;
    return total > 0 ? ((after.busyTicks - before.busyTicks) / total) * 100 : undefined;
  }
  if (before.kind === 'cgroup' && after.kind === 'cgroup' && seconds > 0)
    return ((after.usageUsec - before.usageUsec) / (seconds * 1e6 * after.cpus)) * 100;
  return undefined;
}

const clampPercent = (value: number, max: number): number => Math.min(max, Math.max(0, value));

/** One host's live load: feed it the sampler's frames, read the latest and the window's percentiles. */
export class LoadTracker {
  private previous?: HostFrame;
  private current?: HostLoad;
  private readonly cpu: RollingWindow;
  private readonly memory: RollingWindow;
  private readonly containerCpu = new Map<string, RollingWindow>();
  private readonly containerMemory = new Map<string, RollingWindow>();
  private readonly lastSeen = new Map<string, number>();

  constructor(readonly windowMs = DEFAULT_WINDOW_MS) {
    this.cpu = new RollingWindow(windowMs);
    this.memory = new RollingWindow(windowMs);
  }

  /** Takes one frame read at `nowMs`; returns the load it gives (none for the first frame, or after a reboot). */
  add(frame: HostFrame, nowMs: number): HostLoad | undefined {
    const before = this.previous;
    this.previous = frame;
    const seconds = before ? frame.uptimeSeconds - before.uptimeSeconds : 0;
    if (!before || seconds <= 0) return undefined;
    const cpuPercent = hostCpuPercent(before.cpu, frame.cpu, seconds);
    if (cpuPercent === undefined) return undefined;
    const earlier = new Map(before.containers.map((c) => [c.id, c]));
    const containers: ContainerLoad[] = [];
    const cpus = frame.cpu.kind === 'cgroup' ? frame.cpu.cpus : undefined;
    for (const c of frame.containers) {
      const prior = earlier.get(c.id);
      if (!prior || c.cpuUsageUsec < prior.cpuUsageUsec) continue;
      const load = {
        id: c.id,
        cpuPercent: Math.max(0, ((c.cpuUsageUsec - prior.cpuUsageUsec) / (seconds * 1e6)) * 100),
        memoryBytes: c.memoryBytes,
      };
      containers.push(load);
      this.windowOf(this.containerCpu, c.id).add(nowMs, load.cpuPercent);
      this.windowOf(this.containerMemory, c.id).add(nowMs, load.memoryBytes);
      this.lastSeen.set(c.id, nowMs);
    }
    this.forgetGone(nowMs);
    const load: HostLoad = {
      time: nowMs,
      cpuPercent: clampPercent(cpuPercent, 100),
      cpus,
      memoryUsedBytes: frame.memoryUsedBytes,
      memoryTotalBytes: frame.memoryTotalBytes,
      containers,
    };
    this.cpu.add(nowMs, load.cpuPercent);
    this.memory.add(nowMs, load.memoryUsedBytes);
    this.current = load;
    return load;
  }

  latest(): HostLoad | undefined {
    return this.current;
  }

  host(): LoadSummary {
    return { cpu: this.cpu.percentiles(), memory: this.memory.percentiles() };
  }

  container(id: string): LoadSummary {
    return { cpu: this.containerCpu.get(id)?.percentiles(), memory: this.containerMemory.get(id)?.percentiles() };
  }

  private windowOf(windows: Map<string, RollingWindow>, id: string): RollingWindow {
    let window = windows.get(id);
    if (!window) windows.set(id, (window = new RollingWindow(this.windowMs)));
    return window;
  }

  /** a container not seen for a whole window is gone: its windows go too (memory stays bounded) */
  private forgetGone(nowMs: number): void {
    for (const [id, seen] of this.lastSeen) {
      if (seen >= nowMs - this.windowMs) continue;
      this.lastSeen.delete(id);
      this.containerCpu.delete(id);
      this.containerMemory.delete(id);
    }
  }
}
