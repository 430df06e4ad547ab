import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { ContainerEventMonitor } from '../../../src/core/docker/containerEventMonitor';
import {
  ContainerEventParser,
  containerEventsCommand,
  MAX_EVENT_LINE,
  containerEndOf,
  parseContainerEvent,
  type ContainerEvent,
} from '../../../src/core/docker/containerEvents';

const ID = 'e1082312c0ef76ebf9739e73df5c337defd5c71518c1f7d32f38bc46bdaecff3';
const NAME = 'nova-3f2a8c1e-1111-4222-8333-444455556666';

/** A line as Docker 20.10 prints it with --format '{{json .}}' (taken from a real OOM kill). */
function line(action: string, attributes: Record<string, string> = {}, id = ID): string {
  // Docker's nanoseconds are more digits than a double keeps: written as it sends them
  return JSON.stringify({
    status: action,
    id,
    from: 'local/busybox:test',
    Type: 'container',
    Action: action,
    Actor: { ID: id, Attributes: { image: 'local/busybox:test', name: NAME, ...attributes } },
    scope: 'local',
    time: 1796310825,
    timeNano: 'NANO',
  }).replace('"NANO"', '1796310825309665503');
}

describe('container events from `docker events`', () => {
  it('streams one JSON line per event of a container, with only the actions the notifications read, from a while back', () => {
    assert.equal(
      containerEventsCommand(60.2),
      "docker events --since 61s --format '{{json .}}' --filter type=container --filter event=die --filter event=oom " +
        '--filter event=kill --filter event=stop --filter event=restart --filter event=start',
    );
    // by the engine's clock, and never more than ten minutes of history
    assert.match(containerEventsCommand(86_400), / --since 600s /);
    assert.match(containerEventsCommand(-5), / --since 1s /);
  });

  it('reads a die with its exit code, an oom, and a kill with its signal', () => {
    assert.deepEqual(parseContainerEvent(line('die', { exitCode: '137' })), {
      action: 'die',
      id: ID,
      name: NAME,
      exitCode: 137,
      time: Number('1796310825309665503') / 1e6,
    });
    assert.equal(parseContainerEvent(line('oom'))?.action, 'oom');
    assert.equal(parseContainerEvent(line('kill', { signal: '15' }))?.signal, '15');
  });

  it('drops what is not a container event of ours: other actions, other types, bad ids, broken JSON, endless lines', () => {
    assert.equal(parseContainerEvent(line('exec_start: sh')), undefined);
    assert.equal(parseContainerEvent(line('create')), undefined);
    assert.equal(parseContainerEvent(JSON.stringify({ Type: 'network', Action: 'die', Actor: { ID } })), undefined);
    assert.equal(parseContainerEvent(line('die', {}, 'not-an-id; rm -rf /')), undefined);
    assert.equal(parseContainerEvent('{"Action": "die", '), undefined);
    assert.equal(parseContainerEvent('null'), undefined);
    assert.equal(parseContainerEvent(line('die', { big: 'x'.repeat(MAX_EVENT_LINE) })), undefined);
    // an exit code that is no small integer is left out, not guessed
    assert.equal(parseContainerEvent(line('die', { exitCode: '1e99' }))?.exitCode, undefined);
  });

  it('makes a hostile container name printable and caps it', () => {
    const event = parseContainerEvent(line('die', { name: `/evil\u001b[31m\u202e${'n'.repeat(500)}` }));
    assert.ok(event);
    assert.ok(![...event.name].some((c) => c < ' ' || c === '\u202e'), 'no control or bidi character');
    assert.ok(event.name.startsWith('evil'));
    assert.ok(event.name.length <= 128);
  });

  it('reads a stream cut anywhere, and forgets a line that never ends', () => {
    const events: ContainerEvent[] = [];
    const parser = new ContainerEventParser((e) => events.push(e));
    const text = `${line('oom')}\n${line('die', { exitCode: '137' })}\n`;
    for (let i = 0; i < text.length; i += 7) parser.push(text.slice(i, i + 7));
    assert.deepEqual(
      events.map((e) => e.action),
      ['oom', 'die'],
    );
    parser.push('x'.repeat(MAX_EVENT_LINE + 10));
    parser.push(`\n${line('start')}\n`);
    assert.equal(events.at(-1)?.action, 'start');
    assert.equal(events.length, 3);
  });

  it("reads how a container ended from docker inspect's State", () => {
    assert.deepEqual(
      containerEndOf({
        State: { Status: 'exited', Running: false, OOMKilled: true, ExitCode: 137, Error: '' },
        RestartCount: 2,
      }),
      { running: false, oomKilled: true, exitCode: 137, restartCount: 2 },
    );
    assert.deepEqual(containerEndOf({ State: { Running: false, ExitCode: 127, Error: 'exec: "x": not found\n' } }), {
      running: false,
      oomKilled: false,
      exitCode: 127,
      error: 'exec: "x": not found',
    });
    assert.deepEqual(containerEndOf('garbage'), { running: false, oomKilled: false });
  });
});

class FakeChannel extends EventEmitter {
  closed = false;
  constructor(readonly command: string) {
    super();
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
  }
}

describe('the container event monitor: one stream per watched host', () => {
  it('opens one stream for two watchers of a host, gives both its events, and closes it with the last', async () => {
    const opened: FakeChannel[] = [];
    const now = 5_000_000;
    const monitor = new ContainerEventMonitor({
      open: async (host, command) => {
        const channel = new FakeChannel(`${host}: ${command}`);
        opened.push(channel);
        return channel;
      },
      retryMs: 10_000,
      firstReplayMs: 30_000,
      now: () => now,
    });
    const a: string[] = [];
    const b: string[] = [];
    const first = monitor.watch('compute2', (e) => a.push(e.action));
    const second = monitor.watch('compute2', (e) => b.push(e.action));
    await new Promise((r) => setImmediate(r));
    assert.equal(opened.length, 1);
    assert.equal(opened[0]?.command, `compute2: ${containerEventsCommand(31)}`, 'what happened just before is told too');
    opened[0]?.emit('data', Buffer.from(`${line('die', { exitCode: '1' })}\n`));
    assert.deepEqual([a, b], [['die'], ['die']]);
    first.dispose();
    assert.equal(opened[0]?.closed, false);
    second.dispose();
    assert.equal(opened[0]?.closed, true);
    assert.deepEqual(monitor.watchedHosts(), []);
  });

  it('opens a stream that ended again after a pause, and stops trying once nobody watches', async () => {
    const opened: FakeChannel[] = [];
    let fail = true;
    let now = 5_000_000;
    const monitor = new ContainerEventMonitor({
      now: () => now,
      open: async (_host, command) => {
        if (fail) {
          fail = false;
          throw new Error('connect ECONNREFUSED');
        }
        const channel = new FakeChannel(command);
        opened.push(channel);
        return channel;
      },
      retryMs: 20,
    });
    const got: string[] = [];
    const watch = monitor.watch('compute1', (e) => got.push(e.action));
    const until = async (test: () => boolean) => {
      const deadline = Date.now() + 2000;
      while (!test()) {
        assert.ok(Date.now() < deadline, 'timed out');
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    await until(() => opened.length === 1);
    now += 120_000;
    opened[0]?.close(); // Docker restarted, two minutes after the stream opened
    await until(() => opened.length === 2);
    assert.match(opened[1]?.command ?? '', / --since 121s /, 'the new stream starts where the old one ended');
    opened[1]?.emit('data', Buffer.from(`${line('oom')}\n`));
    assert.deepEqual(got, ['oom']);
    watch.dispose();
    assert.equal(opened[1]?.closed, true);
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(opened.length, 2, 'no stream opened after the last watcher left');
  });
});
