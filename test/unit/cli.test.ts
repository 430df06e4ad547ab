import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// Runs the bundled CLI as a user would (dist/cli.js, built by `npm run build`).
const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

describe('devstack-contrail CLI', () => {
  it('prints its version', () => {
    const result = run('--version');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('prints help with the usage', () => {
    const result = run('--help');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /Usage:\n {2}devstack-contrail --version/);
  });

  it('exits 2 with a clear message on an unknown command, without a stack trace', () => {
    const result = run('frobnicate');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^devstack-contrail: unknown command "frobnicate"/);
    assert.doesNotMatch(result.stderr, /\bat .*\.js:\d+/);
  });
});
