import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// `devstack-contrail boot` as a user runs it: bad usage is refused before any cloud or host is reached,
// with exit code 2 and what to do.
const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const run = (args: string[]) => spawnSync(process.execPath, [cli, 'boot', ...args], { encoding: 'utf8', timeout: 20_000 });
const BASE = ['--cloud', 'nowhere', '--image', 'busybox', '--flavor', 'm1.tiny', '--network', 'private'];

describe('devstack-contrail boot: usage', () => {
  it('prints its help, which the CLI help carries too', () => {
    const help = run(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^devstack-contrail boot --cloud NAME --image I --flavor F --network N \[options\]/);
    assert.match(help.stdout, /--place live-load +place each boot on the host live load recommends/);
    const all = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
    assert.ok(all.stdout.includes(help.stdout), 'declared once, shown in both');
  });

  const refused: [string, string[], RegExp][] = [
    ['what is missing', ['--cloud', 'x'], /name --image I, --flavor F, --network N/],
    [
      'an unknown placement',
      [...BASE, '--place', 'round-robin'],
      /--place: "round-robin" is not a placement \(the one there is: live-load\)/,
    ],
    [
      'placing without a host to measure',
      [...BASE, '--place', 'live-load'],
      /--place live-load measures each compute host: name them with --ssh HOST=user@address/,
    ],
    ['--ssh without --place', [...BASE, '--ssh', 'compute1=stack@10.0.0.5'], /--ssh is for --place live-load/],
    ['a malformed --ssh', [...BASE, '--place', 'live-load', '--ssh', 'compute1'], /--ssh: "compute1" is not HOST=user@address\[:port\]/],
    ['a count out of range', [...BASE, '--count', '0'], /--count: "0" is not a whole number from 1 to 50/],
    ['a threshold out of range', [...BASE, '--busy-cpu-percent', '120'], /--busy-cpu-percent: "120" is not a whole number from 1 to 100/],
    ['an unknown option', [...BASE, '--zone', 'nova'], /unknown option --zone/],
  ];
  for (const [what, args, message] of refused) {
    it(`refuses ${what} with exit 2`, () => {
      const result = run(args);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, new RegExp(`^devstack-contrail boot: ${message.source}`));
      assert.equal(result.stdout, '');
    });
  }
});
