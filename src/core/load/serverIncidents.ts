// Which servers went ERROR or SHUTOFF without a user action, decided from Nova itself: between two
// listings a server changed into ERROR or SHUTOFF, and Nova's instance actions (os-instance-actions)
// say whether a user asked for it, from any client (the CLI, Horizon, this extension). Nova's own
// power-state sync stops a server whose container stopped, and records that stop without a user.
import type { InstanceAction } from '../openstack/instanceActions';
import { novaTime } from '../openstack/instanceActions';
import type { Server } from '../openstack/types';

export type FailedStatus = 'ERROR' | 'SHUTOFF';

export interface ServerSeen {
  readonly status: string;
  /** Nova's `updated` of the server (Nova's clock, like its actions' start times) */
  readonly updated?: number;
}

export interface ServerTransition {
  readonly server: Server;
  readonly status: FailedStatus;
  readonly from: string;
  /** when Nova last changed the server before (its `updated` at the earlier listing) */
  readonly since?: number;
}

/** Actions of a user that leave a server SHUTOFF (Nova's instance_actions names). */
export const USER_STOP_ACTIONS: ReadonlySet<string> = new Set([
  'stop',
  'delete',
  'forceDelete',
  'shelve',
  'shelveOffload',
  'suspend',
  'trigger_crash_dump',
  'rebuild',
  'resize',
  'confirmResize',
  'revertResize',
  'migrate',
  'evacuate',
  'rescue',
]);

/** An action this long before the earlier listing's `updated` still counts (Nova marks the task first). */
export const ACTION_SLACK_MS = 120_000;

const FAILED = new Set<string>(['ERROR', 'SHUTOFF']);

export function serversSeen(servers: readonly Server[]): Map<string, ServerSeen> {
  return new Map(servers.map((s) => [s.id, { status: s.status, updated: novaTime(s.updated) }]));
}

/** The servers that went ERROR or SHUTOFF since the earlier listing (none on the first: that is where watching starts). */
export function serverTransitions(earlier: ReadonlyMap<string, ServerSeen> | undefined, servers: readonly Server[]): ServerTransition[] {
  if (!earlier) return [];
  const transitions: ServerTransition[] = [];
  for (const server of servers) {
    const before = earlier.get(server.id);
    // a server new since then that is already ERROR failed under its user's create
    if (!before || before.status === server.status || !FAILED.has(server.status)) continue;
    transitions.push({ server, status: server.status as FailedStatus, from: before.status, since: before.updated });
  }
  return transitions;
}

export interface Judgement {
  /** the user action behind it: no notification */
  readonly byUser?: InstanceAction;
  /** the notification's why */
  readonly detail?: string;
}

/**
 * Whether a user did it. `actions`: Nova's instance actions, or undefined when they could not be read;
 * `askedHere`: this extension asked Nova for a stop or delete of it just now (the answer when Nova's
 * record cannot be read).
 */
export function judgeTransition(
  transition: ServerTransition,
  actions: readonly InstanceAction[] | undefined,
  askedHere = false,
): Judgement {
  const { status, server } = transition;
  const fault = server.fault?.message ? `Nova's fault: ${server.fault.message}` : undefined;
  if (!actions) {
    if (askedHere) return { byUser: { action: 'stop' } };
    return { detail: [fault, "Nova's instance actions could not be read"].filter(Boolean).join('; ') };
  }
  const since = transition.since !== undefined ? transition.since - ACTION_SLACK_MS : undefined;
  const recent = actions.filter((a) => since === undefined || a.startTime === undefined || a.startTime >= since);
  const byUser = recent.find((a) => a.userId !== undefined && (status === 'ERROR' || USER_STOP_ACTIONS.has(a.action)));
  if (byUser) return { byUser };
  const byNova = recent.find((a) => a.userId === undefined && a.action === 'stop');
  if (status === 'SHUTOFF' && byNova) return { detail: 'Nova stopped it itself (its container had stopped)' };
  return fault ? { detail: fault } : {};
}
