import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeHostLoadText, containerLoadText, rightSizingText } from '../../../src/core/load/loadText';

const GIB = 1024 ** 3;
const load = (cpuPercent: number) => ({
  time: 0,
  cpuPercent,
  cpus: 2,
  memoryUsedBytes: 3 * GIB,
  memoryTotalBytes: 8 * GIB,
  containers: [{ id: 'c1', cpuPercent: 12.34, memoryBytes: 200 * 1024 * 1024 }],
});
const reservation = {
  providerId: 'p',
  host: 'compute1',
  vcpu: { total: 2, reserved: 0, allocationRatio: 16, used: 4, capacity: 32 },
  memoryMb: { total: 8192, reserved: 512, allocationRatio: 1.5, used: 2048, capacity: 11520 },
};

describe('live load in the Instances view', () => {
  it("shows a compute host's CPU, memory used and what flavors hold, and marks it busy over the threshold", () => {
    const calm = computeHostLoadText(load(42.4), undefined, reservation, 80);
    assert.deepEqual([calm.description, calm.busy], ['CPU 42 % · 3.0/8.0 GiB · flavors 2.0 GiB', false]);
    assert.match(
      calm.tooltip,
      /^live: CPU 42 % of 2 CPUs, memory 3\.0 GiB used of 8\.0 GiB\nmemory held by flavors: 2\.0 GiB of 11\.3 GiB\nvCPUs held by flavors: 4 of 32\n1 container\(s\)$/,
    );
    const busy = computeHostLoadText(load(91), undefined, undefined, 80);
    assert.deepEqual([busy.description, busy.busy], ['busy · CPU 91 % · 3.0/8.0 GiB', true]);
    assert.match(busy.tooltip, /\(over 80 %\)/);
  });

  it('says when a host does not answer or has no reading yet, and keeps what flavors hold', () => {
    assert.equal(computeHostLoadText(undefined, 'no reading for 13 s', reservation, 80).description, 'not answering · flavors 2.0 GiB');
    assert.equal(computeHostLoadText(undefined, undefined, undefined, 80).description, 'measuring…');
    assert.equal(containerLoadText({ id: 'c1', cpuPercent: 12.34, memoryBytes: 200 * 1024 * 1024 }), 'CPU 12.3 % · 200 MiB');
    assert.equal(containerLoadText(undefined), undefined);
  });

  it("advises the smallest flavor that holds a server's p95, once there are readings", () => {
    const flavors = [
      { id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 },
      { id: '2', name: 'm1.small', vcpus: 1, ram: 2048, disk: 20 },
    ];
    const summary = {
      cpu: { p50: 2, p95: 3, max: 4, samples: 30 },
      memory: { p50: 30 * 1024 * 1024, p95: 40 * 1024 * 1024, max: 41 * 1024 * 1024, samples: 30 },
    };
    assert.equal(
      rightSizingText(summary, flavors, { id: '2', name: 'm1.small' }),
      'right-size (over 30 readings): m1.tiny (512 MiB, 1 vCPU) holds p95 3 % CPU, 40 MiB; m1.small reserves 2048 MiB, 1 vCPU',
    );
    assert.equal(rightSizingText({}, flavors, { id: '2' }), undefined, 'no readings yet: no advice');
    assert.equal(rightSizingText(summary, undefined, { id: '2' }), undefined, 'no flavors listed: no advice');
  });
});
