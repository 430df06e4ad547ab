// Nova's record of what was done to a server (os-instance-actions): who asked for which action, and
// when. Read to tell a server a user stopped (from any client) from one that stopped by itself. Nova's
// answer is untrusted: every field is checked and capped.
import { asArray, asRecord } from './normalize';

export interface InstanceAction {
  /** Nova's action name: stop, delete, create, reboot, shelve, … */
  readonly action: string;
  /** the user who asked; absent when Nova acted by itself (the power-state sync runs without a user) */
  readonly userId?: string;
  readonly requestId?: string;
  /** when it started, ms since the epoch (Nova writes UTC without a zone) */
  readonly startTime?: number;
  /** "Error" when it failed */
  readonly message?: string;
}

/** More actions than this per server are not kept (Nova pages at 1000; the newest are what count). */
export const MAX_INSTANCE_ACTIONS = 200;
const MAX_FIELD = 128;

const field = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value.slice(0, MAX_FIELD) : undefined);

/** Nova's timestamps: "2026-12-03T15:13:45.000000" (UTC, no zone) or with "Z" / an offset. */
export function novaTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:?\d\d)?$/.test(value)) return undefined;
  const withZone = /(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(withZone.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isFinite(ms) ? ms : undefined;
}

/** The body of GET /servers/{id}/os-instance-actions, newest first. */
export function normalizeInstanceActions(body: unknown): InstanceAction[] {
  const actions: InstanceAction[] = [];
  for (const entry of asArray(asRecord(body).instanceActions).slice(0, MAX_INSTANCE_ACTIONS)) {
    const raw = asRecord(entry);
    const action = field(raw.action);
    if (!action) continue;
    const startTime = novaTime(raw.start_time);
    actions.push({
      action,
      ...(field(raw.user_id) ? { userId: field(raw.user_id) } : {}),
      ...(field(raw.request_id) ? { requestId: field(raw.request_id) } : {}),
      ...(startTime !== undefined ? { startTime } : {}),
      ...(field(raw.message) ? { message: field(raw.message) } : {}),
    });
  }
  return actions.sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0));
}
