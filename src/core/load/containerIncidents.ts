// Tells from a host's container events which containers ended by themselves: a die that follows a
// kill, stop or restart request (docker stop, Nova's Stop or Delete, docker rm -f) was asked for and is
// not an incident; a die after an oom event was the kernel at the memory limit; a start right after an
// unasked die is Docker's restart policy. Only Nova's containers (nova-<server uuid>) are told of.
import type { ContainerEvent } from '../docker/containerEvents';
import type { ContainerIncident } from './incidents';

const NOVA_CONTAINER = /^nova-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The Nova server whose container this is (nova-docker names it nova-<uuid>). */
export function novaServerOfContainer(name: string): string | undefined {
  return NOVA_CONTAINER.exec(name)?.[1];
}

export interface ContainerIncidentOptions {
  /** for events without a time of their own */
  readonly now?: () => number;
  /** a die this soon after a kill/stop/restart request was asked for */
  readonly askedWindowMs?: number;
  /** a die this soon after an oom event is that OOM kill */
  readonly oomWindowMs?: number;
  /** a start this soon after an unasked die is a restart by Docker */
  readonly restartWindowMs?: number;
}

interface Seen {
  askedAt?: number;
  oomAt?: number;
  died?: { at: number; incident: ContainerIncident };
  lastAt: number;
}

/** Containers followed at once; beyond this the least recently seen are forgotten. */
const MAX_CONTAINERS = 2000;

export class ContainerIncidentClassifier {
  private readonly seen = new Map<string, Seen>();
  private readonly now: () => number;
  private readonly askedWindowMs: number;
  private readonly oomWindowMs: number;
  private readonly restartWindowMs: number;

  constructor(
    private readonly host: string,
    options: ContainerIncidentOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.askedWindowMs = options.askedWindowMs ?? 30_000;
    this.oomWindowMs = options.oomWindowMs ?? 10_000;
    this.restartWindowMs = options.restartWindowMs ?? 15_000;
  }

  /** The incident this event makes, if it makes one. */
  feed(event: ContainerEvent): ContainerIncident | undefined {
    const serverId = novaServerOfContainer(event.name);
    if (!serverId) return undefined;
    // the engine's clock when the event has it: a replayed stream keeps the times between its events
    const now = event.time ?? this.now();
    const seen = this.follow(event.id, now);
    const recent = (at: number | undefined, window: number) => at !== undefined && now - at <= window;
    const base = { kind: 'containers', host: this.host, id: event.id, name: event.name, serverId } as const;
    switch (event.action) {
      case 'kill':
      case 'stop':
      case 'restart':
        seen.askedAt = now;
        seen.died = undefined;
        return undefined;
      case 'oom':
        seen.oomAt = now;
        return { ...base, oom: true, exited: false, restarted: false };
      case 'die': {
        const oom = recent(seen.oomAt, this.oomWindowMs);
        if (!oom && recent(seen.askedAt, this.askedWindowMs)) return undefined;
        const incident: ContainerIncident = { ...base, oom, exited: true, restarted: false, exitCode: event.exitCode };
        seen.died = { at: now, incident };
        return incident;
      }
      case 'start': {
        const died = seen.died;
        seen.died = undefined;
        if (!died || now - died.at > this.restartWindowMs) return undefined;
        return { ...died.incident, restarted: true };
      }
    }
  }

  private follow(id: string, now: number): Seen {
    let seen = this.seen.get(id);
    if (seen) this.seen.delete(id);
    else seen = { lastAt: now };
    seen.lastAt = now;
    this.seen.set(id, seen);
    if (this.seen.size > MAX_CONTAINERS) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return seen;
  }
}
