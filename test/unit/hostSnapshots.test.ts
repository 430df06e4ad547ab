import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostSnapshot } from '../../src/core/devstack/probe';
import { HostSnapshots, type HostView, type SnapshotsChange } from '../../src/remote/hostSnapshots';

// HostSnapshots over a fake probe: each host is a local.conf text that "Apply" rewrites; a read takes
// the text when it starts (as the probe reads the host's files) and answers when the test releases it.
class FakeHosts {
  readonly localConf = new Map<string, string>();
  readonly reads: string[] = [];
  readonly failing = new Set<string>();
  private readonly waiting: (() => void)[] = [];

  constructor(hosts: Record<string, string>) {
    for (const [name, text] of Object.entries(hosts)) this.localConf.set(name, text);
  }

  names = (): string[] => [...this.localConf.keys()];

  read = async (name: string): Promise<HostView> => {
    const text = this.localConf.get(name) ?? '';
    this.reads.push(name);
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.failing.has(name)) throw new Error(`${name}: connect ECONNREFUSED`);
    const snapshot: HostSnapshot = { services: [], files: [], localConfText: text, tookMs: 1 };
    return { snapshot };
  };

  /** Answers every read started so far, and waits until the code awaiting them has run. */
  async release(): Promise<void> {
    for (const resolve of this.waiting.splice(0)) resolve();
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Answers reads as they come until `done` settles. */
  async releaseUntil(done: Promise<unknown>): Promise<void> {
    let settled = false;
    void done.finally(() => {
      settled = true;
    });
    while (!settled) await this.release();
  }
}

const localConfOf = (snapshots: HostSnapshots, name: string): string | undefined => snapshots.get(name)?.snapshot?.localConfText;

describe('HostSnapshots', () => {
  it('answers a refresh asked right after Apply with the host as Apply left it, even while an older refresh runs', async () => {
    const hosts = new FakeHosts({ zed: 'Q_PLUGIN=ml2' });
    const snapshots = new HostSnapshots({ hosts: hosts.names, read: hosts.read });
    const timer = snapshots.refresh(); // the view's timer: reads the host before Apply writes it
    await new Promise((resolve) => setImmediate(resolve));
    hosts.localConf.set('zed', 'Q_PLUGIN=contrail'); // Apply finishes
    const afterApply = snapshots.refresh('zed');
    await hosts.releaseUntil(afterApply);
    assert.equal(localConfOf(snapshots, 'zed'), 'Q_PLUGIN=contrail');
    await timer;
    assert.deepEqual(hosts.reads, ['zed', 'zed']);
  });

  it('folds the refreshes asked while one runs into one that follows it and reads every host they asked for', async () => {
    const hosts = new FakeHosts({ a: 'a1', b: 'b1', c: 'c1' });
    const snapshots = new HostSnapshots({ hosts: hosts.names, read: hosts.read });
    const first = snapshots.refresh('c');
    await new Promise((resolve) => setImmediate(resolve));
    hosts.localConf.set('a', 'a2');
    hosts.localConf.set('b', 'b2');
    const forA = snapshots.refresh('a');
    const forB = snapshots.refresh('b');
    await hosts.releaseUntil(Promise.all([first, forA, forB]));
    assert.deepEqual(hosts.reads, ['c', 'a', 'b']);
    assert.deepEqual([localConfOf(snapshots, 'a'), localConfOf(snapshots, 'b'), localConfOf(snapshots, 'c')], ['a2', 'b2', 'c1']);
  });

  it('tells its listeners which hosts changed, including one no longer configured', async () => {
    const hosts = new FakeHosts({ a: 'a1', b: 'b1' });
    const snapshots = new HostSnapshots({ hosts: hosts.names, read: hosts.read });
    const changes: SnapshotsChange[] = [];
    const subscription = snapshots.onDidChange((change) => changes.push(change));
    await hosts.releaseUntil(snapshots.refresh());
    hosts.localConf.delete('b');
    await hosts.releaseUntil(snapshots.refresh('a'));
    assert.deepEqual(
      changes.map((c) => c.hosts),
      [
        ['a', 'b'],
        ['a', 'b'],
      ],
    );
    assert.equal(snapshots.get('b'), undefined);
    subscription.dispose();
    await hosts.releaseUntil(snapshots.refresh());
    assert.equal(changes.length, 2);
  });

  it('keeps an error per host: one unreachable host does not hide the others, and its next good read clears it', async () => {
    const hosts = new FakeHosts({ up: 'Q_PLUGIN=contrail', down: '' });
    hosts.failing.add('down');
    const snapshots = new HostSnapshots({ hosts: hosts.names, read: hosts.read });
    await hosts.releaseUntil(snapshots.refresh());
    assert.deepEqual(snapshots.get('down'), { error: 'down: connect ECONNREFUSED' });
    assert.equal(localConfOf(snapshots, 'up'), 'Q_PLUGIN=contrail');
    hosts.failing.delete('down');
    await hosts.releaseUntil(snapshots.refresh('down'));
    assert.equal(snapshots.get('down')?.error, undefined);
    assert.equal(localConfOf(snapshots, 'down'), '');
  });

  it('reads a host for current() only when it has never been read', async () => {
    const hosts = new FakeHosts({ zed: 'Q_PLUGIN=contrail' });
    const snapshots = new HostSnapshots({ hosts: hosts.names, read: hosts.read });
    const first = snapshots.current('zed');
    await hosts.releaseUntil(first);
    assert.equal((await first).snapshot?.localConfText, 'Q_PLUGIN=contrail');
    assert.equal((await snapshots.current('zed')).snapshot?.localConfText, 'Q_PLUGIN=contrail');
    assert.deepEqual(hosts.reads, ['zed']);
  });
});
