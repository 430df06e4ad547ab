import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type Docker from 'dockerode';
import {
  ContainerGoneError,
  cpuPercent,
  dockerError,
  DockerStreamDemuxer,
  findServerContainer,
  LineSplitter,
  logLine,
  memoryInUse,
  parseIpInterfaces,
  ServerContainer,
  statsSample,
} from '../../../src/core/docker/serverContainer';
import { MAX_LOG_LINE } from '../../../src/core/docker/containerReadings';

// Trimmed from a real reading of the test env's busybox container (docker 20.10, cgroup v1).
const CGROUP_V1 = {
  read: '2026-11-24T05:11:06.536619852Z',
  preread: '2026-11-24T05:11:05.513429574Z',
  cpu_stats: {
    cpu_usage: { total_usage: 392056975, percpu_usage: [199311794, 192745181] },
    system_cpu_usage: 17678950000000,
    online_cpus: 2,
  },
  precpu_stats: {
    cpu_usage: { total_usage: 390473431, percpu_usage: [198422698, 192050733] },
    system_cpu_usage: 17676960000000,
    online_cpus: 2,
  },
  memory_stats: { usage: 1613824, stats: { cache: 974848, inactive_file: 200704, total_inactive_file: 200704 }, limit: 25276502016 },
};

// cgroup v2 (newer engines): no total_* keys, inactive_file instead, and networks for a bridged container.
const CGROUP_V2 = {
  read: '2025-03-01T10:00:02Z',
  cpu_stats: { cpu_usage: { total_usage: 3_000_000_000 }, system_cpu_usage: 204_000_000_000, online_cpus: 4 },
  precpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 200_000_000_000, online_cpus: 4 },
  memory_stats: { usage: 50_000_000, stats: { inactive_file: 10_000_000, anon: 30_000_000 }, limit: 1_073_741_824 },
  networks: { eth0: { rx_bytes: 1000, tx_bytes: 200 }, ns1234: { rx_bytes: 24, tx_bytes: 6 } },
};

describe('stats → sample, as docker stats computes it', () => {
  it('CPU % is the usage delta over the system delta times the online CPUs', () => {
    const expected = ((392056975 - 390473431) / (17678950000000 - 17676960000000)) * 2 * 100;
    assert.ok(Math.abs(cpuPercent(CGROUP_V1) - expected) < 1e-9, `${cpuPercent(CGROUP_V1)} vs ${expected}`);
    assert.equal(cpuPercent(CGROUP_V2), 100); // 1e9 of 4e9 system ns on 4 CPUs = one full CPU
  });

  it('counts the per-CPU list when online_cpus is missing (old engines)', () => {
    const old = structuredClone(CGROUP_V1) as Record<string, unknown> & typeof CGROUP_V1;
    delete (old.cpu_stats as { online_cpus?: number }).online_cpus;
    assert.ok(Math.abs(cpuPercent(old) - cpuPercent(CGROUP_V1)) < 1e-9);
  });

  it('reports 0 % for the first sample of a stream, which has no previous reading', () => {
    assert.equal(cpuPercent({ ...CGROUP_V1, precpu_stats: { cpu_usage: { total_usage: 0 }, system_cpu_usage: 0 } }), 0);
    assert.equal(cpuPercent({ ...CGROUP_V1, precpu_stats: {} }), 0);
  });

  it('memory is usage minus the inactive page cache (cgroup v1 and v2)', () => {
    assert.equal(memoryInUse(CGROUP_V1), 1613824 - 200704);
    assert.equal(memoryInUse(CGROUP_V2), 40_000_000);
    assert.equal(memoryInUse({ memory_stats: { usage: 5000 } }), 5000);
    assert.equal(memoryInUse({ memory_stats: { usage: 100, stats: { inactive_file: 500 } } }), 100);
  });

  it('builds a sample with the read time, limit and summed network counters', () => {
    assert.deepEqual(statsSample(CGROUP_V2), {
      time: Date.parse('2025-03-01T10:00:02Z'),
      cpuPercent: 100,
      memoryBytes: 40_000_000,
      memoryLimitBytes: 1_073_741_824,
      networkRxBytes: 1024,
      networkTxBytes: 206,
    });
    const v1 = statsSample(CGROUP_V1);
    assert.equal(v1?.networkRxBytes, 0); // --network none: no networks key
    assert.equal(v1?.memoryLimitBytes, 25276502016);
  });

  it('gives no sample for the empty reading of a stopped container, nor for garbage', () => {
    assert.equal(statsSample({ read: '0001-01-01T00:00:00Z', memory_stats: {}, cpu_stats: {} }), undefined);
    assert.equal(statsSample(null), undefined);
    assert.equal(statsSample('{"read":1}'), undefined);
    assert.equal(statsSample({ read: 'yesterday' }), undefined);
  });
});

describe('ip -o link / ip -o addr → interfaces', () => {
  it('reads busybox ip (the test env image): flags only, no state word', () => {
    const link =
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n';
    const addr = '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n';
    assert.deepEqual(parseIpInterfaces(link, addr), [
      { name: 'lo', state: 'UP', mtu: 65536, mac: '00:00:00:00:00:00', addresses: ['127.0.0.1/8'] },
    ]);
  });

  it('reads iproute2 output with a veth peer suffix, a vRouter tap and IPv6', () => {
    const link = [
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
      '17: ns3f2a9c1e-b4@if18: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 02:3f:2a:9c:1e:b4 brd ff:ff:ff:ff:ff:ff link-netnsid 0',
      '19: eth1: <BROADCAST,MULTICAST> mtu 1400 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\    link/ether 02:aa:bb:cc:dd:ee brd ff:ff:ff:ff:ff:ff',
    ].join('\n');
    const addr = [
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
      '1: lo    inet6 ::1/128 scope host \\       valid_lft forever preferred_lft forever',
      '17: ns3f2a9c1e-b4    inet 10.0.0.3/24 brd 10.0.0.255 scope global ns3f2a9c1e-b4\\       valid_lft forever preferred_lft forever',
      '17: ns3f2a9c1e-b4    inet6 fe80::3f:2aff:fe9c:1eb4/64 scope link \\       valid_lft forever preferred_lft forever',
    ].join('\n');
    assert.deepEqual(parseIpInterfaces(link, addr), [
      { name: 'lo', state: 'UP', mtu: 65536, mac: '00:00:00:00:00:00', addresses: ['127.0.0.1/8', '::1/128'] },
      { name: 'ns3f2a9c1e-b4', state: 'UP', mtu: 1500, mac: '02:3f:2a:9c:1e:b4', addresses: ['10.0.0.3/24', 'fe80::3f:2aff:fe9c:1eb4/64'] },
      { name: 'eth1', state: 'DOWN', mtu: 1400, mac: '02:aa:bb:cc:dd:ee', addresses: [] },
    ]);
  });

  it('keeps an address whose link line is missing, and skips lines it does not understand', () => {
    const result = parseIpInterfaces('garbage\n', '3: tap0    inet 192.168.1.5/24 scope global tap0\nnonsense line\n');
    assert.deepEqual(result, [{ name: 'tap0', state: 'UNKNOWN', addresses: ['192.168.1.5/24'] }]);
    assert.deepEqual(parseIpInterfaces('', ''), []);
  });
});

describe('log bytes → lines', () => {
  it('splits the Docker timestamp off the text', () => {
    assert.deepEqual(logLine('stdout', '2026-11-24T05:06:06.787807758Z tick 3'), {
      stream: 'stdout',
      text: 'tick 3',
      time: '2026-11-24T05:06:06.787807758Z',
    });
    assert.deepEqual(logLine('stderr', 'no timestamp here'), { stream: 'stderr', text: 'no timestamp here' });
    assert.deepEqual(logLine('stdout', '2026-11-24T05:06:06Z '), { stream: 'stdout', text: '', time: '2026-11-24T05:06:06Z' });
  });

  it('keeps UTF-8 split across chunks whole, handles \\r\\n, and flushes the last unterminated line', () => {
    const splitter = new LineSplitter();
    const bytes = Buffer.from('héllo\r\nwörld\npartial ✓');
    const lines = [...splitter.push(bytes.subarray(0, 2)), ...splitter.push(bytes.subarray(2, 11)), ...splitter.push(bytes.subarray(11))];
    assert.deepEqual(lines, ['héllo', 'wörld']);
    assert.deepEqual(splitter.flush(), ['partial ✓']);
    assert.deepEqual(splitter.flush(), []);
  });

  it('cuts an endless line into bounded pieces instead of buffering it all', () => {
    const splitter = new LineSplitter();
    const pieces = splitter.push('x'.repeat(MAX_LOG_LINE * 2 + 10));
    assert.equal(pieces.length, 2);
    assert.ok(pieces.every((p) => p.length === MAX_LOG_LINE));
    assert.deepEqual(splitter.flush(), ['x'.repeat(10)]);
  });
});

function frame(type: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('Docker multiplexed stream → stdout / stderr', () => {
  it('splits frames, also when headers and payloads straddle chunks', () => {
    const bytes = Buffer.concat([frame(1, 'out one\n'), frame(2, 'err\n'), frame(1, 'out two\n')]);
    for (const cut of [1, 5, 8, 9, 15, 16, 20, bytes.length - 1]) {
      const demuxer = new DockerStreamDemuxer();
      const frames = [...demuxer.push(bytes.subarray(0, cut)), ...demuxer.push(bytes.subarray(cut))];
      const text = (stream: string) =>
        frames
          .filter((f) => f.stream === stream)
          .map((f) => f.payload.toString())
          .join('');
      assert.equal(text('stdout'), 'out one\nout two\n', `cut at ${cut}`);
      assert.equal(text('stderr'), 'err\n', `cut at ${cut}`);
    }
  });

  it('reads a whole long log in one chunk without deep recursion (docker-modem overflows here)', () => {
    const many = Buffer.concat(Array.from({ length: 50_000 }, (_, i) => frame(1, `tick ${i}\n`)));
    const frames = new DockerStreamDemuxer().push(many);
    assert.equal(frames.length, 50_000);
    assert.equal(frames[49_999].payload.toString(), 'tick 49999\n');
  });

  it('passes a raw (TTY) stream through as stdout', () => {
    const demuxer = new DockerStreamDemuxer();
    assert.deepEqual(
      demuxer.push(Buffer.from('plain text from a tty\n')).map((f) => [f.stream, f.payload.toString()]),
      [['stdout', 'plain text from a tty\n']],
    );
    assert.deepEqual(
      demuxer.push(Buffer.from([1, 0, 0, 0])).map((f) => f.stream),
      ['stdout'],
    );
  });
});

describe('ServerContainer without a daemon', () => {
  const SERVER = 'e2e00000-0000-4000-8000-000000000001';

  it('builds the Open Shell command line with every argument quoted', () => {
    const container = new ServerContainer({} as Docker, SERVER, 'abc');
    assert.equal(container.shellCommand(), `docker exec -it nova-${SERVER} sh`);
    assert.equal(container.shellCommand('/bin/bash -l'), `docker exec -it nova-${SERVER} '/bin/bash -l'`);
  });

  it('never asks Docker about something that cannot be a server id', async () => {
    const docker = {
      getContainer: () => {
        throw new Error('must not be called');
      },
    } as unknown as Docker;
    for (const id of ['', '../../images/json', 'x y', 'a/b', '-rf', 'a'.repeat(65)])
      assert.equal(await findServerContainer(docker, id), undefined);
  });

  it('turns Docker failures into messages that say what happened', () => {
    const gone = dockerError(Object.assign(new Error('(HTTP code 404) no such container'), { statusCode: 404 }), `nova-${SERVER}`);
    assert.ok(gone instanceof ContainerGoneError);
    assert.equal(gone.message, `container nova-${SERVER} is gone: the server was deleted or nova-compute removed it`);
    const stopped = dockerError(
      Object.assign(new Error('(HTTP code 409)'), { statusCode: 409, json: { message: 'Container abc is not running' } }),
      'nova-x',
      'run ip',
    );
    assert.equal(stopped.message, 'container nova-x is not running, so it cannot run ip: start the server first');
    assert.equal(dockerError(new Error('socket hang up'), 'nova-x').message, 'container nova-x: socket hang up');
  });
});
