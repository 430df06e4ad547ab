// Cost of watching live load, on this (the extension's) side: CPU of this process while LoadMonitor
// watches real sshd hosts on loopback (test/env/up.sh must be up), against the reference in the same
// run: one Docker API stats stream per container over the same SSH connections (what a per-container
// view such as `docker stats` or the Inspect panel does). Target: under 2 % of one core per host.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const SECONDS = 20;
const CONTAINERS = 8;

/** this process's CPU over `seconds` of wall time, as % of one core */
async function cpuOver(seconds) {
  const before = process.cpuUsage();
  const started = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const used = process.cpuUsage(before);
  const wallUs = Number(process.hrtime.bigint() - started) / 1000;
  return ((used.user + used.system) / wallUs) * 100;
}

export async function benchLoad(report) {
  const { SshSession } = require(join(root, 'out/src/core/remote/sshSession.js'));
  const { LoadMonitor } = require(join(root, 'out/src/core/load/loadMonitor.js'));
  const { dockerOverSsh } = require(join(root, 'out/src/core/docker/dockerOverSsh.js'));
  const env = JSON.parse(
    readFileSync(join(process.env.DEVSTACK_CONTRAIL_TEST_STATE ?? '/var/tmp/devstack-contrail-test', 'env.json'), 'utf8'),
  );
  const names = ['host1', 'host2'];
  const connect = (name) =>
    SshSession.connect({
      endpoint: { host: env.hosts[name].address, port: env.port, user: env.user },
      credentials: { privateKey: readFileSync(env.clientKey) },
      hostKeys: { knownHostsPath: env.knownHosts, confirmUnknownKey: async () => false },
      readyTimeoutMs: 10_000,
    });
  const sessions = new Map(await Promise.all(names.map(async (n) => [n, await connect(n)])));
  const docker = await dockerOverSsh(sessions.get('host1'));
  const made = [];
  try {
    for (let i = 0; i < CONTAINERS; i++) {
      const c = await docker.createContainer({
        Image: env.image,
        Cmd: ['sleep', '600'],
        HostConfig: { AutoRemove: true },
        name: `bench-load-${process.pid}-${i}`,
      });
      await c.start();
      made.push(c);
    }
    const idle = await cpuOver(5);
    const monitor = new LoadMonitor({ open: (host, command) => sessions.get(host).openChannel(command), intervalSeconds: 2 });
    let loads = 0;
    const watches = names.map((n) =>
      monitor.watch(n, (e) => {
        if (e.kind === 'load') loads++;
      }),
    );
    await new Promise((r) => setTimeout(r, 5000));
    const ours = (await cpuOver(SECONDS)) - idle;
    watches.forEach((w) => w.dispose());
    // the reference: a stats stream per running container of each host, on the same connections
    const streams = [];
    for (const n of names) {
      const d = await dockerOverSsh(sessions.get(n));
      for (const info of await d.listContainers()) streams.push(await d.getContainer(info.Id).stats({ stream: true }));
    }
    for (const s of streams) s.on('data', () => undefined);
    await new Promise((r) => setTimeout(r, 3000));
    const theirs = (await cpuOver(SECONDS)) - idle;
    for (const s of streams) s.destroy();
    const perHost = Math.max(0, ours) / names.length;
    report(
      `Live load: this side's CPU per watched host (${names.length} hosts, ${loads} readings in ${SECONDS + 5} s, every 2 s)`,
      `${perHost.toFixed(2)} % of one core vs ${(Math.max(0, theirs) / names.length).toFixed(2)} % with a Docker stats stream per container (${streams.length} streams)`,
      '< 2 % of one core per host',
      perHost < 2 && loads > 0,
    );
  } catch (error) {
    report('Live load monitoring cost', `failed: ${error.message}`, '< 2 % of one core per host', false);
  } finally {
    for (const c of made) await c.kill().catch(() => undefined);
    for (const s of sessions.values()) s.close();
  }
}
