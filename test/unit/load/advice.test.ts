import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recommendHost, smallestFittingFlavor } from '../../../src/core/load/advice';
import type { Flavor } from '../../../src/core/openstack/types';

const MIB = 1024 * 1024;
const flavor = (name: string, ram: number, vcpus: number): Flavor => ({ id: `id-${name}`, name, ram, vcpus, disk: 1 });
const FLAVORS = [flavor('m1.large', 8192, 4), flavor('m1.tiny', 512, 1), flavor('m1.small', 2048, 1), flavor('m1.medium', 4096, 2)];

describe('right-sizing a server from what its container used', () => {
  it('suggests the smallest flavor whose RAM holds the p95 with headroom and whose vCPUs cover the p95 CPU', () => {
    const large = FLAVORS[0];
    const advice = smallestFittingFlavor(FLAVORS, { cpuPercent: 40, memoryBytes: 300 * MIB }, large);
    assert.equal(advice.flavor?.name, 'm1.tiny');
    assert.match(advice.reason, /m1\.tiny \(512 MiB, 1 vCPU\) holds p95 40 % CPU, 300 MiB; m1\.large reserves 8192 MiB, 4 vCPU/);
    assert.equal(
      smallestFittingFlavor(FLAVORS, { cpuPercent: 40, memoryBytes: 450 * MIB }).flavor?.name,
      'm1.small',
      '450 MiB × 1.25 is over 512',
    );
    assert.equal(
      smallestFittingFlavor(FLAVORS, { cpuPercent: 150, memoryBytes: 100 * MIB }).flavor?.name,
      'm1.medium',
      '1.5 CPUs need 2 vCPU',
    );
  });

  it('says when the current flavor is already the one, and when none is big enough', () => {
    const tiny = FLAVORS[1];
    assert.match(smallestFittingFlavor(FLAVORS, { cpuPercent: 5, memoryBytes: 10 * MIB }, tiny).reason, /^m1\.tiny fits/);
    const none = smallestFittingFlavor(FLAVORS, { cpuPercent: 900, memoryBytes: 100 * MIB });
    assert.equal(none.flavor, undefined);
    assert.match(none.reason, /no flavor has 125 MiB and 9 vCPU/);
  });
});

describe('the host with the most live headroom', () => {
  const hosts = [
    { host: 'compute1', cpuPercent: 85, memoryAvailableBytes: 8000 * MIB },
    { host: 'compute2', cpuPercent: 30, memoryAvailableBytes: 400 * MIB },
    { host: 'compute3', cpuPercent: 45, memoryAvailableBytes: 4000 * MIB },
  ];

  it('skips hosts over the threshold or without memory for the flavor, and takes the least busy of the rest', () => {
    const advice = recommendHost(hosts, { ram: 512 }, 80);
    assert.equal(advice.host, 'compute3');
    assert.match(advice.reason, /compute3 has the most headroom: 45 % CPU, 4000 MiB free \(compute1 85 %, compute2 30 %\)/);
    assert.equal(recommendHost(hosts, { ram: 256 }, 80).host, 'compute2');
  });

  it('recommends nothing, and says why, when every host is busy or none reports', () => {
    assert.equal(recommendHost(hosts, { ram: 16384 }, 80).host, undefined);
    assert.match(recommendHost(hosts, { ram: 16384 }, 80).reason, /every host is above 80 % CPU or lacks 16384 MiB free/);
    assert.match(recommendHost([], { ram: 1 }, 80).reason, /no compute host reports its load/);
  });
});
