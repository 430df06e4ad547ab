// Heat at scale on the test cloud (test/env/up.sh must be up), issue #15 §4: a stack of 100 servers (an
// OS::Heat::ResourceGroup of busybox containers, m1.nano, on the private network) created through this
// project's HeatClient, from the create request to CREATE_COMPLETE and to 100 containers running (each
// nova-<uuid> running on the compute host Nova chose), against (a) the same 100 servers booted by this
// project's OpenStackClient one request at a time and (b) `openstack stack create --wait` (Debian's
// python3-heatclient) on the same template, as the reference client. One after the other (2 cores), each
// deleted and checked gone (no server, no container) before the next; what an interrupted earlier run
// left (stacks and servers named bench-heat-…) is deleted first. Per run, the Nova/Docker timeline and the
// CPU of the processes that did the work say where the time goes.
// Targets: 100 containers running ≤ 300 s from the create; ours ≤ 1.1× the reference's time.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, clearTimeout, setInterval } from 'node:timers';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const STATE = process.env.DEVSTACK_CONTRAIL_TEST_STATE ?? '/var/tmp/devstack-contrail-test';
const PREFIX = 'bench-heat-';
const STACK_SERVERS = `${PREFIX}vm-`; // the template's servers (ours and the reference's)
const SEQ_SERVERS = `${PREFIX}seq-`; // (a)'s
const COUNT = Number(process.env.BENCH_HEAT_COUNT) || 100; // (fewer only to try the bench out)
const TARGET_S = 300;
const POLL_MS = 500;
const CONTAINER_POLL_MS = 1000;
// a create not done by then fails the run (the reference took 7 min 41 s here before), a delete likewise
const CREATE_LIMIT_MS = 10 * 60_000;
const DELETE_LIMIT_MS = 6 * 60_000;
const CLOCK_TICKS = 100; // USER_HZ of /proc/<pid>/stat
// whose reaped children count as theirs: the compute driver's docker and ip commands run as nova-compute's
// children; anything else (a shell reaping a test run that ended) would swamp the figures
const CHILD_TIME = new Set(['nova-compute']);
const OPENSTACK = existsSync('/usr/bin/openstack') ? '/usr/bin/openstack' : 'openstack';

const TEMPLATE = `heat_template_version: 2021-04-16
description: scripts/bench-heat.mjs - ${COUNT} busybox containers on the private network
resources:
  group:
    type: OS::Heat::ResourceGroup
    properties:
      count: ${COUNT}
      resource_def:
        type: OS::Nova::Server
        properties:
          name: ${STACK_SERVERS}%index%
          image: busybox
          flavor: m1.nano
          networks:
            - network: private
`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const since = (t0) => performance.now() - t0;
const sec = (ms) => (ms === undefined || Number.isNaN(ms) ? '—' : `${(ms / 1000).toFixed(1)} s`);
const ratio = (a, b) => (a !== undefined && b !== undefined ? `${(a / b).toFixed(2)}×` : '—');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** a stack of this bench Heat still has (one DELETE_COMPLETE is listed a moment before it goes) */
const benchStack = (s) => s.name.startsWith(PREFIX) && s.status !== 'DELETE_COMPLETE';
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function connect() {
  const env = JSON.parse(readFileSync(join(STATE, 'env.json'), 'utf8'));
  const os = JSON.parse(readFileSync(join(STATE, 'openstack.json'), 'utf8'));
  const { OpenStackClient } = require(join(root, 'out/src/core/openstack/client.js'));
  const { loadCloudsYaml } = require(join(root, 'out/src/core/openstack/cloudsYaml.js'));
  const { HeatClient } = require(join(root, 'out/src/core/heat/heatClient.js'));
  const Docker = require('dockerode');
  // the demo project, from clouds.yaml as a user (and the reference, with --os-cloud) finds it
  const loaded = await loadCloudsYaml({ env: { OS_CLIENT_CONFIG_FILE: os.cloudsYaml } });
  const cloud = loaded.clouds.find((c) => c.name === 'devstack-demo');
  if (!cloud) throw new Error(`no cloud devstack-demo in ${os.cloudsYaml}`);
  const demo = await OpenStackClient.connect(cloud);
  // admin: sees which compute host Nova chose for each server (OS-EXT-SRV-ATTR:host)
  const admin = await OpenStackClient.connect({
    name: 'bench-admin',
    source: 'typed',
    regionName: os.regionName,
    auth: { authUrl: os.authUrl, ...os.admin },
  });
  const dockers = Object.fromEntries(
    os.computeHosts.map((h) => [h, new Docker({ socketPath: env.hosts[h].dockerHost.replace(/^unix:\/\//, '') })]),
  );
  return { os, demo, admin, heat: new HeatClient(demo.session), dockers };
}

// --- what runs where -------------------------------------------------------------------------------

/** the containers nova-compute made for servers named `prefix…`, on every compute host: server id → where and how */
async function benchContainers(ctx, prefix, all = false) {
  const found = new Map();
  await Promise.all(
    Object.entries(ctx.dockers).map(async ([host, docker]) => {
      for (const c of await docker.listContainers({ all, filters: { label: ['devstack-contrail-test=nova'] } })) {
        const name = c.Labels['org.openstack.nova.name'] ?? '';
        if (name.startsWith(prefix)) found.set(c.Labels['org.openstack.nova.instance'], { host, name, state: c.State, containerId: c.Id });
      }
    }),
  );
  return found;
}

async function benchServers(ctx, prefix) {
  return (await ctx.demo.listServers({ name: `^${prefix}` })).filter((s) => s.name.startsWith(prefix));
}

/** polls the compute hosts' Docker Engines until COUNT containers of `prefix` run: when that was first seen */
function watchContainers(ctx, prefix, t0) {
  const w = { running: 0, allAt: undefined, stopped: false, error: undefined };
  w.done = (async () => {
    while (!w.stopped && w.allAt === undefined) {
      try {
        w.running = [...(await benchContainers(ctx, prefix)).values()].filter((c) => c.state === 'running').length;
        if (w.running >= COUNT) w.allAt = since(t0);
      } catch (error) {
        w.error = error;
      }
      if (w.allAt === undefined) await sleep(CONTAINER_POLL_MS);
    }
  })();
  w.stop = async () => {
    w.stopped = true;
    await w.done;
  };
  return w;
}

async function waitFor(what, limitMs, check, t0 = performance.now()) {
  for (;;) {
    if (await check()) return since(t0);
    if (since(t0) > limitMs) throw new Error(`${what}: not after ${sec(limitMs)}`);
    await sleep(POLL_MS);
  }
}

/** a line every 20 s while a phase runs, so that a long run shows it is alive */
function ticker(label, t0, line) {
  const timer = setInterval(() => console.log(`      … ${label} ${sec(since(t0))}: ${line()}`), 20_000);
  return () => clearInterval(timer);
}

/** after a delete was sent (at t0): when Nova lists none of the servers, and when no container of them is left */
async function waitGone(ctx, prefix, t0) {
  const serversGone = await waitFor(
    `servers ${prefix}… gone`,
    DELETE_LIMIT_MS,
    async () => (await benchServers(ctx, prefix)).length === 0,
    t0,
  );
  const containersGone = await waitFor(
    `containers of ${prefix}… gone`,
    DELETE_LIMIT_MS,
    async () => (await benchContainers(ctx, prefix, true)).size === 0,
    t0,
  );
  return { serversGone, containersGone };
}

// --- where the time goes ---------------------------------------------------------------------------

function processName(pid) {
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  if (argv.length === 0) return '[kernel]';
  const prog = basename(argv[0].split(' ')[0]).replace(/:$/, '');
  if (/^python/.test(prog)) return basename(argv.slice(1).find((a) => !a.startsWith('-')) ?? prog);
  if (prog === 'uwsgi') return `uwsgi ${basename(argv.find((a) => a.endsWith('.ini')) ?? '', '.ini').replace(/-uwsgi$/, '')}`;
  return prog;
}

/** every process's CPU (its own and its reaped children's, in clock ticks) and the machine's busy ticks */
function cpuSnapshot() {
  const procs = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = processName(pid);
      // a process's own time; nova-compute's with that of what it ran and waited for (docker, sudo ip …)
      const children = CHILD_TIME.has(name) || pid === String(process.pid) ? +f[13] + +f[14] : 0;
      procs.set(pid, { name, ticks: +f[11] + +f[12] + children, start: f[19] });
    } catch {
      // gone meanwhile
    }
  }
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  return {
    at: performance.now(),
    procs,
    self: process.cpuUsage(),
    busy: cpu.reduce((a, b) => a + b, 0) - cpu[3] - cpu[4],
    cores: readFileSync('/proc/stat', 'utf8').match(/^cpu\d+ /gm).length,
  };
}

/** since `before`: the machine's busy share and the processes that used the most, as % of one core */
function cpuUsed(before) {
  const after = cpuSnapshot();
  const seconds = (after.at - before.at) / 1000;
  const byName = new Map();
  for (const [pid, p] of after.procs) {
    const was = before.procs.get(pid);
    const used = was && was.start === p.start ? p.ticks - was.ticks : p.ticks;
    if (pid !== String(process.pid)) byName.set(p.name, (byName.get(p.name) ?? 0) + used);
    else {
      // this process apart from what it waited for (the openstack CLI of (b))
      const self = process.cpuUsage(before.self);
      const selfTicks = ((self.user + self.system) / 1e6) * CLOCK_TICKS;
      byName.set('this bench', selfTicks);
      if (used - selfTicks > 1) byName.set('its child processes (openstack CLI)', used - selfTicks);
    }
  }
  const pct = (ticks) => (ticks / CLOCK_TICKS / seconds) * 100;
  const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 9);
  return {
    machine: pct(after.busy - before.busy) / after.cores,
    cores: after.cores,
    top: top.map(([name, ticks]) => `${name} ${pct(ticks).toFixed(0)} %`).join(', '),
  };
}

/** where the services' logs end now (neutron-server's, each compute host's nova-compute's), to read what a run adds */
function logMark(ctx) {
  const files = {
    neutron: join(STATE, 'openstack/log/neutron-server.log'),
    ...Object.fromEntries(Object.keys(ctx.dockers).map((h) => [h, join(STATE, `hosts/${h}/root/opt-stack/logs/nova-compute.log`)])),
  };
  return Object.fromEntries(Object.entries(files).map(([k, f]) => [k, { file: f, offset: existsSync(f) ? statSync(f).size : 0 }]));
}

function logSince(mark) {
  try {
    return readFileSync(mark.file).subarray(mark.offset).toString('utf8');
  } catch {
    return '';
  }
}

/**
 * What the logs say of a run since `mark`: Neutron's API requests (how many, how long the port writes
 * took, errors, its database pool running out) and Nova's spawn times (FakeDriver's spawn waits for the
 * instance's network allocation, that is for Neutron, before the container is started).
 */
function logSummary(mark) {
  const reads = [];
  const writes = [];
  let failed = 0;
  const neutron = logSince(mark.neutron);
  for (const m of neutron.matchAll(/"(GET|POST|PUT|DELETE) \/v2\.0\/([a-z_-]+)[^"]*" status: (\d+)\s+len: \d+ time: ([\d.]+)/g)) {
    (m[1] !== 'GET' && m[2] === 'ports' ? writes : reads).push(Number(m[4]) * 1000);
    if (m[3].startsWith('5')) failed++;
  }
  const pool = (neutron.match(/QueuePool limit/g) ?? []).length;
  const spawns = Object.keys(mark)
    .filter((k) => k !== 'neutron')
    .flatMap((h) => [...logSince(mark[h]).matchAll(/Took ([\d.]+) seconds to spawn the instance/g)].map((m) => Number(m[1]) * 1000));
  const stats = (xs) => (xs.length ? `median ${sec(median(xs))}, max ${sec(Math.max(...xs))}` : '—');
  return (
    `Neutron: ${reads.length + writes.length} API requests, ${failed} answered 5xx, ${pool} × its DB pool exhausted; ` +
    `port writes (POST/PUT/DELETE, ${writes.length}) ${stats(writes)}, the rest ${stats(reads)}; ` +
    `nova-compute spawns (${spawns.length}, network allocation included) ${stats(spawns)}`
  );
}

/**
 * For the COUNT servers of `prefix`, after their create: each one's compute host by Nova and where its
 * container runs (they must be the same), and on the run's clock (wall0: when the create was sent) when
 * Nova accepted it (created), when its container started and when Nova marked it ACTIVE (launched_at).
 */
async function timelineOf(ctx, prefix, wall0) {
  const rows = [];
  for (const [id, c] of await benchContainers(ctx, prefix)) {
    const server = await ctx.admin.getServer(id);
    const info = await ctx.dockers[c.host].getContainer(c.containerId).inspect();
    rows.push({
      host: server.host,
      containerHost: c.host,
      running: info.State.Running === true,
      created: Date.parse(server.created) - wall0,
      started: Date.parse(info.State.StartedAt) - wall0,
      active: Date.parse(server.launchedAt) - wall0,
    });
  }
  const span = (key) => `${sec(Math.min(...rows.map((r) => r[key])))} … ${sec(Math.max(...rows.map((r) => r[key])))}`;
  const hosts = {};
  for (const r of rows) hosts[r.host] = (hosts[r.host] ?? 0) + 1;
  // how many servers were between Nova's accepting them and their container running, at most
  const edges = rows.flatMap((r) => [
    [r.created, 1],
    [r.started, -1],
  ]);
  let inFlight = 0;
  let maxInFlight = 0;
  for (const [, d] of edges.sort((a, b) => a[0] - b[0] || a[1] - b[1])) maxInFlight = Math.max(maxInFlight, (inFlight += d));
  const spawn = rows.map((r) => r.started - r.created);
  return {
    servers: rows.length,
    misplaced: rows.filter((r) => r.host !== r.containerHost || !r.running).length,
    lastActive: Math.max(...rows.map((r) => r.active)),
    text:
      `Nova accepted the creates ${span('created')}; containers started ${span('started')}; ACTIVE ${span('active')}; ` +
      `accepted → container started: median ${sec(median(spawn))}, p90 ${sec(percentile(spawn, 90))}, max ${sec(Math.max(...spawn))}; ` +
      `at most ${maxInFlight} spawning at once; per host ${JSON.stringify(hosts)} (Nova's times in whole seconds)`,
  };
}

/** after a create phase: its CPU, the timeline, each server on the host Nova chose */
async function evidence(ctx, prefix, cpu, wall0, run) {
  run.cpu = cpuUsed(cpu);
  run.logs = logSummary(ctx.mark);
  run.timeline = await timelineOf(ctx, prefix, wall0);
  if (run.timeline.servers !== COUNT || run.timeline.misplaced > 0)
    throw new Error(`${run.timeline.servers} containers found, ${run.timeline.misplaced} not running on the host Nova chose`);
}

// --- the runs --------------------------------------------------------------------------------------

/** ours: HeatClient.createStack, findStack every 500 ms until CREATE_COMPLETE; then deleteStack until gone */
async function runOurs(ctx) {
  const name = `${PREFIX}ours`;
  const run = { name: 'ours (HeatClient)' };
  const cpu = cpuSnapshot();
  ctx.mark = logMark(ctx);
  const wall0 = Date.now();
  const t0 = performance.now();
  const watcher = watchContainers(ctx, STACK_SERVERS, t0);
  let status = 'not sent';
  const stop = ticker(name, t0, () => `${status}, ${watcher.running}/${COUNT} containers running`);
  try {
    const stack = await ctx.heat.createStack({ name, template: TEMPLATE });
    run.accepted = since(t0);
    for (;;) {
      const found = await ctx.heat.findStack(name);
      status = found?.status ?? 'not found';
      if (status === 'CREATE_COMPLETE') break;
      if (status !== 'CREATE_IN_PROGRESS')
        throw new Error(
          `${name} ${status} after ${sec(since(t0))}, ${watcher.running}/${COUNT} containers running: ${found?.statusReason}`,
        );
      if (since(t0) > CREATE_LIMIT_MS)
        throw new Error(`${name} still ${status} at the limit, ${sec(CREATE_LIMIT_MS)}, ${watcher.running}/${COUNT} containers running`);
      await sleep(POLL_MS);
    }
    run.complete = since(t0);
    run.completeWall = Date.now() - wall0;
    await waitFor(`${COUNT} containers running`, CREATE_LIMIT_MS, () => watcher.allAt !== undefined, t0);
    run.containers = watcher.allAt;
    stop();
    await evidence(ctx, STACK_SERVERS, cpu, wall0, run);
    const d0 = performance.now();
    await ctx.heat.deleteStack(stack);
    run.deleteStack = await waitFor(
      `${name} deleted`,
      DELETE_LIMIT_MS,
      async () => {
        const s = await ctx.heat.findStack(name);
        if (s?.status === 'DELETE_FAILED') throw new Error(`${name} DELETE_FAILED: ${s.statusReason}`);
        return s === undefined || s.status === 'DELETE_COMPLETE';
      },
      d0,
    );
    Object.assign(run, await waitGone(ctx, STACK_SERVERS, d0));
    return run;
  } finally {
    stop();
    await watcher.stop();
  }
}

/** (a) this project's client: 100 boots of count 1, each sent once Nova accepted the one before */
async function runOneByOne(ctx) {
  const run = { name: '(a) one request at a time' };
  const cpu = cpuSnapshot();
  ctx.mark = logMark(ctx);
  const wall0 = Date.now();
  const t0 = performance.now();
  const watcher = watchContainers(ctx, SEQ_SERVERS, t0);
  const ids = [];
  let active = '—';
  const stop = ticker('(a)', t0, () => `${ids.length} sent, ${active} ACTIVE, ${watcher.running}/${COUNT} containers running`);
  try {
    for (let i = 0; i < COUNT; i++) {
      const [made] = await ctx.demo.createServers({
        name: `${SEQ_SERVERS}${i}`,
        imageId: ctx.os.images.docker,
        flavorId: ctx.os.flavors['m1.nano'],
        networkIds: [ctx.os.network],
        count: 1,
      });
      ids.push(made.id);
    }
    run.accepted = since(t0);
    run.complete = await waitFor(
      `${COUNT} servers ACTIVE`,
      CREATE_LIMIT_MS,
      async () => {
        const servers = (await benchServers(ctx, SEQ_SERVERS)).filter((s) => ids.includes(s.id));
        const failed = servers.find((s) => s.status === 'ERROR');
        if (failed) throw new Error(`${failed.name} is ERROR: ${JSON.stringify(failed.fault)}`);
        active = servers.filter((s) => s.status === 'ACTIVE' && !s.taskState).length;
        return active === COUNT;
      },
      t0,
    );
    run.completeWall = Date.now() - wall0;
    await waitFor(`${COUNT} containers running`, CREATE_LIMIT_MS, () => watcher.allAt !== undefined, t0);
    run.containers = watcher.allAt;
    stop();
    await evidence(ctx, SEQ_SERVERS, cpu, wall0, run);
    const d0 = performance.now();
    for (const id of ids) await ctx.demo.deleteServer(id);
    run.deleteSent = since(d0);
    Object.assign(run, await waitGone(ctx, SEQ_SERVERS, d0));
    return run;
  } finally {
    stop();
    await watcher.stop();
  }
}

function openstackCli(args, cloudsYaml) {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(OPENSTACK, ['--os-cloud', 'devstack-demo', ...args], {
      env: { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsYaml },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), CREATE_LIMIT_MS);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, out, ms: since(t0) });
    });
  });
}

/** (b) the reference: `openstack stack create --wait`, the whole process timed; `openstack stack delete --wait -y` */
async function runReference(ctx, templateFile) {
  const name = `${PREFIX}ref`;
  const run = { name: '(b) openstack stack create --wait' };
  const cpu = cpuSnapshot();
  ctx.mark = logMark(ctx);
  const wall0 = Date.now();
  const t0 = performance.now();
  const watcher = watchContainers(ctx, STACK_SERVERS, t0);
  const stop = ticker(name, t0, () => `${watcher.running}/${COUNT} containers running`);
  try {
    const created = await openstackCli(['stack', 'create', '--wait', '-t', templateFile, name], ctx.os.cloudsYaml);
    if (created.status !== 0) {
      const reason = created.out.split('\n').find((l) => / \[[^\]]+\]: CREATE_FAILED /.test(l)) ?? created.out.trim().slice(-200);
      const how =
        created.status === null ? `was stopped at the limit, ${sec(created.ms)}` : `exited ${created.status} after ${sec(created.ms)}`;
      throw new Error(`openstack stack create ${how}, ${watcher.running}/${COUNT} containers running: ${reason}`);
    }
    run.complete = created.ms;
    run.completeWall = Date.now() - wall0;
    const stack = await ctx.heat.findStack(name);
    if (stack?.status !== 'CREATE_COMPLETE') throw new Error(`${name} is ${stack?.status} after openstack stack create --wait`);
    await waitFor(`${COUNT} containers running`, CREATE_LIMIT_MS, () => watcher.allAt !== undefined, t0);
    run.containers = watcher.allAt;
    stop();
    await evidence(ctx, STACK_SERVERS, cpu, wall0, run);
    const d0 = performance.now();
    const deleted = await openstackCli(['stack', 'delete', '--wait', '-y', name], ctx.os.cloudsYaml);
    if (deleted.status !== 0) throw new Error(`openstack stack delete exited ${deleted.status}: ${deleted.out.trim().slice(-800)}`);
    run.deleteStack = deleted.ms;
    Object.assign(run, await waitGone(ctx, STACK_SERVERS, d0));
    return run;
  } finally {
    stop();
    await watcher.stop();
  }
}

/**
 * Deletes every stack and server named bench-heat-… (what an interrupted run, or a failed one, left) and
 * waits until they are gone; a container of a server Nova no longer has is removed. Returns what was left.
 */
async function sweep(ctx, why) {
  const stacks = (await ctx.heat.listStacks()).filter(benchStack);
  const servers = await benchServers(ctx, PREFIX);
  const containers = await benchContainers(ctx, PREFIX, true);
  const left = { stacks: stacks.length, servers: servers.length, containers: containers.size };
  if (stacks.length + servers.length + containers.size === 0) return left;
  console.log(
    `      ${why}: ${stacks.length} stack(s), ${servers.length} server(s), ${containers.size} container(s) named ${PREFIX}…: deleting`,
  );
  const t0 = performance.now();
  for (let attempt = 0; attempt < 3; attempt++) {
    const now = (await ctx.heat.listStacks()).filter(benchStack);
    if (now.length === 0) break;
    for (const s of now)
      if (s.status !== 'DELETE_IN_PROGRESS') await ctx.heat.deleteStack(s).catch((e) => console.log(`      ${s.name}: ${e.message}`));
    await waitFor(
      'stacks deleted',
      DELETE_LIMIT_MS,
      async () => (await ctx.heat.listStacks()).filter((s) => benchStack(s) && s.status !== 'DELETE_FAILED').length === 0,
    ).catch((e) => console.log(`      ${e.message}`));
  }
  for (const s of await benchServers(ctx, PREFIX)) await ctx.demo.deleteServer(s.id).catch(() => undefined);
  await waitFor('servers deleted', DELETE_LIMIT_MS, async () => (await benchServers(ctx, PREFIX)).length === 0);
  await sleep(5000); // nova-compute removes a container once Nova has the server gone: give it a moment
  for (const [id, c] of await benchContainers(ctx, PREFIX, true)) {
    console.log(`      container nova-${id} (${c.name}) on ${c.host} outlived its server: removing it`);
    await ctx.dockers[c.host]
      .getContainer(c.containerId)
      .remove({ force: true })
      .catch(() => undefined);
  }
  left.ms = since(t0);
  console.log(`      ${why}: deleted in ${sec(left.ms)}`);
  return left;
}

const short = (message) => message.replace(/\s+/g, ' ').slice(0, 400);
const anyLeft = (l) => l.error || l.stacks + l.servers + l.containers > 0;

/** a run; whatever it leaves (all of it when it failed half-way) deleted after it */
async function attempt(ctx, label, fn) {
  console.log(`      ${label}…`);
  let run;
  try {
    run = await fn();
  } catch (error) {
    run = { name: label, failed: short(error.message) };
    console.log(`      ${label} failed: ${run.failed}`);
    if (ctx.mark) console.log(`        until then: ${(run.logs = logSummary(ctx.mark))}`);
  }
  run.left = await sweep(ctx, `after ${label}`).catch((e) => ({ error: e.message }));
  return run;
}

function describe(run) {
  if (!run) return 'not run';
  if (run.failed)
    return (
      `${run.name}: failed: ${run.failed}\n` +
      `        its leftovers (${JSON.stringify({ stacks: run.left?.stacks, servers: run.left?.servers, containers: run.left?.containers })}) deleted in ${sec(run.left?.ms)}` +
      (run.logs ? `\n        ${run.logs}` : '')
    );
  const accepted = run.accepted !== undefined ? `requests accepted by ${sec(run.accepted)}; ` : '';
  const deletion =
    run.deleteStack !== undefined ? `stack deleted ${sec(run.deleteStack)}` : `${COUNT} deletes sent in ${sec(run.deleteSent)}`;
  return (
    `${run.name}: ${accepted}complete ${sec(run.complete)}; ${COUNT} containers running ${sec(run.containers)}; ` +
    `delete: ${deletion}, servers gone ${sec(run.serversGone)}, containers gone ${sec(run.containersGone)}\n` +
    `        on the wall clock: ${run.timeline.text}; complete seen ${sec(run.completeWall - run.timeline.lastActive)} after Nova's last ACTIVE` +
    // Nova's times are the wall clock's, the figures the monotonic one's: they part when the VM is paused
    (Math.abs(run.completeWall - run.complete) > 2000
      ? ` (the wall clock moved ${sec(run.completeWall - run.complete)} more than the monotonic one meanwhile)`
      : '') +
    '\n' +
    `        CPU over the create: machine ${run.cpu.machine.toFixed(0)} % of ${run.cpu.cores} cores; ${run.cpu.top} (% of one core)\n` +
    `        ${run.logs}`
  );
}

export async function benchHeat(report) {
  const name = `Heat: a ${COUNT}-server ResourceGroup (busybox, m1.nano, private) with HeatClient, create → ${COUNT} containers running`;
  let ctx;
  try {
    ctx = await connect();
  } catch (error) {
    report(name, `could not reach the test cloud: ${error.message}`, `≤ ${TARGET_S} s`, false);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-heat-'));
  const templateFile = join(dir, 'group.yaml');
  writeFileSync(templateFile, TEMPLATE);
  let ours;
  let oneByOne;
  let reference;
  try {
    const left = await sweep(ctx, 'left over from an earlier run');
    if (left.stacks + left.servers + left.containers > 0) console.log(`      (an earlier run had left ${JSON.stringify(left)})`);
    const idle = cpuSnapshot();
    await sleep(10_000);
    const baseline = cpuUsed(idle);
    console.log(
      `      CPU before the runs, 10 s idle: machine ${baseline.machine.toFixed(0)} % of ${baseline.cores} cores; ${baseline.top}`,
    );
    ours = await attempt(ctx, 'ours: HeatClient.createStack', () => runOurs(ctx));
    oneByOne = await attempt(ctx, `(a): ${COUNT} boots one request at a time`, () => runOneByOne(ctx));
    reference = await attempt(ctx, '(b): openstack stack create --wait', () => runReference(ctx, templateFile));
  } finally {
    await sweep(ctx, 'at the end').catch((e) => console.log(`      clean-up at the end failed: ${e.message}`));
    rmSync(dir, { recursive: true, force: true });
  }
  const finalLeft = await sweep(ctx, 'still there').catch(() => undefined);
  for (const run of [ours, oneByOne, reference]) console.log(`      ${describe(run)}`);
  const ok = (run) => run && !run.failed;
  const figures = (run, what) => (ok(run) ? what(run) : run ? `failed (${run.failed.slice(0, 160)}…)` : 'not run');
  report(
    name,
    figures(ours, (r) => `${sec(r.containers)} (CREATE_COMPLETE seen at ${sec(r.complete)})`),
    `≤ ${TARGET_S} s`,
    ok(ours) && ours.containers <= TARGET_S * 1000,
  );
  report(
    `Heat: the same stack, ours vs \`openstack stack create --wait\` (python3-heatclient, whole process), create → CREATE_COMPLETE`,
    ok(ours) && ok(reference)
      ? `${sec(ours.complete)} vs ${sec(reference.complete)} = ${ratio(ours.complete, reference.complete)} the reference's time ` +
          `(${COUNT} containers running: ${sec(ours.containers)} vs ${sec(reference.containers)} = ${ratio(ours.containers, reference.containers)})`
      : `ours: ${figures(ours, (r) => sec(r.complete))}; reference: ${figures(reference, (r) => sec(r.complete))}`,
    '≤ 1.1×',
    ok(ours) && ok(reference) && ours.complete <= 1.1 * reference.complete,
  );
  report(
    `Heat: ours vs (a) the same ${COUNT} servers booted by this project's client one request at a time`,
    ok(ours) && ok(oneByOne)
      ? `complete ${sec(ours.complete)} vs ${sec(oneByOne.complete)} = ${ratio(ours.complete, oneByOne.complete)}; ` +
          `${COUNT} containers running ${sec(ours.containers)} vs ${sec(oneByOne.containers)} = ${ratio(ours.containers, oneByOne.containers)}`
      : `ours: ${figures(ours, (r) => sec(r.containers))}; (a): ${figures(oneByOne, (r) => `all ACTIVE ${sec(r.complete)}, ${COUNT} containers running ${sec(r.containers)}`)}`,
    'report',
    ok(ours) && ok(oneByOne),
  );
  // a run that completed must have deleted all it made itself; at the end nothing of the bench is left
  const dirty = [ours, oneByOne, reference].filter((r) => ok(r) && anyLeft(r.left)).map((r) => `${r.name} left ${JSON.stringify(r.left)}`);
  if (finalLeft === undefined || anyLeft(finalLeft)) dirty.push(`at the end: ${JSON.stringify(finalLeft ?? 'not checked')}`);
  report(
    'Heat bench: each completed run’s delete left no stack, server or container; none named bench-heat-… at the end',
    dirty.length ? dirty.join('; ') : 'none left',
    '0',
    dirty.length === 0,
  );
}
