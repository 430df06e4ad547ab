import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { smallestFittingFlavor } from '../../../src/core/load/advice';
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
