import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type Dockerode from 'dockerode';
import { dockerOverSsh } from '../../src/core/docker/dockerOverSsh';
import { LoadMonitor, type LoadEvent } from '../../src/core/load/loadMonitor';
import type { SshSession } from '../../src/core/remote/sshSession';
import { connectHost, loadTestEnv } from './testEnv';

const env = loadTestEnv();
// an interval no other process uses, so the test can find the sampler's process on the host
const INTERVAL = 0.37;

/** the sampler processes running on this machine (the test hosts share its kernel) */
function samplerProcesses(): number {
  let count = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv[0] === 'sh' && argv.at(-3) === 'sampler' && argv.at(-2) === String(INTERVAL)) count++;
    } catch {
      /* gone meanwhile */
    }
  }
  return count;
}

function nextEvent(events: LoadEvent[], wanted: (e: LoadEvent) => boolean, timeoutMs: number): Promise<LoadEvent> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const found = events.find(wanted);
      if (found) {
        clearInterval(poll);
        resolve(found);
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`no such event in ${timeoutMs} ms; saw ${events.map((e) => e.kind).join(', ')}`));
      }
    }, 50);
  });
}

describe('live load of a compute host over its SSH connection', () => {
  let session: SshSession;
  let docker: Dockerode;
  let burner: Dockerode.Container;

  before(async () => {
    session = await connectHost(env, 'host1');
    docker = await dockerOverSsh(session);
    // a container that keeps one CPU busy: its load must show as such
    burner = await docker.createContainer({
      Image: env.image,
      Cmd: ['sh', '-c', 'while :; do :; done'],
      HostConfig: { AutoRemove: true },
      name: `load-burner-${process.pid}`,
    });
    await burner.start();
  });
  after(async () => {
    await burner?.kill().catch(() => undefined);
    session?.close();
  });

  it("reads the host's CPU and memory and each container's, one stream for the host, and stops the stream with the last watcher", async () => {
    const monitor = new LoadMonitor({ open: (_host, command) => session.openChannel(command), intervalSeconds: INTERVAL });
    const events: LoadEvent[] = [];
    const watch = monitor.watch('host1', (e) => events.push(e));
    const burnerId = burner.id;
    const busy = await nextEvent(
      events,
      (e) => e.kind === 'load' && (e.load.containers.find((c) => c.id === burnerId)?.cpuPercent ?? 0) > 50,
      20_000,
    );
    assert.equal(busy.kind, 'load');
    if (busy.kind !== 'load') return;
    const memTotal = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]) * 1024;
    assert.equal(busy.load.memoryTotalBytes, memTotal, "the host's RAM as its /proc/meminfo says");
    assert.ok(busy.load.cpuPercent > 0 && busy.load.cpuPercent <= 100);
    const nova = (await docker.listContainers()).find((c) => c.Names.includes('/nova-e2e00000-0000-4000-8000-000000000001'));
    assert.ok(nova && busy.load.containers.some((c) => c.id === nova.Id), 'the nova-<uuid> container is measured too');
    assert.equal(samplerProcesses(), 1, 'one sampler for the host');
    const second = monitor.watch('host1', () => undefined);
    assert.equal(samplerProcesses(), 1, 'a second watcher shares it');
    second.dispose();
    assert.ok((monitor.tracker('host1')?.container(burnerId).cpu?.p50 ?? 0) > 50, "the window holds the burner's load");
    watch.dispose();
    const deadline = Date.now() + 5000;
    while (samplerProcesses() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(samplerProcesses(), 0, 'nothing runs on the host once no one watches');
  });

  it('says a host does not answer when its link drops mid-stream, and that it answers again once back', async () => {
    let link: SshSession | undefined;
    let refuse = false;
    const monitor = new LoadMonitor({
      intervalSeconds: INTERVAL,
      silentMs: 1500,
      open: async (_host, command) => {
        if (refuse) throw new Error('connect ECONNREFUSED 127.0.0.2:2222');
        link = await connectHost(env, 'host1');
        return link.openChannel(command);
      },
    });
    const events: LoadEvent[] = [];
    const watch = monitor.watch('host1', (e) => events.push(e));
    try {
      await nextEvent(events, (e) => e.kind === 'load', 10_000);
      refuse = true;
      link?.close();
      const down = await nextEvent(events, (e) => e.kind === 'unanswered', 10_000);
      assert.equal(down.kind === 'unanswered' && down.host, 'host1');
      refuse = false;
      const answering = await nextEvent(events, (e) => e.kind === 'answering', 10_000);
      await nextEvent(events, (e) => e.kind === 'load' && events.indexOf(e) > events.indexOf(answering), 10_000);
    } finally {
      watch.dispose();
      link?.close();
    }
  });
});
