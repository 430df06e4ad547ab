// The container events of one Docker Engine, from one long-running `docker events` on its host (one
// stream per host, not one per container), and the state Docker keeps of a container that ended
// (`docker inspect`: State.ExitCode, State.OOMKilled). Both are untrusted text from the host: the
// parser keeps what has the expected shape and caps everything it keeps.
import { shellCommand } from '../remote/shellQuote';
import { printableLine } from '../text/printable';

/** The actions the notifications read: how a container ended, and who asked it to. */
export const CONTAINER_ACTIONS = ['die', 'oom', 'kill', 'stop', 'restart', 'start'] as const;
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number];

export interface ContainerEvent {
  readonly action: ContainerAction;
  /** the full container id */
  readonly id: string;
  /** the container's name (nova-<server uuid> for Nova's) */
  readonly name: string;
  /** die: the main process's exit code */
  readonly exitCode?: number;
  /** kill: the signal sent */
  readonly signal?: string;
  /** when the engine saw it, ms since the epoch */
  readonly time?: number;
}

/** How far back a stream replays at most (a host watched again after a while tells what it missed, not its history). */
export const MAX_REPLAY_SECONDS = 600;

/**
 * The command that streams them, one JSON object a line, starting `sinceSeconds` back (by the engine's
 * clock, so this machine's clock does not matter): a stream opened again misses nothing, and a host
 * first watched tells what just happened on it (a container that died as its server booted).
 */
export function containerEventsCommand(sinceSeconds: number): string {
  const since = Math.max(1, Math.min(MAX_REPLAY_SECONDS, Math.ceil(sinceSeconds)));
  return shellCommand([
    'docker',
    'events',
    '--since',
    `${since}s`,
    '--format',
    '{{json .}}',
    '--filter',
    'type=container',
    ...CONTAINER_ACTIONS.flatMap((action) => ['--filter', `event=${action}`]),
  ]);
}

/** A line longer than this is no event of ours (a container with thousands of labels): dropped. */
export const MAX_EVENT_LINE = 16_384;
const MAX_NAME = 128;
const CONTAINER_ID = /^[0-9a-f]{12,64}$/;
const ACTIONS = new Set<string>(CONTAINER_ACTIONS);

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const smallInteger = (value: unknown): number | undefined => {
  const text = typeof value === 'number' ? String(value) : value;
  return typeof text === 'string' && /^-?\d{1,6}$/.test(text) ? Number(text) : undefined;
};

/** One line of `docker events --format '{{json .}}'`, or undefined when it is not a container event we read. */
export function parseContainerEvent(line: string): ContainerEvent | undefined {
  if (line.length > MAX_EVENT_LINE || !line.startsWith('{')) return undefined;
  let raw: Record<string, unknown>;
  try {
    raw = record(JSON.parse(line));
  } catch {
    return undefined;
  }
  const actor = record(raw.Actor);
  const attributes = record(actor.Attributes);
  const id = typeof actor.ID === 'string' ? actor.ID : raw.id;
  // "exec_start: sh" and the like are other actions; "health_status: …" too
  const action = typeof raw.Action === 'string' ? raw.Action : raw.status;
  if ((raw.Type ?? 'container') !== 'container' || typeof action !== 'string' || !ACTIONS.has(action)) return undefined;
  if (typeof id !== 'string' || !CONTAINER_ID.test(id)) return undefined;
  const timeNano = typeof raw.timeNano === 'number' ? raw.timeNano / 1e6 : undefined;
  const time = timeNano ?? (typeof raw.time === 'number' ? raw.time * 1000 : undefined);
  const exitCode = smallInteger(attributes.exitCode);
  const signal = typeof attributes.signal === 'string' && /^[A-Z0-9]{1,12}$/.test(attributes.signal) ? attributes.signal : undefined;
  return {
    action: action as ContainerAction,
    id,
    name: printableLine(typeof attributes.name === 'string' ? attributes.name.replace(/^\//, '') : undefined, MAX_NAME) ?? id.slice(0, 12),
    ...(exitCode !== undefined ? { exitCode } : {}),
    ...(signal !== undefined ? { signal } : {}),
    ...(time !== undefined && Number.isFinite(time) ? { time } : {}),
  };
}

/** Reads the stream as it arrives, in chunks cut anywhere; each event is passed on. */
export class ContainerEventParser {
  private pending = '';

  constructor(private readonly onEvent: (event: ContainerEvent) => void) {}

  push(chunk: string): void {
    const lines = (this.pending + chunk).split('\n');
    this.pending = lines.pop() ?? '';
    // an endless line is garbage: dropped, not kept growing
    if (this.pending.length > MAX_EVENT_LINE) this.pending = '';
    for (const line of lines) {
      const event = parseContainerEvent(line.trim());
      if (event) this.onEvent(event);
    }
  }
}

/** How a container ended, as `docker inspect` keeps it. */
export interface ContainerEnd {
  /** running again (restarted): the rest is of the new run, not of the end */
  readonly running: boolean;
  readonly exitCode?: number;
  readonly oomKilled: boolean;
  /** Docker's own error (the process could not start, …), capped */
  readonly error?: string;
  readonly restartCount?: number;
}

const MAX_ERROR = 200;

/** The end of a container from an inspect answer (dockerode's ContainerInspectInfo, or any JSON). */
export function containerEndOf(inspect: unknown): ContainerEnd {
  const raw = record(inspect);
  const state = record(raw.State);
  const exitCode = smallInteger(state.ExitCode);
  const restartCount = smallInteger(raw.RestartCount);
  const error = printableLine(state.Error, MAX_ERROR);
  return {
    running: state.Running === true || state.Restarting === true,
    oomKilled: state.OOMKilled === true,
    ...(exitCode !== undefined ? { exitCode } : {}),
    ...(error ? { error } : {}),
    ...(restartCount !== undefined ? { restartCount } : {}),
  };
}
