import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileLedger } from '../../src/core/provision/backupLedger';
import { applyPlans, ApplyError, undo } from '../../src/core/provision/apply';
import { DEFAULT_SETTINGS, planSteps } from '../../src/core/provision/plan';
import { SshTarget } from '../../src/core/provision/target';
import { connectHost, loadTestEnv } from './testEnv';

// this machine's record of the backup sets the tests write (a folder of their own)
const ledger = new FileLedger(join(mkdtempSync(join(tmpdir(), 'dc-ledger-')), 'backups.json'));

// The connection drops in the middle of an apply (the host's sshd is killed): every file is either
// its old or its new self, never partial, and the next run recovers.
const env = loadTestEnv();
const STATE = process.env.DEVSTACK_CONTRAIL_TEST_STATE ?? '/var/tmp/devstack-contrail-test';
const FILES = [
  '/opt/stack/devstack/local.conf',
  '/opt/stack/devstack/lib/neutron_plugins/contrail',
  '/opt/stack/devstack/lib/nova_plugins/hypervisor-docker',
  '/etc/glance/glance-api.conf',
];
const STEPS = ['localrc', 'contrail-plugin', 'docker-hypervisor', 'nova-vif-driver', 'glance-formats'] as const;

function killHost2(): void {
  const pid = Number(readFileSync(join(STATE, 'hosts', 'host2', 'sshd.pid'), 'utf8'));
  const descendants = (p: number): number[] =>
    spawnSync('ps', ['-o', 'pid=', '--ppid', String(p)], { encoding: 'utf8' })
      .stdout.split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => n > 0)
      .flatMap((c) => [c, ...descendants(c)]);
  for (const victim of [pid, ...descendants(pid)]) spawnSync('kill', ['-9', String(victim)]);
}

async function contents(): Promise<Map<string, string | undefined>> {
  const session = await connectHost(env, 'host2');
  try {
    const target = new SshTarget(session);
    const map = new Map<string, string | undefined>();
    for (const path of FILES) map.set(path, (await target.read(path)).data?.toString('utf8'));
    return map;
  } finally {
    session.close();
  }
}

describe('a connection dropped in the middle of apply', () => {
  it('leaves every file old or new, and the next run finishes the job; undo goes back step by step', async () => {
    const original = await contents();
    const session = await connectHost(env, 'host2');
    const target = new SshTarget(session);
    const plans = await planSteps({ target, devstackDir: '/opt/stack/devstack', settings: DEFAULT_SETTINGS, files: new Map() }, 'current', [
      ...STEPS,
    ]);
    // every version a step may leave a file in (local.conf is changed by two steps)
    const versions = new Map<string, Set<string | undefined>>(FILES.map((f) => [f, new Set([original.get(f)])]));
    for (const change of plans.flatMap((p) => p.changes)) versions.get(change.path)?.add(change.after.toString('utf8'));
    let steps = 0;
    await assert.rejects(
      applyPlans(target, ledger, plans, {
        onStep: () => {
          steps += 1;
          if (steps === 3) killHost2();
        },
      }),
      (error: unknown) => error instanceof ApplyError && error.restored === false,
    );
    session.close();
    assert.equal(spawnSync('bash', [join(__dirname, '..', '..', '..', 'test', 'env', 'up.sh')], { stdio: 'ignore' }).status, 0);
    const after = await contents();
    for (const path of FILES) {
      assert.ok(
        versions.get(path)?.has(after.get(path)),
        `${path} is neither its old nor a new version: ${JSON.stringify(after.get(path)?.slice(0, 80))}`,
      );
    }
    assert.notDeepEqual(after, original, 'the first steps did land before the drop');
    // the next run recovers: plan sees what is left, apply completes it
    const again = await connectHost(env, 'host2');
    try {
      const retry = new SshTarget(again);
      const replanned = await planSteps(
        { target: retry, devstackDir: '/opt/stack/devstack', settings: DEFAULT_SETTINGS, files: new Map() },
        'current',
        [...STEPS],
      );
      await applyPlans(retry, ledger, replanned);
      const done = await planSteps(
        { target: retry, devstackDir: '/opt/stack/devstack', settings: DEFAULT_SETTINGS, files: new Map() },
        'current',
        [...STEPS],
      );
      assert.deepEqual(
        done.map((p) => p.status),
        ['applied', 'applied', 'applied', 'applied', 'applied'],
      );
      // two backup sets (the interrupted run's, then the recovery's): two undos restore the start
      await undo(retry, ledger);
      await undo(retry, ledger);
    } finally {
      again.close();
    }
    assert.deepEqual(await contents(), original);
  });
});
