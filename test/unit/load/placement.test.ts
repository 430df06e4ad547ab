import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { HostLoad } from '../../../src/core/load/loadTracker';
import { hostHeadroom, placeByLiveLoad, type PlacementHost } from '../../../src/core/load/placement';
import type { HostReservation, ReservedResource } from '../../../src/core/openstack/types';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;
const TINY = { name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 };
const SMALL = { name: 'm1.small', vcpus: 1, ram: 2048, disk: 20 };

const load = (cpuPercent: number, freeBytes: number, totalBytes = 4 * GIB): HostLoad => ({
  time: 0,
  cpuPercent,
  memoryUsedBytes: totalBytes - freeBytes,
  memoryTotalBytes: totalBytes,
  containers: [],
});
const resource = (total: number, used: number, allocationRatio = 1): ReservedResource => ({
  total,
  reserved: 0,
  allocationRatio,
  used,
  capacity: total * allocationRatio,
});
const reservation = (host: string, vcpuUsed: number, memoryUsedMb = 0, vcpuTotal = 4): HostReservation => ({
  providerId: `rp-${host}`,
  host,
  vcpu: resource(vcpuTotal, vcpuUsed),
  memoryMb: resource(4096, memoryUsedMb),
  diskGb: resource(40, 0),
});
const host = (name: string, cpu: number, freeGib: number, extra: Partial<PlacementHost> = {}): PlacementHost => ({
  host: name,
  load: load(cpu, freeGib * GIB),
  reservation: reservation(name, 0),
  ...extra,
});

describe('the host to boot on by live load', () => {
  const table: { name: string; hosts: PlacementHost[]; flavor?: typeof TINY; busy?: number; expect: string | undefined; reason: RegExp }[] =
    [
      {
        name: 'the least loaded host, and why the others are not',
        hosts: [host('compute1', 85, 2), host('compute2', 18, 1.6), host('compute3', 40, 3)],
        expect: 'compute2',
        reason: /^compute2: 18 % CPU, 1\.6 GiB free; compute1 is at 85 % CPU, busy above 80 %; compute3 is at 40 % CPU$/,
      },
      {
        name: 'a busy host is passed over even with far more memory free',
        hosts: [host('compute1', 81, 30), host('compute2', 79, 0.6)],
        expect: 'compute2',
        reason: /compute1 is at 81 % CPU, busy above 80 %/,
      },
      {
        name: 'the threshold is the setting',
        hosts: [host('compute1', 30, 2), host('compute2', 60, 2)],
        busy: 20,
        expect: 'compute1',
        reason: /every host that fits m1\.tiny is above 20 % CPU; the least loaded is compute1: 30 % CPU, 2\.0 GiB free/,
      },
      {
        name: 'a host without room in Placement is never chosen, however idle',
        hosts: [host('compute1', 2, 3, { reservation: reservation('compute1', 4) }), host('compute2', 50, 1)],
        expect: 'compute2',
        reason: /compute1 has no room in Placement for m1\.tiny: needs 1 vCPU \(0 vCPU free\)/,
      },
      {
        name: 'a host without the flavor’s RAM free now is never chosen',
        hosts: [host('compute1', 1, 1), host('compute2', 60, 3)],
        flavor: SMALL,
        expect: 'compute2',
        reason: /compute1 has 1\.0 GiB free, m1\.small needs 2\.0 GiB/,
      },
      {
        name: 'a host without a live reading is not judged',
        hosts: [{ host: 'compute1', loadProblem: 'not answering: no reading for 13 s' }, host('compute2', 70, 1)],
        expect: 'compute2',
        reason: /compute1 gives no live reading \(not answering: no reading for 13 s\)/,
      },
      {
        name: 'within one CPU band, the host whose flavors hold less in Placement',
        hosts: [host('compute1', 3, 2, { reservation: reservation('compute1', 2) }), host('compute2', 4, 2)],
        expect: 'compute2',
        reason: /compute1 is as idle \(3 % CPU\) but its flavors hold more in Placement/,
      },
      {
        name: 'then the one with more memory free, then the first by name',
        hosts: [host('compute2', 1, 2), host('compute3', 2, 3), host('compute1', 1, 3)],
        expect: 'compute1',
        reason:
          /compute2 is as idle \(1 % CPU\) with less memory free \(2\.0 GiB\); compute3 is as idle \(2 % CPU\): the first by name wins/,
      },
      {
        name: 'memory free within one band counts as equal: the name decides',
        hosts: [host('compute3', 1, 7.85), host('compute2', 2, 7.8)],
        expect: 'compute2',
        reason: /^compute2: 2 % CPU, 7\.8 GiB free; compute3 is as idle \(1 % CPU\): the first by name wins$/,
      },
      {
        name: 'without Placement’s figures (not admin) live load alone decides',
        hosts: [host('compute1', 10, 2, { reservation: undefined }), host('compute2', 50, 2, { reservation: undefined })],
        expect: 'compute1',
        reason: /^compute1: 10 % CPU, 2\.0 GiB free; compute2 is at 50 % CPU$/,
      },
      {
        name: 'a host Nova will not use is left out',
        hosts: [host('compute1', 1, 2, { unavailable: 'is down in Nova' }), host('compute2', 40, 2)],
        expect: 'compute2',
        reason: /compute1 is down in Nova/,
      },
      {
        name: 'nothing when no host gives a reading',
        hosts: [{ host: 'compute1', loadProblem: 'no SSH host' }, { host: 'compute2' }],
        expect: undefined,
        reason: /^no compute host gives a live reading: compute1 gives no live reading \(no SSH host\); compute2 gives no live reading$/,
      },
      {
        name: 'nothing when no host fits the flavor',
        hosts: [host('compute1', 1, 1), host('compute2', 1, 0.5)],
        flavor: SMALL,
        expect: undefined,
        reason: /^no compute host fits m1\.small now: compute1 has 1\.0 GiB free/,
      },
      { name: 'nothing without hosts', hosts: [], expect: undefined, reason: /Nova lists no compute host/ },
    ];
  for (const row of table) {
    it(row.name, () => {
      const advice = placeByLiveLoad(row.hosts, row.flavor ?? TINY, { busyCpuPercent: row.busy ?? 80 });
      assert.equal(advice.recommended, row.expect);
      assert.match(advice.reason, row.reason);
      assert.deepEqual(
        advice.hosts.map((h) => h.host),
        row.hosts.map((h) => h.host),
        'every host, in the order given',
      );
    });
  }

  it('names at most three other hosts in the reason and counts the rest', () => {
    const hosts = Array.from({ length: 8 }, (_, i) => host(`compute${i + 1}`, 10 + i * 10, 2));
    const advice = placeByLiveLoad(hosts, TINY);
    assert.equal(advice.recommended, 'compute1');
    assert.match(advice.reason, /compute4 is at 40 % CPU; 4 more$/);
  });

  it('gives each host its headroom: Placement free, live CPU and memory left after the flavor', () => {
    const headroom = hostHeadroom(
      { host: 'compute1', load: load(25, 1.5 * GIB), cpuP95: 40, reservation: reservation('compute1', 1, 1024) },
      TINY,
    );
    assert.deepEqual(headroom, {
      host: 'compute1',
      verdict: 'fits',
      placementFits: true,
      placementFree: { vcpu: 3, memoryMb: 3072, diskGb: 40 },
      cpuPercent: 25,
      cpuP95: 40,
      cpuHeadroomPercent: 75,
      memoryFreeBytes: 1.5 * GIB,
      memoryHeadroomBytes: 1.5 * GIB - 512 * MIB,
      note: 'compute1: 25 % CPU (p95 40 %), 1.5 GiB free',
    });
    // an allocation ratio lets flavors hold more than the host has
    const overcommitted = { ...reservation('compute1', 6), vcpu: resource(4, 6, 2) };
    assert.equal(hostHeadroom({ host: 'compute1', load: load(1, GIB), reservation: overcommitted }, TINY).placementFits, true);
  });
});

describe('placement properties', () => {
  const arbitraryHost = (i: number) =>
    fc
      .record({
        cpu: fc.double({ min: 0, max: 100, noNaN: true }),
        freeMib: fc.integer({ min: 0, max: 8192 }),
        vcpuUsed: fc.integer({ min: 0, max: 5 }),
        measured: fc.boolean(),
      })
      .map(({ cpu, freeMib, vcpuUsed, measured }): PlacementHost => ({
        host: `compute${i}`,
        reservation: reservation(`compute${i}`, vcpuUsed),
        ...(measured ? { load: load(cpu, freeMib * MIB, 8192 * MIB) } : { loadProblem: 'not answering' }),
      }));
  const cloud = fc.integer({ min: 0, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbitraryHost(i + 1))));
  const threshold = fc.integer({ min: 1, max: 100 });

  it('never recommends a busy host while a host that is not busy fits', () => {
    fc.assert(
      fc.property(cloud, threshold, (hosts, busy) => {
        const advice = placeByLiveLoad(hosts, TINY, { busyCpuPercent: busy });
        const fitting = advice.hosts.filter((h) => h.verdict === 'fits');
        const chosen = advice.hosts.find((h) => h.host === advice.recommended);
        if (fitting.length > 0) {
          assert.ok(chosen, 'a host fits, so one is recommended');
          assert.equal(chosen.verdict, 'fits');
          assert.ok((chosen.cpuPercent ?? 0) <= busy);
          assert.equal(advice.busy, false);
        }
        if (chosen)
          assert.ok(chosen.verdict === 'fits' || chosen.verdict === 'busy', `never a host that cannot take it: ${chosen.verdict}`);
        else assert.ok(advice.hosts.every((h) => h.verdict !== 'fits' && h.verdict !== 'busy'));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same answer whatever the order of the hosts', () => {
    fc.assert(
      fc.property(
        cloud.chain((hosts) =>
          fc.tuple(fc.constant(hosts), fc.shuffledSubarray(hosts, { minLength: hosts.length, maxLength: hosts.length })),
        ),
        threshold,
        ([hosts, shuffled], busy) => {
          assert.equal(
            placeByLiveLoad(shuffled, TINY, { busyCpuPercent: busy }).recommended,
            placeByLiveLoad(hosts, TINY, { busyCpuPercent: busy }).recommended,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
