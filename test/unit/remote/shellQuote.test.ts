import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { shellCommand, shellQuote } from '../../../src/core/remote/shellQuote';

// The real check: a POSIX shell reads each quoted argument back unchanged.
function echoedBySh(args: string[]): string[] {
  const script = `${shellCommand(['printf', '%s\\0', ...args])}`;
  const out = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  const tricky = [
    'plain',
    '',
    'with space',
    "it's",
    '$(touch /tmp/pwned)',
    '`id`',
    '"double"',
    'a;b|c&d',
    'new\nline',
    '*',
    '~root',
    '-n',
    "'",
    "\\'",
  ];

  it('round-trips every argument through /bin/sh', () => {
    assert.deepEqual(echoedBySh(tricky), tricky);
  });

  it('leaves safe words bare and quotes the rest', () => {
    assert.equal(shellQuote('/etc/nova/nova.conf'), '/etc/nova/nova.conf');
    assert.equal(shellQuote('devstack@n-api'), 'devstack@n-api');
    assert.equal(shellQuote(''), "''");
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
  });

  it('refuses an empty command', () => {
    assert.throws(() => shellCommand([]), /at least a program/);
  });
});
