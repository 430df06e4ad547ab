// `devstack-contrail boot`: servers booted through Nova, each waited for until ACTIVE or ERROR, and where
// each went and why. With --place live-load each boot is pinned (Nova's `host`, compute API 2.74, admin)
// to the compute host core/load/placement.ts recommends from a fresh measurement of every host.
import {
  byHostName,
  hostPinningProblem,
  placeByLiveLoad,
  placementHosts,
  DEFAULT_BUSY_CPU_PERCENT,
  type HostHeadroom,
} from '../core/load/placement';
import type { OpenStackClient } from '../core/openstack/client';
import { OpenStackError } from '../core/openstack/errors';
import type { Flavor, HostReservation, Hypervisor, Server } from '../core/openstack/types';
import type { SshSession } from '../core/remote/sshSession';
import { UsageError, forEachArgument } from './args';
import { connectCloud } from './cloudConnect';
import { closeSessions, connectSshHosts, measureHosts, readSshMapping } from './hostMeasure';
import { TerminalLines, type Write } from './output';
import { defaultSshFlags, readSshFlag, type SshFlags } from './sshConnect';

const MAX_COUNT = 50;

interface BootArgs {
  cloud?: string;
  image?: string;
  flavor?: string;
  networks: string[];
  count: number;
  name: string;
  place: boolean;
  ssh: Map<string, string>;
  sshFlags: SshFlags;
  seconds: number;
  busyCpuPercent: number;
  timeoutSeconds: number;
  format: 'text' | 'json';
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag}: "${text}" is not a whole number from ${min} to ${max}`);
  return n;
}

function parseArgs(argv: readonly string[]): BootArgs {
  const args: BootArgs = {
    networks: [],
    count: 1,
    name: `boot-${Date.now().toString(36)}`,
    place: false,
    ssh: new Map(),
    sshFlags: defaultSshFlags(),
    seconds: 3,
    busyCpuPercent: DEFAULT_BUSY_CPU_PERCENT,
    timeoutSeconds: 300,
    format: 'text',
  };
  forEachArgument(argv, (flag, value, arg) => {
    if (flag === '--cloud') args.cloud = value();
    else if (flag === '--image') args.image = value();
    else if (flag === '--flavor') args.flavor = value();
    else if (flag === '--network') args.networks.push(value());
    else if (flag === '--name') args.name = value();
    else if (flag === '--count') args.count = wholeNumber(flag, value(), 1, MAX_COUNT);
    else if (flag === '--seconds') args.seconds = wholeNumber(flag, value(), 2, 60);
    else if (flag === '--busy-cpu-percent') args.busyCpuPercent = wholeNumber(flag, value(), 1, 100);
    else if (flag === '--timeout') args.timeoutSeconds = wholeNumber(flag, value(), 1, 3600);
    else if (flag === '--ssh') readSshMapping(value(), args.ssh);
    else if (flag === '--place') {
      const policy = value();
      if (policy !== 'live-load') throw new UsageError(`--place: "${policy}" is not a placement (the one there is: live-load)`);
      args.place = true;
    } else if (flag === '--format') {
      const format = value();
      if (format !== 'text' && format !== 'json') throw new UsageError(`--format: "${format}" is not text or json`);
      args.format = format;
    } else if (!readSshFlag(flag, value, args.sshFlags)) throw new UsageError(`unknown option ${arg}`);
  });
  const missing = [
    !args.cloud && '--cloud NAME',
    !args.image && '--image I',
    !args.flavor && '--flavor F',
    args.networks.length === 0 && '--network N',
  ].filter(Boolean);
  if (missing.length > 0) throw new UsageError(`name ${missing.join(', ')}`);
  if (args.name.trim() === '') throw new UsageError('--name: give the servers a name');
  if (args.place && args.ssh.size === 0)
    throw new UsageError('--place live-load measures each compute host: name them with --ssh HOST=user@address[:port]');
  if (!args.place && args.ssh.size > 0) throw new UsageError('--ssh is for --place live-load: without it Nova’s scheduler decides');
  return args;
}

/** One item by id, else by name (refused when the name is not unique); the error lists what there is. */
function pick<T extends { id: string; name: string }>(what: string, items: readonly T[], wanted: string): T {
  const byId = items.find((i) => i.id === wanted);
  if (byId) return byId;
  const named = items.filter((i) => i.name === wanted);
  if (named.length === 1 && named[0]) return named[0];
  if (named.length > 1)
    throw new UsageError(`${named.length} ${what}s are named "${wanted}": give the id (${named.map((i) => i.id).join(', ')})`);
  const known = items
    .slice(0, 20)
    .map((i) => i.name || i.id)
    .join(', ');
  throw new UsageError(`no ${what} "${wanted}" (there are: ${known || 'none'}${items.length > 20 ? ', …' : ''})`);
}

export interface BootOutcome {
  readonly name: string;
  readonly id: string;
  readonly status: string;
  /** where Nova put it (OS-EXT-SRV-ATTR:host, admin) */
  readonly host?: string;
  readonly placement: 'live-load' | 'scheduler';
  /** why that host */
  readonly reason: string;
  readonly fault?: string;
  /** each compute host's headroom when it was placed */
  readonly headroom?: readonly HostHeadroom[];
}

async function waitForBuild(client: OpenStackClient, id: string, timeoutSeconds: number): Promise<Server | undefined> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const server = await client.findServer(id);
    if (!server || server.status !== 'BUILD' || Date.now() > deadline) return server;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function outcomeOf(id: string, name: string, server: Server | undefined, placement: BootOutcome['placement'], reason: string): BootOutcome {
  if (!server) return { name, id, status: 'DELETED', placement, reason, fault: 'deleted while it was being built' };
  const fault = server.fault ? [server.fault.message, server.fault.hint].filter(Boolean).join(' — ') : undefined;
  return {
    name: server.name,
    id,
    status: server.status,
    host: server.host,
    placement,
    reason,
    ...(fault ? { fault } : server.status === 'BUILD' ? { fault: 'still building when the wait ended (--timeout)' } : {}),
  };
}

interface Resolved {
  readonly imageId: string;
  readonly flavor: Flavor;
  readonly networkIds: string[];
}

async function resolveChoices(client: OpenStackClient, args: BootArgs): Promise<Resolved> {
  const [images, flavors, networks] = await Promise.all([client.listImages(), client.listFlavors(), client.listNetworks()]);
  return {
    imageId: pick('image', images, args.image ?? '').id,
    flavor: pick('flavor', flavors, args.flavor ?? ''),
    networkIds: args.networks.map((n) => pick('network', networks, n).id),
  };
}

/** What placing needs from Nova (the hypervisors: admin) and the microversion, or a message that says what to do. */
async function placeableHosts(client: OpenStackClient): Promise<Hypervisor[]> {
  let hypervisors: Hypervisor[] | undefined;
  try {
    hypervisors = await client.listHypervisors();
  } catch (error) {
    if (!(error instanceof OpenStackError && error.status === 403)) throw error;
  }
  const problem = hostPinningProblem(client.computeMicroversion, hypervisors !== undefined);
  if (problem) throw new Error(`cannot place by live load on cloud "${client.cloud.name}": ${problem}; boot without --place`);
  return (hypervisors ?? []).sort((a, b) => byHostName(a.hostname, b.hostname));
}

async function reservationsOf(client: OpenStackClient): Promise<HostReservation[] | undefined> {
  return client.listHostReservations().catch(() => undefined);
}

interface PlaceContext {
  readonly client: OpenStackClient;
  readonly args: BootArgs;
  readonly choices: Resolved;
  readonly hypervisors: readonly Hypervisor[];
  readonly sessions: ReadonlyMap<string, SshSession>;
  readonly lines: TerminalLines;
}

/** One boot on the host live load recommends now, or (as text) why it was not booted: no host fits. */
async function bootPlaced(context: PlaceContext, name: string): Promise<BootOutcome | string> {
  const { client, args, choices, hypervisors, sessions, lines } = context;
  lines.err(`measuring ${[...sessions.keys()].join(', ')} for ${args.seconds} s…`);
  const [measured, reservations] = await Promise.all([measureHosts(sessions, args.seconds), reservationsOf(client)]);
  const hosts = placementHosts(hypervisors, reservations, (host) => {
    const live = measured.get(host);
    if (live === undefined) return { problem: `not measured: name it with --ssh ${host}=user@address` };
    return typeof live === 'string' ? { problem: live } : { load: live };
  });
  const advice = placeByLiveLoad(hosts, choices.flavor, { busyCpuPercent: args.busyCpuPercent });
  if (!advice.recommended) return `${name}: not booted: ${advice.reason}`;
  lines.err(`${name}: on ${advice.recommended}: ${advice.reason}`);
  const [created] = await client.createServers({ ...bootRequest(choices, name, 1), host: advice.recommended });
  if (!created) throw new Error(`Nova accepted ${name} but named no server`);
  const server = await waitForBuild(client, created.id, args.timeoutSeconds);
  return { ...outcomeOf(created.id, name, server, 'live-load', advice.reason), headroom: advice.hosts };
}

const bootRequest = (choices: Resolved, name: string, count: number) => ({
  name,
  imageId: choices.imageId,
  flavorId: choices.flavor.id,
  networkIds: choices.networkIds,
  count,
});

async function bootAllPlaced(
  client: OpenStackClient,
  args: BootArgs,
  hypervisors: readonly Hypervisor[],
  choices: Resolved,
  lines: TerminalLines,
): Promise<(BootOutcome | string)[]> {
  const unknown = [...args.ssh.keys()].filter((host) => !hypervisors.some((h) => h.hostname === host));
  if (unknown.length > 0)
    throw new UsageError(
      `--ssh ${unknown.join(', ')}: Nova has no such compute host (it has: ${hypervisors.map((h) => h.hostname).join(', ') || 'none'})`,
    );
  const sessions = await connectSshHosts(args.ssh, args.sshFlags);
  const outcomes: (BootOutcome | string)[] = [];
  try {
    const context = { client, args, choices, hypervisors, sessions, lines };
    for (let i = 1; i <= args.count; i++) {
      // measured again for each: the boot before is running by now, and counts
      const outcome = await bootPlaced(context, args.count > 1 ? `${args.name}-${i}` : args.name);
      outcomes.push(outcome);
      if (typeof outcome === 'string') break;
    }
  } finally {
    closeSessions(sessions);
  }
  return outcomes;
}

async function bootByScheduler(client: OpenStackClient, args: BootArgs, choices: Resolved): Promise<BootOutcome[]> {
  const created = await client.createServers(bootRequest(choices, args.name, args.count));
  return Promise.all(
    created.map(async ({ id }, index) => {
      const server = await waitForBuild(client, id, args.timeoutSeconds);
      const name = args.count > 1 ? `${args.name}-${index + 1}` : args.name;
      return outcomeOf(id, name, server, 'scheduler', 'Nova’s scheduler chose it (no --place)');
    }),
  ).then((outcomes) => outcomes.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true })));
}

export function bootReportText(outcomes: readonly (BootOutcome | string)[]): string {
  return outcomes
    .map((o) => {
      if (typeof o === 'string') return o;
      const where = o.host ? `on ${o.host}` : 'on no host';
      return `${o.name}  ${o.status}  ${where}  ${o.id}\n  why: ${o.placement === 'live-load' ? `live load: ${o.reason}` : o.reason}${o.fault ? `\n  fault: ${o.fault}` : ''}`;
    })
    .join('\n');
}

export async function runBoot(argv: readonly string[], out: Write, err: Write): Promise<number> {
  const args = parseArgs(argv);
  const lines = new TerminalLines(out, err);
  const client = await connectCloud(args.cloud ?? '');
  // what placing needs is checked first: a user who may not place learns it before anything else
  const hypervisors = args.place ? await placeableHosts(client) : undefined;
  const choices = await resolveChoices(client, args);
  const outcomes = hypervisors
    ? await bootAllPlaced(client, args, hypervisors, choices, lines)
    : await bootByScheduler(client, args, choices);
  const booted = outcomes.filter((o): o is BootOutcome => typeof o !== 'string');
  const unplaced = outcomes.filter((o): o is string => typeof o === 'string');
  if (args.format === 'json') lines.out(JSON.stringify({ boots: booted, notBooted: unplaced }, null, 1));
  else lines.out(bootReportText(outcomes));
  return unplaced.length === 0 && booted.length === args.count && booted.every((o) => o.status === 'ACTIVE') ? 0 : 1;
}
