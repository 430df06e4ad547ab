// The messages between the extension and the Load panel, both ways, parsed on arrival like the other
// panels' (protocol.ts): the extension parses what the page sends, the page what the extension sends.
// Bundled into the front end: type-only imports from core, nothing from vscode, the DOM or Node.
import type { LoadColumn, LoadColumnState, LoadContainerRow, LoadReservation } from '../core/load/loadColumns';
import { boolean, finite, integer, list, literal, message, nullable, optional, record, tagged, text, type Parsed } from './messageParsing';
import { clip, fieldText, LIMITS, SERVER_ID } from './protocol';

export type { LoadColumn, LoadContainerRow, LoadReservation } from '../core/load/loadColumns';

export const LOAD_PANEL = 'load';
export type LoadPanelKind = typeof LOAD_PANEL;

export const LOAD_LIMITS = {
  /** compute hosts per cloud */
  columns: 256,
  /** containers per column (core's MAX_CONTAINER_ROWS keeps under it) */
  containers: 200,
} as const;

// ---- extension → webview

/** The whole view, sent on each reading (debounced): the page keeps the history for its charts. */
export interface LoadViewMessage {
  type: 'load';
  cloud: string;
  columns: LoadColumn[];
  /** why the cloud's servers or hosts could not be read, if they could not */
  problem?: string;
  /** the cloud's servers are not listed yet: no column means nothing yet */
  loading?: boolean;
  /** a host above this live CPU % is marked busy (devstackContrail.load.busyCpuPercent) */
  busyCpuPercent: number;
}
export interface LoadErrorMessage {
  type: 'error';
  message: string;
}
export type LoadHostMessage = LoadViewMessage | LoadErrorMessage;

// ---- webview → extension

/** `inspect`: the user chose a server of a container row (its Inspect panel opens) */
export type LoadWebviewMessage = { type: 'ready' } | { type: 'refresh' } | { type: 'inspect'; serverId: string };

// ---- parsers

const name = text({ max: LIMITS.name });
const word = text({ max: LIMITS.word });
const note = text({ max: LIMITS.message, control: true });
const count = finite(0);
const opt = optional;

const containerRow = record<LoadContainerRow>({
  id: word,
  name,
  serverId: opt(word),
  serverName: opt(name),
  cpuPercent: count,
  memoryBytes: count,
});
const reservation = record<LoadReservation>({
  vcpusUsed: opt(count),
  vcpusCapacity: opt(count),
  memoryMbUsed: opt(count),
  memoryMbCapacity: opt(count),
});
const column = record<LoadColumn>({
  host: name,
  sshHost: opt(name),
  sharedWith: list(name, LOAD_LIMITS.columns),
  state: literal<LoadColumnState>('live', 'measuring', 'unanswered', 'unmapped'),
  note: opt(note),
  time: opt(count),
  cpuPercent: opt(count),
  cpus: opt(count),
  memoryUsedBytes: opt(count),
  memoryTotalBytes: opt(count),
  p95CpuPercent: opt(count),
  p95MemoryBytes: opt(count),
  reservation: nullable(reservation),
  reservationNote: opt(note),
  servers: integer(0, 1e9),
  containers: list(containerRow, LOAD_LIMITS.containers),
  containersCpuPercent: count,
  containersMemoryBytes: count,
  otherContainers: integer(0, 1e9),
});

const loadHost = tagged<LoadHostMessage>({
  load: message<LoadViewMessage>('load', {
    cloud: name,
    columns: list(column, LOAD_LIMITS.columns),
    problem: opt(note),
    loading: opt(boolean),
    busyCpuPercent: finite(0, 100),
  }),
  error: message<LoadErrorMessage>('error', { message: note }),
});
const loadWebview = tagged<LoadWebviewMessage>({
  ready: message<{ type: 'ready' }>('ready', {}),
  refresh: message<{ type: 'refresh' }>('refresh', {}),
  inspect: message<{ type: 'inspect'; serverId: string }>('inspect', {
    serverId: text({ min: 1, max: 64, pattern: SERVER_ID, patternName: 'a server id' }),
  }),
});

export function checkLoadWebviewMessage(value: unknown): Parsed<LoadWebviewMessage> {
  return loadWebview(value, '');
}

export function checkLoadHostMessage(value: unknown): Parsed<LoadHostMessage> {
  return loadHost(value, '');
}

// ---- projections the extension sends: remote strings escaped and cut to the bounds, numbers finite

const num = (value: number | undefined): number | undefined =>
  value !== undefined && Number.isFinite(value) ? Math.max(0, value) : undefined;
const maybe = (value: string | undefined, max: number): string | undefined => (value === undefined ? undefined : fieldText(value, max));

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function toLoadColumnView(c: LoadColumn): LoadColumn {
  return compact<LoadColumn>({
    host: fieldText(c.host, LIMITS.name),
    sshHost: maybe(c.sshHost, LIMITS.name),
    sharedWith: c.sharedWith.slice(0, LOAD_LIMITS.columns).map((h) => fieldText(h, LIMITS.name)),
    state: c.state,
    note: c.note === undefined ? undefined : clip(c.note),
    time: num(c.time),
    cpuPercent: num(c.cpuPercent),
    cpus: num(c.cpus),
    memoryUsedBytes: num(c.memoryUsedBytes),
    memoryTotalBytes: num(c.memoryTotalBytes),
    p95CpuPercent: num(c.p95CpuPercent),
    p95MemoryBytes: num(c.p95MemoryBytes),
    reservation: c.reservation
      ? compact({
          vcpusUsed: num(c.reservation.vcpusUsed),
          vcpusCapacity: num(c.reservation.vcpusCapacity),
          memoryMbUsed: num(c.reservation.memoryMbUsed),
          memoryMbCapacity: num(c.reservation.memoryMbCapacity),
        })
      : null,
    reservationNote: c.reservationNote === undefined ? undefined : clip(c.reservationNote),
    servers: Math.min(1e9, Math.max(0, Math.floor(c.servers))),
    containers: c.containers.slice(0, LOAD_LIMITS.containers).map((r) =>
      compact<LoadContainerRow>({
        id: fieldText(r.id, LIMITS.word),
        name: fieldText(r.name, LIMITS.name),
        serverId: maybe(r.serverId, LIMITS.word),
        serverName: maybe(r.serverName, LIMITS.name),
        cpuPercent: num(r.cpuPercent) ?? 0,
        memoryBytes: num(r.memoryBytes) ?? 0,
      }),
    ),
    containersCpuPercent: num(c.containersCpuPercent) ?? 0,
    containersMemoryBytes: num(c.containersMemoryBytes) ?? 0,
    otherContainers: Math.min(1e9, Math.max(0, Math.floor(c.otherContainers + Math.max(0, c.containers.length - LOAD_LIMITS.containers)))),
  });
}
