// A stack followed as Heat works on it: its status and every resource's (nested groups' members
// included) from Heat's events as they come, counts per status, the failed resources with Heat's
// reasons. One watch serves the CLI's --wait, the Stack panel and the benchmark: each poll reads the
// stack and the events after the last one seen, and a change is reported with the events it brought.
import type { HeatClient, Stack, StackEvent, StackResource } from './heatClient';

/** A resource as the watch knows it: its latest event, or Heat's listing before any event came. */
export interface ResourceProgress {
  /** "STACK/RESOURCE": a group's members are named 0, 1, … in their nested stack */
  readonly key: string;
  readonly name: string;
  /** the stack it belongs to: the watched stack's name, or a nested stack's */
  readonly stackName: string;
  /** OS::Nova::Server, …; known once Heat's resource listing named it */
  readonly type?: string;
  readonly status: string;
  readonly statusReason: string;
  /** a server's id, a nested stack's id */
  readonly physicalId: string;
}

export interface StackProgress {
  /** the stack as last read; undefined once Heat no longer knows it (deleted) */
  readonly stack?: Stack;
  readonly resources: readonly ResourceProgress[];
  /** resources per status ("CREATE_COMPLETE": 40) */
  readonly counts: Readonly<Record<string, number>>;
  readonly failed: readonly ResourceProgress[];
  /** the events this change brought, each with when the watch received it */
  readonly events: readonly ReceivedEvent[];
  /** the stack left *_IN_PROGRESS (or is gone): nothing more will come */
  readonly finished: boolean;
}

export interface ReceivedEvent extends StackEvent {
  /** Date.now() when the poll that brought it answered */
  readonly receivedAt: number;
}

export interface StackWatchOptions {
  /** between the end of one poll and the next (ms); Heat's events are read this often */
  readonly everyMs?: number;
  /** the last event already seen: only later ones are reported (an update or delete of an existing stack) */
  readonly after?: string;
  /** gives up past this many ms of the stack in progress (the watch ends with `timedOut`) */
  readonly timeoutMs?: number;
  /** nested stacks' depth: 2 reads a ResourceGroup's members */
  readonly depth?: number;
}

export const inProgress = (status: string): boolean => status.endsWith('_IN_PROGRESS');
export const isFailed = (status: string): boolean => status.endsWith('_FAILED');
/** the resources of a group member's nested stack are shown under the group: not counted twice */
const isNestedStackResource = (r: Pick<ResourceProgress, 'type'>): boolean =>
  r.type === 'OS::Heat::ResourceGroup' || r.type === 'OS::Heat::AutoScalingGroup' || r.type === 'OS::Heat::Stack';

const keyOf = (stackName: string, name: string): string => `${stackName}/${name}`;

/** Follows one stack; `next()` resolves with each change until `finished`. */
export class StackWatch {
  private readonly resources = new Map<string, ResourceProgress>();
  private marker: string | undefined;
  private stack: Stack | undefined;
  private listedAt = 0;
  private listWanted = false;
  private disposed = false;
  private readonly everyMs: number;
  private readonly depth: number;
  private readonly deadline: number;
  timedOut = false;

  constructor(
    private readonly heat: Pick<HeatClient, 'getStack' | 'listEvents' | 'listResources'>,
    private readonly target: Pick<Stack, 'id' | 'name'>,
    options: StackWatchOptions = {},
  ) {
    this.marker = options.after;
    this.everyMs = options.everyMs ?? 1000;
    this.depth = options.depth ?? 2;
    this.deadline = Date.now() + (options.timeoutMs ?? 60 * 60_000);
  }

  /** Every change until the stack is done, each as it comes; ends early when disposed or timed out. */
  async *changes(): AsyncGenerator<StackProgress> {
    await this.list();
    let first = true;
    for (;;) {
      if (this.disposed) return;
      const started = Date.now();
      const { events, changed } = await this.poll();
      if (this.disposed) return;
      const finished = !this.stack || !inProgress(this.stack.status);
      // the end is read in full: the last resources' states may come after their last event was read
      if (finished) await this.list();
      if (first || changed || events.length > 0 || finished) yield this.progress(events, finished);
      first = false;
      if (finished) return;
      if (this.listWanted) {
        this.listWanted = false;
        await this.list();
      }
      if (Date.now() > this.deadline) {
        this.timedOut = true;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, this.everyMs - (Date.now() - started))));
    }
  }

  /** Stops after the poll under way. */
  dispose(): void {
    this.disposed = true;
  }

  private async poll(): Promise<{ events: ReceivedEvent[]; changed: boolean }> {
    const before = this.stack?.status;
    const [stack, raw] = await Promise.all([
      this.heat.getStack(this.target),
      this.heat.listEvents(this.target, this.marker, this.depth).catch(() => [] as StackEvent[]),
    ]);
    const receivedAt = Date.now();
    this.stack = stack;
    const events = raw.map((e) => ({ ...e, receivedAt }));
    let unknown = false;
    for (const e of events) {
      const stackName = e.stackName || this.target.name;
      // a stack's own events (its name as the resource: the watched stack's, a group's nested stack's)
      // change that stack, not a resource
      if (e.resourceName === stackName) continue;
      const key = keyOf(stackName, e.resourceName);
      const known = this.resources.get(key);
      if (!known) unknown = true;
      this.resources.set(key, {
        key,
        name: e.resourceName,
        stackName,
        type: known?.type,
        status: e.status,
        statusReason: e.statusReason,
        physicalId: e.physicalId || known?.physicalId || '',
      });
    }
    if (events.length > 0) this.marker = events[events.length - 1]!.id;
    // a resource first seen in an event (a group's new members) gets its type from the listing, now and
    // then: after this change is reported, so the listing never holds back the events
    if (unknown && Date.now() - this.listedAt > 5000) this.listWanted = true;
    return { events, changed: before !== stack?.status };
  }

  /** Heat's listing of the resources: types, and every resource's state (also those with no event yet). */
  private async list(): Promise<void> {
    this.listedAt = Date.now();
    let listed: StackResource[];
    try {
      listed = await this.heat.listResources(this.target, this.depth);
    } catch {
      return; // a stack deleted meanwhile: its events told the rest
    }
    for (const r of listed) {
      const stackName = r.stackName || this.target.name;
      const key = keyOf(stackName, r.name);
      this.resources.set(key, {
        key,
        name: r.name,
        stackName,
        type: r.type,
        status: r.status,
        statusReason: r.statusReason,
        physicalId: r.physicalId,
      });
    }
  }

  private progress(events: ReceivedEvent[], finished: boolean): StackProgress {
    const resources = [...this.resources.values()];
    const counted = resources.filter((r) => !isNestedStackResource(r));
    const counts: Record<string, number> = {};
    for (const r of counted) counts[r.status] = (counts[r.status] ?? 0) + 1;
    return { stack: this.stack, resources, counts, failed: resources.filter((r) => isFailed(r.status)), events, finished };
  }
}

/** The Nova servers a stack made (its resources of OS::Nova::Server with an id), for cleanup and the tree. */
export function stackServers(resources: readonly Pick<ResourceProgress, 'type' | 'physicalId' | 'name'>[]): { name: string; id: string }[] {
  return resources.filter((r) => r.type === 'OS::Nova::Server' && r.physicalId).map((r) => ({ name: r.name, id: r.physicalId }));
}
