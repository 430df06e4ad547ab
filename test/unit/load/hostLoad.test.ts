import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { HostFrameParser, MAX_CONTAINERS_PER_FRAME, SAMPLER_SCRIPT, type HostFrame } from '../../../src/core/load/hostSampler';
import { LoadTracker } from '../../../src/core/load/loadTracker';
import { RollingWindow } from '../../../src/core/load/rollingWindow';

const ID_A = 'a'.repeat(64);
const ID_B = 'b'.repeat(64);

function framesOf(...chunks: string[]): HostFrame[] {
  const frames: HostFrame[] = [];
  const parser = new HostFrameParser((f) => frames.push(f));
  for (const chunk of chunks) parser.push(chunk);
  return frames;
}

/** a cgroup v2 container host with 2 CPUs by quota, two containers */
function v2Frame(uptime: number, hostUsec: number, aUsec: number, bUsec: number): string {
  return [
    `F ${uptime}`,
    `G ${hostUsec} 200000 100000 0-3`,
    'H 900000000 1073741824 100000000',
    'MemTotal: 16000000 kB',
    'MemAvailable: 8000000 kB',
    `C ${ID_A} ${aUsec} 300000000 50000000`,
    `C ${ID_B} ${bUsec} 10000000 -`,
    'E',
    '',
  ].join('\n');
}

describe("live load of a host, from the sampler's frames", () => {
  it('reads a real frame of this machine: /proc/stat, /proc/meminfo, and a CPU % between 0 and 100', async () => {
    const frames: HostFrame[] = [];
    const parser = new HostFrameParser((f) => frames.push(f));
    const child = spawn('sh', ['-c', SAMPLER_SCRIPT, 'sampler', '0.2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        parser.push(d.toString());
        if (frames.length >= 3) resolve();
      }),
    );
    child.kill();
    assert.equal(stderr, '', 'the script runs under sh without complaint');
    const memTotalKb = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]);
    const first = frames[0];
    assert.ok(first);
    assert.ok(first.memoryTotalBytes <= memTotalKb * 1024 && first.memoryTotalBytes > 0);
    assert.ok(first.memoryUsedBytes > 0 && first.memoryUsedBytes < first.memoryTotalBytes);
    const tracker = new LoadTracker();
    const loads = frames.map((f, i) => tracker.add(f, 1000 + i * 200));
    assert.equal(loads[0], undefined, 'the first frame has nothing to take a delta from');
    const load = loads[2];
    assert.ok(load && load.cpuPercent >= 0 && load.cpuPercent <= 100, `CPU ${load?.cpuPercent}`);
  });

  it("takes a container host's CPU from its cgroup (quota 2 CPUs) and its memory from memory.current less inactive_file", () => {
    // 1 s apart: the host used 1.5 CPU-seconds of its 2; container A one CPU, B a quarter of one
    const frames = framesOf(v2Frame(100, 5_000_000, 1_000_000, 0), v2Frame(101, 6_500_000, 2_000_000, 250_000));
    assert.equal(frames.length, 2);
    const frame = frames[1];
    assert.ok(frame);
    assert.equal(frame.memoryTotalBytes, 1073741824, "memory.max below the machine's RAM is the host's total");
    assert.equal(frame.memoryUsedBytes, 800000000);
    const tracker = new LoadTracker();
    tracker.add(frames[0]!, 0);
    const load = tracker.add(frame, 1000);
    assert.ok(load);
    assert.equal(load.cpuPercent, 75);
    assert.equal(load.cpus, 2);
    assert.deepEqual(
      load.containers.map((c) => [c.id.slice(0, 1), c.cpuPercent, c.memoryBytes]),
      [
        ['a', 100, 250000000],
        ['b', 25, 10000000],
      ],
    );
  });

  it("reads cgroup v1 containers (cpuacct in nanoseconds) and a machine's /proc/stat", () => {
    const frame = (up: number, busy: number, idle: number, ns: number): string =>
      [
        `F ${up}`,
        `cpu  ${busy} 0 0 ${idle} 0 0 0 0 0 0`,
        'MemTotal: 1000 kB',
        'MemAvailable: 250 kB',
        `c ${ID_A} ${ns} 4096 1024`,
        'E',
        '',
      ].join('\n');
    const frames = framesOf(frame(10, 100, 900, 1e9), frame(12, 400, 1600, 2e9));
    const tracker = new LoadTracker();
    tracker.add(frames[0]!, 0);
    const load = tracker.add(frames[1]!, 2000);
    assert.ok(load);
    assert.equal(load.cpuPercent, 30, '300 busy of 1000 more ticks');
    assert.equal(load.memoryUsedBytes, 750 * 1024);
    assert.deepEqual(load.containers, [{ id: ID_A, cpuPercent: 50, memoryBytes: 3072 }]);
  });

  it("takes a cgroup v1 container host's CPU from cpuacct.usage (ns) against cfs_quota_us, its memory from memory.usage_in_bytes", () => {
    const frame = (up: number, hostNs: number): string =>
      [
        `F ${up}`,
        `g ${hostNs} 50000 100000 -`,
        'H 600000000 8589934592 100000000',
        'MemTotal: 16000000 kB',
        'MemAvailable: 8000000 kB',
        `c ${ID_A} ${hostNs / 2} 4096 0`,
        'E',
        '',
      ].join('\n');
    // 2 s apart: the host used 0.5 CPU-seconds of its 2 × 0.5; its container half of that
    const frames = framesOf(frame(50, 1e9), frame(52, 1.5e9));
    const tracker = new LoadTracker();
    tracker.add(frames[0]!, 0);
    const load = tracker.add(frames[1]!, 2000);
    assert.ok(load);
    assert.equal(load.cpus, 0.5, 'half a core by quota');
    assert.equal(load.cpuPercent, 50);
    assert.equal(load.memoryTotalBytes, 8589934592, "the cgroup's limit, below the machine's RAM");
    assert.equal(load.memoryUsedBytes, 500000000);
    assert.equal(load.containers[0]?.cpuPercent, 12.5, 'a container in % of one core, as docker stats counts');
  });

  it('parses frames cut anywhere into chunks, and keeps nothing of lines that do not have the shape', () => {
    const text = v2Frame(100, 1, 1, 1) + 'garbage line\nC notanid 1 2 3\nC ' + ID_A + ' -5 1 1\n' + v2Frame(101, 2, 2, 2);
    const whole = framesOf(text);
    const cut = framesOf(...text.match(/[\s\S]{1,7}/g)!);
    assert.deepEqual(cut, whole);
    assert.equal(whole.length, 2);
    assert.ok(whole.every((f) => f.containers.length === 2));
    assert.deepEqual(framesOf('F 1\nMemTotal: 5 kB\nE\n'), [], 'a frame without CPU counters is dropped');
    assert.deepEqual(
      framesOf('x'.repeat(100_000) + '\n' + v2Frame(5, 1, 1, 1)).length,
      1,
      'an endless line is dropped, the next frame read',
    );
  });

  it('caps the containers it keeps from one frame', () => {
    const lines = ['F 1', 'cpu 1 1 1 1', 'MemTotal: 10 kB', 'MemAvailable: 5 kB'];
    for (let i = 0; i < MAX_CONTAINERS_PER_FRAME + 50; i++) lines.push(`C ${i.toString(16).padStart(12, '0')} 1 1 0`);
    const [frame] = framesOf([...lines, 'E', ''].join('\n'));
    assert.equal(frame?.containers.length, MAX_CONTAINERS_PER_FRAME);
  });

  it('gives p50 and p95 over the window, forgets samples and containers older than it, and says nothing after a reboot', () => {
    const tracker = new LoadTracker(10_000);
    let t = 0;
    let usec = 0;
    for (let i = 0; i < 40; i++) {
      // 1 s frames; container A busy 10 % in the first 20 s, then 90 %
      usec += i < 20 ? 100_000 : 900_000;
      const [frame] = framesOf(v2Frame(100 + i, usec * 2, usec, 0));
      tracker.add(frame!, (t += 1000));
    }
    const a = tracker.container(ID_A).cpu;
    assert.ok(a);
    assert.equal(a.samples, 11, 'the last 10 s and the sample at its edge');
    assert.equal(a.p50, 90);
    assert.equal(tracker.host().cpu?.p95, 90);
    const [rebooted] = framesOf(v2Frame(3, 1, 1, 1));
    assert.equal(tracker.add(rebooted!, (t += 1000)), undefined, 'uptime went back: no delta across a reboot');
    const [later] = framesOf(v2Frame(60, 2, 2, 2).replace(/^C .*$/gm, ''));
    tracker.add(later!, t + 60_000);
    assert.equal(tracker.container(ID_A).cpu, undefined, 'a container gone for a whole window is forgotten');
  });

  it('ranks percentiles by nearest rank', () => {
    const w = new RollingWindow(1e9);
    for (let v = 1; v <= 100; v++) w.add(v, v);
    assert.deepEqual(w.percentiles(), { p50: 50, p95: 95, max: 100, samples: 100 });
    assert.equal(new RollingWindow(10).percentiles(), undefined);
  });
});
