import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import { dockerOverSsh } from '../../src/core/docker/dockerOverSsh';
import { ContainerGoneError, findServerContainer, ServerContainer } from '../../src/core/docker/serverContainer';
import type { LogLine, StatsSample } from '../../src/core/docker/types';
import type { SshSession } from '../../src/core/remote/sshSession';
import { connectHost, loadTestEnv } from './testEnv';

// The test env runs nova-<SERVER> (local/busybox:test): it prints "started", then "tick N" every second.
const SERVER = 'e2e00000-0000-4000-8000-000000000001';
const env = loadTestEnv();

function waitFor<T>(what: string, ms: number, start: (resolve: (value: T) => void) => { stop(): void }): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      handle.stop();
      reject(new Error(`no ${what} within ${ms} ms`));
    }, ms);
    // the callbacks of a stream never run before start() returned
    const handle = start((value) => {
      clearTimeout(timer);
      handle.stop();
      resolve(value);
    });
  });
}

describe('the container of a Nova server, over SSH', () => {
  let session: SshSession;
  let docker: Docker;
  let container: ServerContainer;

  before(async () => {
    session = await connectHost(env, 'host1');
    docker = await dockerOverSsh(session);
    const found = await findServerContainer(docker, SERVER);
    assert.ok(found, `nova-${SERVER} not found`);
    container = found;
  });
  after(() => session?.close());

  it('finds it by server id, and finds nothing for an unknown id', async () => {
    assert.equal(container.name, `nova-${SERVER}`);
    assert.match(container.id, /^[0-9a-f]{64}$/);
    assert.equal(await findServerContainer(docker, 'e2e00000-0000-4000-8000-00000000dead'), undefined);
  });

  it('inspects it', async () => {
    const details = await container.inspect();
    assert.equal(details.name, `nova-${SERVER}`);
    assert.equal(details.image, env.image);
    assert.equal(details.state, 'running');
    assert.match(details.status, /^Up /);
    assert.equal(details.networkMode, 'none');
    assert.deepEqual(details.ipAddresses, []);
    assert.ok(details.pid && details.pid > 0);
    assert.match(details.command, /^sh -c 'echo started; .*tick/);
  });

  it('reads the log from the start, with timestamps', async () => {
    const lines = await container.recentLogs('all');
    assert.equal(
      lines[0]?.text,
      'started',
      lines
        .slice(0, 3)
        .map((l) => l.text)
        .join(' | '),
    );
    assert.equal(lines[0]?.stream, 'stdout');
    assert.ok(lines[0]?.time && Date.parse(lines[0].time) > 0);
    assert.ok(lines.some((l) => /^tick \d+$/.test(l.text)));
  });

  it('follows the log and delivers a new tick line', async () => {
    const since = Date.now();
    const line = await waitFor<LogLine>('new tick line', 10_000, (resolve) =>
      container.followLogs(
        { tail: 0, follow: true },
        (l) => {
          if (/^tick \d+$/.test(l.text) && l.time && Date.parse(l.time) >= since - 1000) resolve(l);
        },
        (error) => assert.fail(`log stream ended: ${error?.message ?? 'without error'}`),
      ),
    );
    assert.equal(line.stream, 'stdout');
  });

  it('streams stats samples with memory in use', async () => {
    const sample = await waitFor<StatsSample>('stats sample', 15_000, (resolve) =>
      container.streamStats(resolve, (error) => assert.fail(`stats stream ended: ${error?.message ?? 'without error'}`)),
    );
    assert.ok(sample.memoryBytes > 0, `memory ${sample.memoryBytes}`);
    assert.ok(sample.memoryLimitBytes >= sample.memoryBytes);
    assert.ok(sample.cpuPercent >= 0 && sample.cpuPercent <= 100 * 64);
    assert.ok(Math.abs(sample.time - Date.now()) < 60_000);
  });

  it('lists its processes, the sh loop among them', async () => {
    const table = await container.top();
    assert.ok(table.titles.includes('PID'), table.titles.join(' '));
    const cmd = table.titles.indexOf('CMD') >= 0 ? table.titles.indexOf('CMD') : table.titles.length - 1;
    assert.ok(
      table.processes.some((row) => /^sh -c echo started/.test(row[cmd] ?? '')),
      JSON.stringify(table.processes),
    );
  });

  it('lists its network interfaces (busybox ip inside the container)', async () => {
    const interfaces = await container.interfaces();
    const lo = interfaces.find((i) => i.name === 'lo');
    assert.ok(lo, JSON.stringify(interfaces));
    assert.equal(lo.state, 'UP');
    assert.deepEqual(
      lo.addresses.filter((a) => a.startsWith('127.')),
      ['127.0.0.1/8'],
    );
  });

  it('stops a stream at once, even before it opened, and tells nothing after stop', async () => {
    let after = 0;
    const logs = container.followLogs(
      { tail: 0, follow: true },
      () => after++,
      () => after++,
    );
    logs.stop();
    const stats = container.streamStats(
      () => after++,
      () => after++,
    );
    await new Promise((r) => setTimeout(r, 2500));
    stats.stop();
    const counted = after;
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(after, counted, 'a callback ran after stop()');
    assert.ok(session.isOpen);
  });

  it('says the container is gone when it vanished, without throwing from streams', async () => {
    const ghost = new ServerContainer(docker, 'e2e00000-0000-4000-8000-00000000dead', 'f'.repeat(64));
    await assert.rejects(
      ghost.inspect(),
      (error: Error) => error instanceof ContainerGoneError && /is gone: the server was deleted/.test(error.message),
    );
    await assert.rejects(ghost.top(), ContainerGoneError);
    await assert.rejects(ghost.interfaces(), ContainerGoneError);
    const ended = await new Promise<Error | undefined>((resolve) => ghost.streamStats(() => undefined, resolve));
    assert.ok(ended instanceof ContainerGoneError, String(ended));
    const logEnd = await new Promise<Error | undefined>((resolve) => ghost.followLogs({ follow: true }, () => undefined, resolve));
    assert.ok(logEnd instanceof ContainerGoneError, String(logEnd));
  });
});
