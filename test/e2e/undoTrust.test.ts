import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { applyPlans, undo } from '../../src/core/provision/apply';
import { FileLedger } from '../../src/core/provision/backupLedger';
import { DEFAULT_SETTINGS, planSteps } from '../../src/core/provision/plan';
import { SshTarget } from '../../src/core/provision/target';
import { connectHost, loadTestEnv } from './testEnv';

// The remote user plants a backup set on host2, newer than the real one, whose manifest runs a command
// as root and restores a file outside devstack: undo takes nothing from it.
const env = loadTestEnv();
const ledger = new FileLedger(join(mkdtempSync(join(tmpdir(), 'dc-ledger-')), 'backups.json'));

describe('undo on a host whose user planted a backup set', () => {
  it('restores the set this machine wrote, runs no command of the planted one and restores none of its files', async () => {
    const session = await connectHost(env, 'host2');
    const canary = `/tmp/dc-undo-canary-${randomBytes(4).toString('hex')}`;
    try {
      const target = new SshTarget(session);
      const before = (await session.exec('cat /opt/stack/devstack/local.conf')).stdout;
      const outcome = await applyPlans(
        target,
        ledger,
        await planSteps({ target, devstackDir: '/opt/stack/devstack', settings: DEFAULT_SETTINGS, files: new Map() }, 'current', [
          'localrc',
        ]),
      );
      assert.ok(outcome.backup);
      const planted = `${await target.backupRoot()}/2099-01-01T00-00-00-000Z`;
      const manifest = JSON.stringify({
        created: '2099-01-01T00:00:00.000Z',
        target: target.description,
        files: [{ path: '/etc/nova/rootwrap.d/docker.filters', existed: true, copy: '0.orig' }],
        // both forms: a command line (what older versions recorded) and an undo intent
        commands: [
          { title: 'pip install', undo: { title: 'pip uninstall', argv: ['touch', canary], asRoot: true } },
          { title: 'git clone', undo: { kind: 'remove-checkout', dir: '/opt/stack/devstack', asRoot: true } },
        ],
      });
      const made = await session.exec(
        `mkdir -p ${planted} && printf '[Filters]\\nsh: CommandFilter, sh, root\\n' > ${planted}/0.orig && cat > ${planted}/manifest.json`,
        { stdin: manifest },
      );
      assert.equal(made.exitCode, 0, made.stderr);
      const undone = await undo(target, ledger);
      assert.equal(undone?.backup, outcome.backup, 'the set this machine wrote');
      assert.equal((await session.exec('cat /opt/stack/devstack/local.conf')).stdout, before);
      assert.equal(existsSync(canary), false, 'no command of the planted manifest ran');
      assert.equal(
        (await session.exec('test -e /etc/nova/rootwrap.d/docker.filters; echo $?')).stdout.trim(),
        '1',
        'no file of it was restored',
      );
      assert.equal((await session.exec('test -d /opt/stack/devstack; echo $?')).stdout.trim(), '0');
      assert.equal(await undo(target, ledger), undefined, 'and nothing else to undo');
      await session.exec(`rm -rf ${planted}`);
    } finally {
      session.close();
    }
  });
});
