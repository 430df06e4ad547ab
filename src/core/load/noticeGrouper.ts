// Debounces incidents into notifications: incidents of one group (a host's containers, a cloud's
// servers, the hosts) that arrive together become one message, sent once the burst has been quiet for
// `burstMs` (or `maxWaitMs` after its first incident, for a burst that never ends); and the same thing
// is not told again within `repeatMs` (a flapping host, a container in a restart loop).
import { groupKey, incidentKey, mergeIncidents, subjectKey, type Incident } from './incidents';
import { incidentText } from './incidentText';

export interface Notice {
  readonly kind: Incident['kind'];
  readonly text: string;
  readonly incidents: readonly Incident[];
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface NoticeGrouperOptions {
  readonly notify: (notice: Notice) => void;
  readonly burstMs?: number;
  readonly maxWaitMs?: number;
  readonly repeatMs?: number;
  readonly now?: () => number;
  readonly timers?: Timers;
}

/** More incidents than this in one burst are counted in the message's subjects, not kept. */
export const MAX_BURST = 500;
/** How many things are remembered as told (the oldest are forgotten first). */
const MAX_TOLD = 5000;

interface Burst {
  readonly firstAt: number;
  readonly subjects: Map<string, Incident>;
  timer?: unknown;
}

const systemTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class NoticeGrouper {
  private readonly bursts = new Map<string, Burst>();
  /** incidentKey → when it was last told */
  private readonly told = new Map<string, number>();
  private readonly burstMs: number;
  private readonly maxWaitMs: number;
  private readonly repeatMs: number;
  private readonly now: () => number;
  private readonly timers: Timers;

  constructor(private readonly options: NoticeGrouperOptions) {
    this.burstMs = options.burstMs ?? 2500;
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
    this.repeatMs = options.repeatMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? systemTimers;
  }

  add(incident: Incident): void {
    const now = this.now();
    const told = this.told.get(incidentKey(incident));
    if (told !== undefined && now - told < this.repeatMs) return;
    const key = groupKey(incident);
    let burst = this.bursts.get(key);
    if (!burst) {
      burst = { firstAt: now, subjects: new Map() };
      this.bursts.set(key, burst);
    }
    const subject = subjectKey(incident);
    const earlier = burst.subjects.get(subject);
    if (earlier) burst.subjects.set(subject, mergeIncidents(earlier, incident));
    else if (burst.subjects.size < MAX_BURST) burst.subjects.set(subject, incident);
    if (burst.timer !== undefined) this.timers.clearTimeout(burst.timer);
    const due = Math.min(now + this.burstMs, burst.firstAt + this.maxWaitMs);
    const b = burst;
    burst.timer = this.timers.setTimeout(() => this.flush(key, b), Math.max(0, due - now));
  }

  /** Sends every gathering burst now (the extension is closing, or a test wants them). */
  flushAll(): void {
    for (const [key, burst] of [...this.bursts]) this.flush(key, burst);
  }

  dispose(): void {
    for (const burst of this.bursts.values()) if (burst.timer !== undefined) this.timers.clearTimeout(burst.timer);
    this.bursts.clear();
  }

  private flush(key: string, burst: Burst): void {
    if (this.bursts.get(key) !== burst) return;
    this.bursts.delete(key);
    if (burst.timer !== undefined) this.timers.clearTimeout(burst.timer);
    const now = this.now();
    // told within the window while this burst gathered (merged into another key's outcome): left out
    const incidents = [...burst.subjects.values()].filter((i) => {
      const told = this.told.get(incidentKey(i));
      return told === undefined || now - told >= this.repeatMs;
    });
    if (incidents.length === 0) return;
    for (const incident of incidents) this.remember(incidentKey(incident), now);
    const [first] = incidents;
    if (first) this.options.notify({ kind: first.kind, text: incidentText(incidents), incidents });
  }

  private remember(key: string, now: number): void {
    this.told.delete(key);
    this.told.set(key, now);
    if (this.told.size <= MAX_TOLD) return;
    for (const [old, at] of this.told) {
      if (this.told.size <= MAX_TOLD && now - at < this.repeatMs) break;
      this.told.delete(old);
    }
  }
}
