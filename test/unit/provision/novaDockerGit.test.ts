import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// The nova-docker step's git commands on this machine (the CLI without --host or --root), against a
// local fork: what a checkout's own .git/config names is never run, and a branch that git would read
// as an option is refused before anything runs. Canary files show what ran.
const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'env', 'fixtures');
const cli = join(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');
const runCli = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', input: '', timeout: 60_000 });
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

interface Checkout {
  base: string;
  devstack: string;
  fork: string;
  checkout: string;
  canaries: string;
}

/**
 * $DEST with a devstack checkout, a fork (master and opencontrail) and a checkout of it on master, a
 * stand-in venv (its python says novadocker is not installed, its pip succeeds), and a canary folder.
 */
function checkoutOnMaster(): Checkout {
  const base = mkdtempSync(join(tmpdir(), 'dc-novadocker-'));
  const devstack = join(base, 'stack', 'devstack');
  cpSync(join(fixtures, 'devstack-later'), devstack, { recursive: true });
  const fork = join(base, 'fork');
  mkdirSync(fork);
  git(fork, 'init', '-q', '-b', 'master');
  writeFileSync(join(fork, 'setup.py'), 'raise SystemExit("not run here")\n');
  git(fork, 'add', '.');
  git(fork, 'commit', '-qm', 'fork');
  git(fork, 'branch', 'opencontrail');
  const checkout = join(base, 'stack', 'nova-docker');
  git(base, 'clone', '-q', '--branch', 'master', fork, checkout);
  const venv = join(base, 'stack', 'data', 'venv', 'bin');
  mkdirSync(venv, { recursive: true });
  writeFileSync(join(venv, 'python'), '#!/bin/sh\nexit 1\n');
  writeFileSync(join(venv, 'pip'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(venv, 'python'), 0o755);
  chmodSync(join(venv, 'pip'), 0o755);
  const canaries = join(base, 'canaries');
  mkdirSync(canaries);
  return { base, devstack, fork, checkout, canaries };
}

describe('nova-docker git commands on a checkout whose .git/config is not ours', () => {
  it("runs none of the programs a checkout's config names (fsmonitor, hooks, upload-pack) and still moves it to the branch", () => {
    const c = checkoutOnMaster();
    git(c.checkout, 'config', 'core.fsmonitor', `touch ${c.canaries}/fsmonitor; false`);
    git(c.checkout, 'config', 'remote.origin.uploadpack', `touch ${c.canaries}/upload-pack; git-upload-pack`);
    writeFileSync(join(c.checkout, '.git', 'hooks', 'post-checkout'), `#!/bin/sh\ntouch ${c.canaries}/post-checkout\n`);
    chmodSync(join(c.checkout, '.git', 'hooks', 'post-checkout'), 0o755);
    const common = ['--devstack', c.devstack, '--steps', 'nova-docker', '--set', `NOVA_DOCKER_REPO=${c.fork}`];

    const plan = runCli(['plan', ...common]);
    assert.equal(plan.status, 0, plan.stderr);
    assert.match(plan.stdout, /needed\s+nova-docker\s+git fetch origin opencontrail; git checkout opencontrail; /);
    const apply = runCli(['apply', '--yes', ...common]);
    assert.equal(apply.status, 0, apply.stderr);
    assert.match(apply.stderr, /\$ git fetch origin opencontrail\n/);
    assert.equal(git(c.checkout, 'rev-parse', '--abbrev-ref', 'HEAD').trim(), 'opencontrail');
    assert.deepEqual(readdirSync(c.canaries), [], "no program named by the checkout's config ran");
  });

  it('refuses a branch that git would read as an option (exit 2), before anything runs: no canary, the checkout untouched', () => {
    const c = checkoutOnMaster();
    const canary = join(c.canaries, 'injected');
    for (const command of [['plan'], ['apply', '--yes']]) {
      const result = runCli([
        ...command,
        '--devstack',
        c.devstack,
        '--steps',
        'nova-docker',
        '--set',
        `NOVA_DOCKER_REPO=${c.fork}`,
        '--set',
        `NOVA_DOCKER_BRANCH=--upload-pack=touch ${canary}; git-upload-pack`,
      ]);
      assert.equal(result.status, 2, result.stderr);
      assert.match(
        result.stderr,
        /^devstack-contrail (plan|apply): --set NOVA_DOCKER_BRANCH: "--upload-pack=touch .*; git-upload-pack" starts with '-' \(git would read it as an option\); give a branch name as git allows it \(e\.g\. opencontrail\)\n$/,
      );
      assert.equal(result.stdout, '');
    }
    assert.equal(existsSync(canary), false);
    assert.equal(git(c.checkout, 'rev-parse', '--abbrev-ref', 'HEAD').trim(), 'master');
    assert.equal(existsSync(join(c.base, 'stack', '.devstack-contrail')), false, 'no backup set: nothing was applied');
  });

  it('refuses a repository git would read as an option or run a helper for, naming the setting', () => {
    const c = checkoutOnMaster();
    for (const [value, reason] of [
      [`--upload-pack=touch ${c.canaries}/x`, /starts with '-'/],
      [`ext::sh -c touch% ${c.canaries}/x`, /has a space/],
      [`ext::sh`, /transport::address form/],
      ['ssh://-oProxyCommand=touch/x', /host or user that starts with '-'/],
    ] as const) {
      const result = runCli(['plan', '--devstack', c.devstack, '--steps', 'nova-docker', '--set', `NOVA_DOCKER_REPO=${value}`]);
      assert.equal(result.status, 2, value);
      assert.match(result.stderr, /^devstack-contrail plan: --set NOVA_DOCKER_REPO: /);
      assert.match(result.stderr, reason);
    }
    assert.deepEqual(readdirSync(c.canaries), []);
  });
});
