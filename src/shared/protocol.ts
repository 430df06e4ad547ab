// The messages between the extension and its two instance webviews, Boot and Inspect, both ways.
// Every message has a `type`; every message is parsed on arrival (the extension parses what webviews send,
// the front ends parse what the extension sends) and an invalid one is dropped and logged.
// Bundled into the front ends too: type-only imports from core, nothing from vscode, the DOM or Node.
import type { ContainerDetails, LogLine, NetworkInterface, ProcessTable, StatsSample } from '../core/docker/types';
import type { BootRequest, Flavor, Image, Network, Server } from '../core/openstack/types';
// the front ends import only src/shared: the core shapes they show come through here
export type { ContainerDetails, LogLine, StatsSample } from '../core/docker/types';
import {
  boolean,
  escapeControlCharacters,
  finite,
  integer,
  list,
  message,
  nullable,
  optional,
  record,
  tagged,
  text,
  type Parsed,
  type Parser,
} from './messageParsing';
import {
  bootNoticeMessage,
  bootPlacementMessage,
  placementFlavorMessage,
  type BootNoticeMessage,
  type BootPlacementMessage,
  type PlacementFlavorMessage,
} from './bootPlacementProtocol';
export type { BootNoticeMessage, BootPlacementMessage, HeadroomRowView, PlacementFlavorMessage } from './bootPlacementProtocol';

export type PanelKind = 'boot' | 'inspect';
export type InstanceAction = 'stop' | 'start' | 'delete';

// ---- what the webviews see of the shared shapes (projections: a field added to core is not sent by accident)

export type ImageView = Pick<Image, 'id' | 'name' | 'status' | 'containerFormat' | 'diskFormat' | 'size'>;
export type FlavorView = Pick<Flavor, 'id' | 'name' | 'vcpus' | 'ram' | 'disk'>;
export type NetworkView = Pick<Network, 'id' | 'name' | 'status' | 'shared' | 'external'>;
export interface FaultView {
  code: number;
  message: string;
  details?: string;
}
export type ServerView = Pick<
  Server,
  'id' | 'name' | 'status' | 'taskState' | 'powerState' | 'host' | 'addresses' | 'flavor' | 'image' | 'created' | 'updated'
> & { fault?: FaultView };
export interface BootProgressEntry {
  id: string;
  name: string;
  status: string;
  fault?: string;
}

// ---- extension → webview

export interface BootOptionsMessage {
  type: 'bootOptions';
  cloud: string;
  images: ImageView[];
  flavors: FlavorView[];
  networks: NetworkView[];
  hosts: string[];
}
/** Sent after each poll until every server is ACTIVE or ERROR (or gone); `finished` on the last one. */
export interface BootProgressMessage {
  type: 'bootProgress';
  servers: BootProgressEntry[];
  finished: boolean;
}
export interface ErrorMessage {
  type: 'error';
  message: string;
}

export interface ServerMessage {
  type: 'server';
  server: ServerView | null;
  reason?: string;
}
export interface ContainerMessage {
  type: 'container';
  details: ContainerDetails | null;
  reason?: string;
}
/** `reset`: the lines replace what is shown (a new tail), otherwise they are appended. */
export interface LogLinesMessage {
  type: 'logLines';
  lines: LogLine[];
  reset: boolean;
}
/** Whether new log lines keep coming; a stream that ended by itself says why. */
export interface LogsFollowingMessage {
  type: 'logsFollowing';
  following: boolean;
  reason?: string;
}
export interface StatsMessage {
  type: 'stats';
  sample: StatsSample;
}
export interface InterfacesMessage {
  type: 'interfaces';
  list: NetworkInterface[] | null;
  reason?: string;
}
export interface TopMessage {
  type: 'top';
  table: ProcessTable | null;
  reason?: string;
}
/** The end of a button's action; `ok: false` with a message when it failed or was refused. */
export interface ActionResultMessage {
  type: 'actionResult';
  action: InstanceAction | 'openShell';
  ok: boolean;
  message?: string;
}

export type BootHostMessage = BootOptionsMessage | BootProgressMessage | BootPlacementMessage | BootNoticeMessage | ErrorMessage;
export type InspectHostMessage =
  | ServerMessage
  | ContainerMessage
  | LogLinesMessage
  | LogsFollowingMessage
  | StatsMessage
  | InterfacesMessage
  | TopMessage
  | ActionResultMessage
  | ErrorMessage;
export type HostMessage = BootHostMessage | InspectHostMessage;

// ---- webview → extension

/** The front end loaded (again: a hidden panel's webview is rebuilt when shown) and wants everything. */
export interface ReadyMessage {
  type: 'ready';
}
export interface RefreshMessage {
  type: 'refresh';
}
export interface BootMessage {
  type: 'boot';
  request: BootRequest;
  /** place the boot on the host live load recommends when it is sent (the extension sets `host`) */
  placeByLoad?: boolean;
}
export interface InspectServerMessage {
  type: 'inspect';
  serverId: string;
}
export interface ActionMessage {
  type: 'action';
  action: InstanceAction;
}
export interface FollowLogsMessage {
  type: 'followLogs';
  follow: boolean;
}
export interface OpenShellMessage {
  type: 'openShell';
}

export type BootWebviewMessage = ReadyMessage | RefreshMessage | BootMessage | InspectServerMessage | PlacementFlavorMessage;
export type InspectWebviewMessage = ReadyMessage | RefreshMessage | ActionMessage | FollowLogsMessage | OpenShellMessage;
export type WebviewMessage = BootWebviewMessage | InspectWebviewMessage;

// ---- bounds

export const LIMITS = {
  id: 255,
  name: 255,
  word: 255,
  message: 4096,
  command: 4096,
  logText: 16 * 1024,
  logBatch: 2000,
  choices: 2000,
  addresses: 64,
  interfaces: 256,
  processes: 5000,
  columns: 32,
  bootCount: 10,
  bootNetworks: 16,
} as const;

/** Nova server ids are UUIDs (also the shape nova-docker's container names are built from). */
export const SERVER_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

const id = text({ min: 1, max: LIMITS.id });
const name = text({ max: LIMITS.name });
const word = text({ max: LIMITS.word });
const note = text({ max: LIMITS.message, control: true });
const serverId = text({ min: 1, max: 64, pattern: SERVER_ID, patternName: 'a server id' });
const count = finite(0);
const opt = optional;

// ---- shapes

const imageViewShape = record<ImageView>({ id, name, status: word, containerFormat: opt(word), diskFormat: opt(word), size: opt(count) });
const flavorViewShape = record<FlavorView>({ id, name, vcpus: count, ram: count, disk: count });
const networkViewShape = record<NetworkView>({ id, name, status: word, shared: boolean, external: boolean });
const faultView = record<FaultView>({ code: integer(0, 999), message: note, details: opt(note) });
const serverViewShape: Parser<ServerView> = record<ServerView>({
  id: serverId,
  name,
  status: word,
  taskState: opt(nullable(word)),
  powerState: opt(integer(0, 9)),
  host: opt(word),
  addresses: list(
    record<ServerView['addresses'][number]>({
      network: name,
      addr: word,
      version: (v, path) => (v === 4 || v === 6 ? { ok: true, value: v } : { ok: false, error: `${path}: 4 or 6` }),
      type: opt(word),
      mac: opt(word),
    }),
    LIMITS.addresses,
  ),
  flavor: record<ServerView['flavor']>({ id: opt(id), name: opt(name), vcpus: opt(count), ram: opt(count), disk: opt(count) }),
  image: record<ServerView['image']>({ id: opt(id), name: opt(name) }),
  created: opt(word),
  updated: opt(word),
  fault: opt(faultView),
});
const bootProgressEntry = record<BootProgressEntry>({ id: serverId, name, status: word, fault: opt(note) });
const containerDetails = record<ContainerDetails>({
  id,
  name,
  image: name,
  state: word,
  status: word,
  startedAt: opt(word),
  createdAt: opt(word),
  pid: opt(integer(0, 2 ** 31)),
  command: text({ max: LIMITS.command }),
  networkMode: opt(word),
  ipAddresses: list(word, LIMITS.addresses),
});
const logLine = record<LogLine>({
  stream: (v, path) => (v === 'stdout' || v === 'stderr' ? { ok: true, value: v } : { ok: false, error: `${path}: stdout or stderr` }),
  text: text({ max: LIMITS.logText, control: true }),
  time: opt(word),
});
const statsSample = record<StatsSample>({
  time: count,
  cpuPercent: count,
  memoryBytes: count,
  memoryLimitBytes: count,
  networkRxBytes: count,
  networkTxBytes: count,
});
const networkInterface = record<NetworkInterface>({
  name: word,
  state: word,
  mtu: opt(integer(0, 1 << 20)),
  mac: opt(word),
  addresses: list(word, LIMITS.addresses),
});
const processTable = record<ProcessTable>({
  titles: list(word, LIMITS.columns),
  processes: list(list(text({ max: LIMITS.command, control: true }), LIMITS.columns), LIMITS.processes),
});
const action = (v: unknown, path: string): Parsed<InstanceAction> =>
  v === 'stop' || v === 'start' || v === 'delete' ? { ok: true, value: v } : { ok: false, error: `${path}: stop, start or delete` };

/** A boot request's fields, parsed for shape and size; bootRequestProblems says what is wrong for a person. */
export const bootRequest = record<BootRequest>({
  name: text({ min: 1, max: LIMITS.name }),
  imageId: id,
  flavorId: id,
  networkIds: list(id, LIMITS.bootNetworks, 1),
  count: integer(1, LIMITS.bootCount),
  host: opt(text({ min: 1, max: LIMITS.name })),
});

// ---- the message parsers

const errorMessage = message<ErrorMessage>('error', { message: note });
const bootHost = tagged<BootHostMessage>({
  bootOptions: message<BootOptionsMessage>('bootOptions', {
    cloud: name,
    images: list(imageViewShape, LIMITS.choices),
    flavors: list(flavorViewShape, LIMITS.choices),
    networks: list(networkViewShape, LIMITS.choices),
    hosts: list(word, LIMITS.choices),
  }),
  bootProgress: message<BootProgressMessage>('bootProgress', {
    servers: list(bootProgressEntry, LIMITS.bootCount * 10),
    finished: boolean,
  }),
  bootPlacement: bootPlacementMessage,
  bootNotice: bootNoticeMessage,
  error: errorMessage,
});
const inspectHost = tagged<InspectHostMessage>({
  server: message<ServerMessage>('server', { server: nullable(serverViewShape), reason: opt(note) }),
  container: message<ContainerMessage>('container', { details: nullable(containerDetails), reason: opt(note) }),
  logLines: message<LogLinesMessage>('logLines', { lines: list(logLine, LIMITS.logBatch), reset: boolean }),
  logsFollowing: message<LogsFollowingMessage>('logsFollowing', { following: boolean, reason: opt(note) }),
  stats: message<StatsMessage>('stats', { sample: statsSample }),
  interfaces: message<InterfacesMessage>('interfaces', { list: nullable(list(networkInterface, LIMITS.interfaces)), reason: opt(note) }),
  top: message<TopMessage>('top', { table: nullable(processTable), reason: opt(note) }),
  actionResult: message<ActionResultMessage>('actionResult', {
    action: (v, path) => (v === 'openShell' ? { ok: true, value: v } : action(v, path)),
    ok: boolean,
    message: opt(note),
  }),
  error: errorMessage,
});

const ready = message<ReadyMessage>('ready', {});
const refresh = message<RefreshMessage>('refresh', {});
const bootWebview = tagged<BootWebviewMessage>({
  ready,
  refresh,
  boot: message<BootMessage>('boot', { request: bootRequest, placeByLoad: opt(boolean) }),
  inspect: message<InspectServerMessage>('inspect', { serverId }),
  placementFlavor: placementFlavorMessage,
});
const inspectWebview = tagged<InspectWebviewMessage>({
  ready,
  refresh,
  action: message<ActionMessage>('action', { action }),
  followLogs: message<FollowLogsMessage>('followLogs', { follow: boolean }),
  openShell: message<OpenShellMessage>('openShell', {}),
});

/** Checks what a webview of this kind sent; the error says which field is wrong, for the log. */
export function checkWebviewMessage(value: unknown, panel: 'boot'): Parsed<BootWebviewMessage>;
export function checkWebviewMessage(value: unknown, panel: 'inspect'): Parsed<InspectWebviewMessage>;
export function checkWebviewMessage(value: unknown, panel: PanelKind): Parsed<WebviewMessage>;
export function checkWebviewMessage(value: unknown, panel: PanelKind): Parsed<WebviewMessage> {
  return panel === 'boot' ? bootWebview(value, '') : inspectWebview(value, '');
}

/** What a webview sent, or undefined when it is not a valid message for any panel (or for `panel`, when given). */
export function parseWebviewMessage(value: unknown, panel?: PanelKind): WebviewMessage | undefined {
  if (panel) {
    const checked = checkWebviewMessage(value, panel);
    return checked.ok ? checked.value : undefined;
  }
  const boot = bootWebview(value, '');
  if (boot.ok) return boot.value;
  const inspect = inspectWebview(value, '');
  return inspect.ok ? inspect.value : undefined;
}

/** Checks what the extension sent to a front end of this kind. */
export function checkHostMessage(value: unknown, panel: 'boot'): Parsed<BootHostMessage>;
export function checkHostMessage(value: unknown, panel: 'inspect'): Parsed<InspectHostMessage>;
export function checkHostMessage(value: unknown, panel: PanelKind): Parsed<HostMessage>;
export function checkHostMessage(value: unknown, panel: PanelKind): Parsed<HostMessage> {
  return panel === 'boot' ? bootHost(value, '') : inspectHost(value, '');
}

// ---- what a person must fix in a boot form (both sides: the front end shows it per field, the extension re-checks)

export type BootField = 'name' | 'image' | 'flavor' | 'networks' | 'count' | 'host';

export function bootRequestProblems(request: {
  name: string;
  imageId: string;
  flavorId: string;
  networkIds: readonly string[];
  count: number;
  host?: string;
}): Partial<Record<BootField, string>> {
  const problems: Partial<Record<BootField, string>> = {};
  const trimmed = request.name.trim();
  if (trimmed === '') problems.name = 'Name is required.';
  else if (request.name.length > LIMITS.name) problems.name = `Name is longer than ${LIMITS.name} characters.`;
  else if (trimmed !== request.name) problems.name = 'Name cannot start or end with a space.';
  // eslint-disable-next-line no-control-regex
  else if (/[\u0000-\u001f\u007f]/.test(request.name)) problems.name = 'Name cannot contain control characters.';
  if (request.imageId === '') problems.image = 'Choose an image.';
  if (request.flavorId === '') problems.flavor = 'Choose a flavor.';
  if (request.networkIds.length === 0) problems.networks = 'Choose at least one network.';
  else if (request.networkIds.length > LIMITS.bootNetworks) problems.networks = `Choose at most ${LIMITS.bootNetworks} networks.`;
  if (!Number.isInteger(request.count) || request.count < 1 || request.count > LIMITS.bootCount)
    problems.count = `Count is a whole number from 1 to ${LIMITS.bootCount}.`;
  if (request.host !== undefined && request.host.length > LIMITS.name) problems.host = 'Host name is too long.';
  return problems;
}

// ---- projections the extension sends (cut to the bounds above, so a long remote string never voids a message;
// control characters in fields that refuse them shown as \u0007-style escapes, so one never voids it either)

export function clip(value: string, max: number = LIMITS.message): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

/** A remote string for a field without control characters (names, words, ids): escaped, then cut to max. */
export function fieldText(value: string, max: number): string {
  return clip(escapeControlCharacters(value), max);
}

/** Drops the keys whose value is undefined: an optional field is absent, never `undefined`, on the wire. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const maybe = (value: string | undefined, max: number): string | undefined => (value === undefined ? undefined : fieldText(value, max));

export function toImageView(image: Image): ImageView {
  return compact({
    id: fieldText(image.id, LIMITS.id),
    name: fieldText(image.name, LIMITS.name),
    status: fieldText(image.status, LIMITS.word),
    containerFormat: maybe(image.containerFormat, LIMITS.word),
    diskFormat: maybe(image.diskFormat, LIMITS.word),
    size: image.size,
  });
}

export function toFlavorView(flavor: Flavor): FlavorView {
  return {
    id: fieldText(flavor.id, LIMITS.id),
    name: fieldText(flavor.name, LIMITS.name),
    vcpus: flavor.vcpus,
    ram: flavor.ram,
    disk: flavor.disk,
  };
}

export function toNetworkView(network: Network): NetworkView {
  return {
    id: fieldText(network.id, LIMITS.id),
    name: fieldText(network.name, LIMITS.name),
    status: fieldText(network.status, LIMITS.word),
    shared: network.shared,
    external: network.external,
  };
}

export function toServerView(server: Server): ServerView {
  const { flavor, image, fault } = server;
  return compact<ServerView>({
    id: server.id,
    name: fieldText(server.name, LIMITS.name),
    status: fieldText(server.status, LIMITS.word),
    taskState: server.taskState === null ? null : maybe(server.taskState, LIMITS.word),
    powerState: server.powerState,
    host: maybe(server.host, LIMITS.word),
    addresses: server.addresses.slice(0, LIMITS.addresses).map((a) =>
      compact({
        network: fieldText(a.network, LIMITS.name),
        addr: fieldText(a.addr, LIMITS.word),
        version: a.version,
        type: maybe(a.type, LIMITS.word),
        mac: maybe(a.mac, LIMITS.word),
      }),
    ),
    flavor: compact({
      id: maybe(flavor.id, LIMITS.id),
      name: maybe(flavor.name, LIMITS.name),
      vcpus: flavor.vcpus,
      ram: flavor.ram,
      disk: flavor.disk,
    }),
    image: compact({ id: maybe(image.id, LIMITS.id), name: maybe(image.name, LIMITS.name) }),
    created: maybe(server.created, LIMITS.word),
    updated: maybe(server.updated, LIMITS.word),
    fault: fault
      ? compact({ code: fault.code, message: clip(fault.message), details: fault.details === undefined ? undefined : clip(fault.details) })
      : undefined,
  });
}

/** Log lines as sent: text already bounded by the core splitter, cut again in case a caller did not use it. */
export function toLogLines(lines: readonly LogLine[]): LogLine[] {
  return lines.map((line) => compact({ stream: line.stream, text: clip(line.text, LIMITS.logText), time: maybe(line.time, LIMITS.word) }));
}

export function toContainerDetails(details: ContainerDetails): ContainerDetails {
  return compact({
    pid: details.pid,
    id: fieldText(details.id, LIMITS.id),
    name: fieldText(details.name, LIMITS.name),
    image: fieldText(details.image, LIMITS.name),
    state: fieldText(details.state, LIMITS.word),
    status: fieldText(details.status, LIMITS.word),
    command: fieldText(details.command, LIMITS.command),
    startedAt: maybe(details.startedAt, LIMITS.word),
    createdAt: maybe(details.createdAt, LIMITS.word),
    networkMode: maybe(details.networkMode, LIMITS.word),
    ipAddresses: details.ipAddresses.slice(0, LIMITS.addresses).map((a) => fieldText(a, LIMITS.word)),
  });
}

export function toInterfaces(list: readonly NetworkInterface[]): NetworkInterface[] {
  return list.slice(0, LIMITS.interfaces).map((i) =>
    compact({
      name: fieldText(i.name, LIMITS.word),
      state: fieldText(i.state, LIMITS.word),
      mtu: i.mtu,
      mac: maybe(i.mac, LIMITS.word),
      addresses: i.addresses.slice(0, LIMITS.addresses).map((a) => fieldText(a, LIMITS.word)),
    }),
  );
}

export function toProcessTable(table: ProcessTable): ProcessTable {
  return {
    titles: table.titles.slice(0, LIMITS.columns).map((t) => fieldText(t, LIMITS.word)),
    processes: table.processes
      .slice(0, LIMITS.processes)
      .map((row) => row.slice(0, LIMITS.columns).map((cell) => clip(cell, LIMITS.command))),
  };
}
