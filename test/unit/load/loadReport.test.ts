import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadReportText } from '../../../src/cli/loadCommand';

const cli = join(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');
const run = (args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, OS_CLIENT_CONFIG_FILE: '/nonexistent' } });
const MIB = 1024 * 1024;

describe('devstack-contrail load', () => {
  it('says per host what flavors reserve, what is used now and by which containers, busiest first', () => {
    const text = loadReportText([
      {
        host: 'compute1',
        reservation: {
          providerId: 'p1',
          host: 'compute1',
          vcpu: { total: 2, reserved: 0, allocationRatio: 16, used: 3, capacity: 32 },
          memoryMb: { total: 4096, reserved: 512, allocationRatio: 1.5, used: 1024, capacity: 5376 },
        },
        load: {
          time: 0,
          cpuPercent: 42.25,
          cpus: 2,
          memoryUsedBytes: 1500 * MIB,
          memoryTotalBytes: 4096 * MIB,
          containers: [
            { id: 'aaaaaaaaaaaaaaaa', cpuPercent: 1.5, memoryBytes: 10 * MIB },
            { id: 'bbbbbbbbbbbbbbbb', cpuPercent: 80, memoryBytes: 300 * MIB },
          ],
        },
      },
      { host: 'compute2', loadProblem: 'not answering: no reading for 9 s' },
    ]);
    assert.equal(
      text,
      [
        'compute1',
        '  flavors:  vCPU 3 reserved of 32 (2 × 16); memory 1024 MiB reserved of 5376 MiB (4096 MiB × 1.5)',
        '  now:      CPU 42.3 % of 2 CPUs; memory 1500 MiB used of 4096 MiB',
        '    bbbbbbbbbbbb  CPU 80.0 %  memory 300 MiB',
        '    aaaaaaaaaaaa  CPU 1.5 %  memory 10 MiB',
        'compute2',
        '  flavors:  vCPU not in Placement; memory not in Placement',
        '  now:      not answering: no reading for 9 s',
      ].join('\n'),
    );
  });

  it('refuses bad usage with exit 2 and a message, before it reaches any cloud or host', () => {
    for (const [args, message] of [
      [['load'], /name the cloud with --cloud NAME/],
      [['load', '--cloud', 'x', '--ssh', 'compute1'], /--ssh: "compute1" is not HOST=user@address\[:port\]/],
      [['load', '--cloud', 'x', '--seconds', '1'], /--seconds: "1" is not a whole number from 2 to 60/],
      [['load', '--cloud', 'x', '--format', 'xml'], /--format: "xml" is not text or json/],
      [['load', '--cloud', 'x'], /no cloud "x"/],
    ] as const) {
      const result = run([...args]);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    }
    assert.match(run(['load', '--help']).stdout, /^devstack-contrail load --cloud NAME \[options\]/);
  });
});
