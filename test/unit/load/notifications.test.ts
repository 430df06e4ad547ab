import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerEvent } from '../../../src/core/docker/containerEvents';
import { ContainerIncidentClassifier, novaServerOfContainer } from '../../../src/core/load/containerIncidents';
import type { ContainerIncident, Incident } from '../../../src/core/load/incidents';
import { safeText } from '../../../src/core/load/incidentText';
import { NoticeGrouper, type Notice, type Timers } from '../../../src/core/load/noticeGrouper';

/** A clock and timers that move only when told. */
class FakeClock implements Timers {
  now = 1_000_000;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  setTimeout(fn: () => void, ms: number): number {
    const id = this.next++;
    this.timers.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
    }
    this.now = end;
  }
}

const uuid = (n: number) => `3f2a8c1e-1111-4222-8333-${String(n).padStart(12, '0')}`;
const cid = (n: number) => String(n).padStart(2, '0').repeat(32);
const event = (action: ContainerEvent['action'], n: number, extra: Partial<ContainerEvent> = {}): ContainerEvent => ({
  action,
  id: cid(n),
  name: `nova-${uuid(n)}`,
  ...extra,
});

function classify(clock: FakeClock, steps: ([ContainerEvent] | [ContainerEvent, number])[]): (ContainerIncident | undefined)[] {
  const classifier = new ContainerIncidentClassifier('compute2', { now: () => clock.now });
  return steps.map(([e, after = 0]) => {
    clock.advance(after);
    return classifier.feed(e);
  });
}

describe('which container events are incidents', () => {
  it('an oom then its die: the container was OOM-killed, with the exit code', () => {
    const [oom, die] = classify(new FakeClock(), [[event('oom', 1)], [event('die', 1, { exitCode: 137 }), 30]]);
    assert.deepEqual(oom, {
      kind: 'containers',
      host: 'compute2',
      id: cid(1),
      name: `nova-${uuid(1)}`,
      serverId: uuid(1),
      oom: true,
      exited: false,
      restarted: false,
    });
    assert.equal(die?.oom, true);
    assert.equal(die?.exited, true);
    assert.equal(die?.exitCode, 137);
  });

  it('a die after a kill, stop or restart request (docker stop, Nova Stop or Delete) was asked for: no incident', () => {
    const clock = new FakeClock();
    const results = classify(clock, [
      [event('kill', 1, { signal: '15' })],
      [event('kill', 1, { signal: '9' }), 1000],
      [event('die', 1, { exitCode: 137 }), 20],
      [event('stop', 1), 20],
      [event('start', 1), 5000],
    ]);
    assert.deepEqual(results, [undefined, undefined, undefined, undefined, undefined]);
  });

  it('a die long after a kill is its own, and a start right after an unasked die is a restart by Docker', () => {
    const clock = new FakeClock();
    const [, die, start, laterStart] = classify(clock, [
      [event('kill', 1)],
      [event('die', 1, { exitCode: 1 }), 60_000],
      [event('start', 1), 200],
      [event('start', 1), 200],
    ]);
    assert.equal(die?.exited, true);
    assert.equal(die?.restarted, false);
    assert.equal(start?.restarted, true);
    assert.equal(start?.exitCode, 1);
    assert.equal(laterStart, undefined, 'one restart per die');
  });

  it("a replayed stream is judged by the engine's times, not by when its lines arrived", () => {
    const clock = new FakeClock();
    const classifier = new ContainerIncidentClassifier('compute2', { now: () => clock.now });
    // a kill five minutes before a die, both arriving now
    assert.equal(classifier.feed(event('kill', 1, { time: 1_000_000 })), undefined);
    assert.equal(classifier.feed(event('die', 1, { time: 1_300_000, exitCode: 2 }))?.exitCode, 2);
  });

  it('a start long after the die is someone starting it, not a restart; containers that are not Nova servers are not told of', () => {
    const clock = new FakeClock();
    const [die, start] = classify(clock, [[event('die', 1, { exitCode: 0 })], [event('start', 1), 60_000]]);
    assert.equal(die?.exitCode, 0);
    assert.equal(start, undefined);
    assert.equal(classify(clock, [[{ ...event('die', 2), name: 'registry' }]])[0], undefined);
    assert.equal(novaServerOfContainer(`nova-${uuid(3)}`), uuid(3));
    assert.equal(novaServerOfContainer(`nova-${uuid(3)}x`), undefined);
  });
});

function grouper(clock: FakeClock, options: { burstMs?: number; maxWaitMs?: number; repeatMs?: number } = {}) {
  const notices: Notice[] = [];
  const g = new NoticeGrouper({ notify: (n) => notices.push(n), now: () => clock.now, timers: clock, ...options });
  return { g, notices, texts: () => notices.map((n) => n.text) };
}

const died = (n: number, extra: Partial<ContainerIncident> = {}): ContainerIncident => ({
  kind: 'containers',
  host: 'compute2',
  id: cid(n),
  name: `nova-${uuid(n)}`,
  serverId: uuid(n),
  serverName: `web-${n}`,
  oom: false,
  exited: true,
  restarted: false,
  exitCode: 1,
  ...extra,
});

describe('notifications, debounced', () => {
  it('one container OOM-killed: one message with the server, the host and the exit code, once the burst is quiet', () => {
    const clock = new FakeClock();
    const { g, texts } = grouper(clock);
    g.add(died(1, { oom: true, exited: false, exitCode: undefined }));
    clock.advance(50);
    g.add(died(1, { oom: true, exitCode: 137 }));
    clock.advance(2000);
    assert.deepEqual(texts(), [], 'nothing while the burst may go on');
    clock.advance(1000);
    assert.deepEqual(texts(), [
      `The container of server “web-1” (nova-${uuid(1)}) on compute2 was OOM-killed at its memory limit (exit code 137).`,
    ]);
  });

  it('five containers of one host dying at once: one message naming them; another host gets its own', () => {
    const clock = new FakeClock();
    const { g, texts } = grouper(clock);
    for (let n = 1; n <= 5; n++) {
      g.add(died(n, { exitCode: n === 5 ? 2 : 1 }));
      clock.advance(100);
    }
    g.add({ ...died(9), host: 'compute3' });
    clock.advance(3000);
    assert.deepEqual(texts(), [
      '5 containers on compute2 exited: web-1 (code 1), web-2 (code 1), web-3 (code 1), web-4 (code 1), web-5 (code 2).',
      `The container of server “web-9” (nova-${uuid(9)}) on compute3 exited (exit code 1).`,
    ]);
  });

  it('a mixed burst says what each did, and caps the names it lists', () => {
    const clock = new FakeClock();
    const { g, texts } = grouper(clock);
    g.add(died(1, { oom: true, exitCode: 137 }));
    g.add(died(2, { restarted: true }));
    for (let n = 3; n <= 10; n++) g.add(died(n, { serverName: undefined }));
    clock.advance(3000);
    assert.equal(texts().length, 1);
    assert.equal(
      texts()[0],
      `10 containers on compute2 ended: 1 were OOM-killed (web-1 (code 137)); 1 exited and were restarted (web-2 (code 1)); ` +
        `8 exited (nova-${uuid(3)} (code 1), nova-${uuid(4)} (code 1), nova-${uuid(5)} (code 1), nova-${uuid(6)} (code 1), ` +
        `nova-${uuid(7)} (code 1) and 3 more).`,
    );
  });

  it('the same thing is not told again within the window; after it, it is', () => {
    const clock = new FakeClock();
    const { g, texts } = grouper(clock, { repeatMs: 60_000 });
    g.add(died(1, { oom: true, exitCode: 137 }));
    clock.advance(3000);
    // a restart loop: OOM-killed again and again
    for (let i = 0; i < 5; i++) {
      g.add(died(1, { oom: true, exitCode: 137, restarted: true }));
      clock.advance(5000);
    }
    assert.equal(texts().length, 1);
    // a different outcome of the same container is news
    g.add(died(1, { exitCode: 3 }));
    clock.advance(3000);
    assert.equal(texts().length, 2);
    clock.advance(60_000);
    g.add(died(1, { oom: true, exitCode: 137 }));
    clock.advance(3000);
    assert.equal(texts().length, 3);
  });

  it('a flapping host is told of once per window; hosts that stop together are one message', () => {
    const clock = new FakeClock();
    const { g, texts } = grouper(clock);
    const down = (host: string): Incident => ({ kind: 'hosts', host, reason: 'no reading for 13 s' });
    g.add(down('compute1'));
    clock.advance(3000);
    for (let i = 0; i < 10; i++) {
      clock.advance(20_000);
      g.add(down('compute1'));
    }
    clock.advance(3000);
    assert.deepEqual(texts(), ['Host compute1 stopped answering: no reading for 13 s.']);
    g.add(down('compute2'));
    g.add(down('compute3'));
    clock.advance(3000);
    assert.deepEqual(texts().slice(1), ['2 hosts stopped answering: compute2, compute3.']);
  });

  it('a burst that never goes quiet is told after the longest wait, and the rest in the next message', () => {
    const clock = new FakeClock();
    const { g, notices } = grouper(clock, { burstMs: 2000, maxWaitMs: 10_000 });
    for (let n = 1; n <= 15; n++) {
      g.add(died(n));
      clock.advance(1000);
    }
    assert.equal(notices.length, 1);
    assert.equal(notices[0]?.incidents.length, 10);
    clock.advance(3000);
    assert.equal(notices.length, 2);
    assert.equal(notices[1]?.incidents.length, 5);
  });

  it('servers of a cloud that failed together: one message; a single one says why', () => {
    const clock = new FakeClock();
    const { g, texts } = grouper(clock);
    g.add({
      kind: 'servers',
      cloud: 'zed',
      id: 'a',
      name: 'db',
      status: 'SHUTOFF',
      detail: 'Nova stopped it itself (its container had stopped)',
    });
    clock.advance(3000);
    g.add({ kind: 'servers', cloud: 'zed', id: 'b', name: 'web-1', status: 'ERROR' });
    g.add({ kind: 'servers', cloud: 'zed', id: 'c', name: 'web-2', status: 'SHUTOFF' });
    clock.advance(3000);
    assert.deepEqual(texts(), [
      'Server “db” of cloud zed went SHUTOFF without a user action: Nova stopped it itself (its container had stopped).',
      '2 servers of cloud zed went ERROR or SHUTOFF without a user action: web-1 (ERROR), web-2 (SHUTOFF).',
    ]);
  });

  it('names from hosts and Nova cannot make a link, a second line or reversed text in a notification', () => {
    assert.equal(safeText('[click](command:workbench.action.terminal.new)'), '[click] (command:workbench.action.terminal.new)');
    assert.equal(safeText('a\nb\u202ec\u0007'), 'a b c');
    assert.equal(safeText('x'.repeat(200)).length, 80);
    const clock = new FakeClock();
    const { g, texts } = grouper(clock);
    g.add(died(1, { serverName: '[x](https://evil.example)\nsecond line' }));
    clock.advance(3000);
    assert.doesNotMatch(texts()[0] ?? '', /\]\(|\n/);
  });
});
