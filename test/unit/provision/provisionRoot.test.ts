import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// The CLI's --root mode: a tree standing in for /, often worked on as root. It is files to edit, not
// programs to run, and the files keep the owner and mode they had.
const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'env', 'fixtures');
const cli = join(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');
const runCli = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', input: '', timeout: 60_000 });
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, stdio: 'ignore' });
const NOVA_DOCKER_FORK = 'https://github.com/pedro-r-marques/nova-docker.git';

function hostTree(era: '2014' | 'later'): string {
  const root = mkdtempSync(join(tmpdir(), `dc-root-${era}-`));
  cpSync(join(fixtures, `devstack-${era}`), join(root, 'opt/stack/devstack'), { recursive: true });
  mkdirSync(join(root, 'etc/nova/rootwrap.d'), { recursive: true });
  cpSync(join(fixtures, `etc-${era}/nova.conf`), join(root, 'etc/nova/nova.conf'));
  return root;
}

function executable(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

describe('--root mode runs nothing from the tree', () => {
  it("plan and apply leave the tree's git fsmonitor, venv python and pip unrun (no canary), and say why", () => {
    const root = hostTree('later');
    const canaries = mkdtempSync(join(tmpdir(), 'dc-root-canaries-'));
    // a checkout of the fork on its branch, whose .git/config names an fsmonitor program
    const checkout = join(root, 'opt/stack/nova-docker');
    mkdirSync(checkout, { recursive: true });
    git(checkout, 'init', '-q', '-b', 'opencontrail');
    writeFileSync(join(checkout, 'setup.py'), `open(${JSON.stringify(join(canaries, 'setup.py'))}, "w")\n`);
    git(checkout, 'add', '.');
    git(checkout, 'commit', '-qm', 'fork');
    git(checkout, 'remote', 'add', 'origin', NOVA_DOCKER_FORK);
    git(checkout, 'config', 'core.fsmonitor', `touch ${canaries}/fsmonitor; false`);
    // devstack's global venv, as the tree has it
    executable(join(root, 'opt/stack/data/venv/bin/python'), `#!/bin/sh\ntouch ${canaries}/python\nexit 1\n`);
    executable(join(root, 'opt/stack/data/venv/bin/pip'), `#!/bin/sh\ntouch ${canaries}/pip\n`);

    const plan = runCli(['plan', '--root', root, '--steps', 'nova-docker']);
    assert.equal(plan.status, 0, plan.stderr);
    assert.equal(
      plan.stdout,
      'skipped    nova-docker        --root mode does not run commands from the tree (its git config, setup.py and venv python would run as this user); apply it on the host itself\n',
    );
    const apply = runCli(['apply', '--yes', '--root', root, '--steps', 'nova-docker']);
    assert.equal(apply.status, 0, apply.stderr);
    assert.match(apply.stdout, /^skipped {4}nova-docker {8}--root mode does not run commands from the tree/);
    assert.deepEqual(readdirSync(canaries), [], 'nothing from the tree ran');
  });

  it('undo takes nothing from a backup set this machine did not write: a planted manifest runs and restores nothing', () => {
    const root = hostTree('later');
    const canaries = mkdtempSync(join(tmpdir(), 'dc-root-canaries-'));
    const backup = join(root, '.devstack-contrail/backups/2099-01-01T00-00-00-000Z');
    mkdirSync(backup, { recursive: true });
    writeFileSync(join(backup, '0.orig'), 'planted\n');
    writeFileSync(
      join(backup, 'manifest.json'),
      JSON.stringify({
        created: '2099-01-01T00:00:00.000Z',
        target: 'local files',
        files: [{ path: '/../../../../tmp/dc-planted', existed: true, copy: '0.orig' }],
        commands: [
          {
            title: 'pip install nova-docker',
            undo: { title: 'pip uninstall nova-docker', argv: ['sh', '-c', `touch ${canaries}/undo`], asRoot: true },
          },
        ],
      }),
    );
    const undone = runCli(['undo', '--yes', '--root', root]);
    assert.equal(undone.status, 0, undone.stderr);
    assert.match(undone.stderr, /^nothing to undo on local files under .*: no backup set this machine wrote there$/m);
    assert.deepEqual(readdirSync(canaries), []);
    assert.ok(!existsSync('/tmp/dc-planted'));
  });
});

describe('--root mode keeps owners and modes', () => {
  // the suite runs as root here: as another user, the ids are that user's own (the mode is still checked)
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? 1234 : (process.getuid?.() ?? 0);
  const group = asRoot ? 1234 : (process.getgid?.() ?? 0);
  const owner = (path: string) => {
    const s = statSync(path);
    return `${s.uid}:${s.gid} ${(s.mode & 0o7777).toString(8).padStart(4, '0')}`;
  };

  it("a 1234:1234 0640 file stays 1234:1234 0640 after apply and undo; a new file takes the owner of a folder that is not root's", () => {
    const root = hostTree('2014');
    const localrc = join(root, 'opt/stack/devstack/localrc');
    const original = readFileSync(localrc, 'utf8');
    chownSync(localrc, user, group);
    chmodSync(localrc, 0o640);
    chownSync(join(root, 'opt/stack/devstack/lib/neutron_plugins'), user, group);

    const apply = runCli(['apply', '--yes', '--root', root, '--steps', 'localrc,contrail-plugin,rootwrap-filter']);
    assert.equal(apply.status, 0, apply.stderr);
    assert.match(readFileSync(localrc, 'utf8'), /Q_PLUGIN=contrail/);
    assert.equal(owner(localrc), `${user}:${group} 0640`, 'the edited localrc keeps its owner, group and mode');
    assert.equal(
      owner(join(root, 'opt/stack/devstack/lib/neutron_plugins/contrail')),
      `${user}:${group} 0644`,
      "a new file in the user's folder is the user's",
    );
    assert.equal(
      owner(join(root, 'etc/nova/rootwrap.d/docker.filters')),
      `${process.getuid?.()}:${process.getgid?.()} 0644`,
      "a new file in root's folder is root's",
    );

    const undone = runCli(['undo', '--yes', '--root', root]);
    assert.equal(undone.status, 0, undone.stderr);
    assert.equal(readFileSync(localrc, 'utf8'), original);
    assert.equal(owner(localrc), `${user}:${group} 0640`, 'the restored localrc keeps them too');
  });
});
