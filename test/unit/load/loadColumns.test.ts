import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeHostsOf, loadColumns, MAX_CONTAINER_ROWS, type LoadColumnsInput } from '../../../src/core/load/loadColumns';
import type { HostLoad } from '../../../src/core/load/loadTracker';
import type { HostReservation, Server } from '../../../src/core/openstack/types';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;
const uuid = (n: number) => `e2e00000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const cid = (n: number) => `${String(n).padStart(4, '0')}${'ab'.repeat(30)}`;

function server(n: number, host: string | undefined, name = `web-${n}`): Server {
  return { id: uuid(n), name, status: 'ACTIVE', host, addresses: [], flavor: { name: 'm1.tiny' }, image: {} };
}

function load(cpuPercent: number, containers: [n: number, cpu: number, memMib: number][]): HostLoad {
  return {
    time: 1_000,
    cpuPercent,
    cpus: 2,
    memoryUsedBytes: 3 * GIB,
    memoryTotalBytes: 8 * GIB,
    containers: containers.map(([n, cpu, mem]) => ({ id: cid(n), cpuPercent: cpu, memoryBytes: mem * MIB })),
  };
}

const known = (n: number, serverN?: number) => ({
  id: cid(n),
  name: serverN ? `nova-${uuid(serverN)}` : `other-${n}`,
  novaServer: serverN ? uuid(serverN) : undefined,
});

const reservation = (host: string, vcpuUsed: number, memUsed: number): HostReservation => ({
  providerId: `rp-${host}`,
  host,
  vcpu: { total: 2, reserved: 0, allocationRatio: 16, used: vcpuUsed, capacity: 32 },
  memoryMb: { total: 8192, reserved: 512, allocationRatio: 1.5, used: memUsed, capacity: 11520 },
});

function input(partial: Partial<LoadColumnsInput>): LoadColumnsInput {
  return { servers: [], sshHostOf: (h) => h, reading: () => ({}), ...partial };
}

describe('Load panel columns', () => {
  it('lists every compute host once, sorted: hypervisors, Placement providers that hold compute, servers’ hosts', () => {
    assert.deepEqual(
      computeHostsOf({
        hypervisors: ['compute2'],
        reservations: [reservation('compute3', 0, 0), { providerId: 'numa', host: 'compute3-numa0' }],
        servers: [server(1, 'compute1'), server(2, undefined), server(3, 'compute2')],
      }),
      ['compute1', 'compute2', 'compute3'],
    );
  });

  it('gives each host its own live figures, reserved vs used, and its containers heaviest first with their servers', () => {
    const loads: Record<string, HostLoad> = {
      compute1: load(42, [
        [1, 5, 40],
        [2, 80, 10],
        [9, 1, 5],
      ]),
      compute2: load(3, [[3, 0.5, 20]]),
    };
    const columns = loadColumns(
      input({
        servers: [server(1, 'compute1'), server(2, 'compute1', 'busy'), server(3, 'compute2')],
        reservations: [reservation('compute1', 2, 1024), reservation('compute2', 1, 512)],
        reading: (h) => ({
          load: loads[h],
          summary: { cpu: { p50: 30, p95: 60, max: 70, samples: 5 }, memory: { p50: GIB, p95: 2 * GIB, max: 2 * GIB, samples: 5 } },
          containers: h === 'compute1' ? [known(1, 1), known(2, 2), known(9)] : [known(3, 3)],
        }),
      }),
    );
    assert.deepEqual(
      columns.map((c) => [c.host, c.sshHost, c.state, c.cpuPercent, c.p95CpuPercent, c.servers]),
      [
        ['compute1', 'compute1', 'live', 42, 60, 2],
        ['compute2', 'compute2', 'live', 3, 60, 1],
      ],
    );
    const [one, two] = columns;
    assert.deepEqual(
      one?.containers.map((c) => [c.serverName ?? c.name, c.cpuPercent, c.memoryBytes / MIB, c.id.length]),
      [
        ['busy', 80, 10, 12],
        ['web-1', 5, 40, 12],
        ['other-9', 1, 5, 12],
      ],
      'a container that is no server of Nova counts on a host of its own',
    );
    assert.deepEqual(one?.reservation, { vcpusUsed: 2, vcpusCapacity: 32, memoryMbUsed: 1024, memoryMbCapacity: 11520 });
    assert.equal(one?.containersCpuPercent, 86);
    assert.equal(one?.containersMemoryBytes, 55 * MIB);
    assert.deepEqual([one?.memoryUsedBytes, one?.memoryTotalBytes, one?.otherContainers], [3 * GIB, 8 * GIB, 0]);
    assert.deepEqual(
      two?.containers.map((c) => c.serverId),
      [uuid(3)],
    );
  });

  it('on one Docker shared by several compute hosts, each column lists only the containers of its own servers', () => {
    const columns = loadColumns(
      input({
        servers: [server(1, 'compute1'), server(2, 'compute2')],
        sshHostOf: () => 'devstack-zed',
        reading: () => ({
          load: load(10, [
            [1, 4, 10],
            [2, 6, 10],
            [7, 1, 1],
          ]),
          containers: [known(1, 1), known(2, 2), known(7)],
        }),
      }),
    );
    assert.deepEqual(
      columns.map((c) => [c.host, c.sharedWith, c.containers.map((r) => r.serverName), c.otherContainers]),
      [
        ['compute1', ['compute2'], ['web-1'], 2],
        ['compute2', ['compute1'], ['web-2'], 2],
      ],
    );
  });

  it('says when a host stops answering, is still measuring, or has no SSH host; and when reservations are not shown', () => {
    const columns = loadColumns(
      input({
        servers: [server(1, 'compute1'), server(2, 'compute2'), server(3, 'compute3')],
        sshHostOf: (h) => (h === 'compute3' ? undefined : h),
        reading: (h) =>
          h === 'compute1' ? { load: load(50, [[1, 5, 5]]), problem: 'no reading for 13 s' } : { containers: [known(2, 2)] },
      }),
    );
    assert.deepEqual(
      columns.map((c) => [c.host, c.state, c.cpuPercent, c.containers.length]),
      [
        ['compute1', 'unanswered', undefined, 1],
        ['compute2', 'measuring', undefined, 0],
        ['compute3', 'unmapped', undefined, 0],
      ],
    );
    assert.match(columns[0]?.note ?? '', /compute1 is not answering: no reading for 13 s/);
    assert.match(columns[2]?.note ?? '', /Hosts view/);
    for (const c of columns) {
      assert.equal(c.reservation, null);
      assert.match(c.reservationNote ?? '', /admin/);
    }
    const notInPlacement = loadColumns(input({ servers: [server(1, 'compute1')], reservations: [reservation('compute9', 0, 0)] }));
    assert.equal(notInPlacement.find((c) => c.host === 'compute1')?.reservationNote, 'not in Placement');
  });

  it('shows the cloud’s own SSH host when Nova names no compute host to the user, and caps the rows', () => {
    const many = Array.from({ length: MAX_CONTAINER_ROWS + 5 }, (_, i): [number, number, number] => [i + 1, i, 1]);
    const [only, ...rest] = loadColumns(
      input({
        servers: [server(1, undefined)],
        cloudSshHost: 'devstack-zed',
        reading: () => ({ load: load(1, many), containers: [] }),
      }),
    );
    assert.equal(rest.length, 0);
    assert.deepEqual([only?.host, only?.sshHost, only?.state, only?.servers], ['devstack-zed', 'devstack-zed', 'live', 1]);
    assert.equal(only?.containers.length, MAX_CONTAINER_ROWS);
    assert.equal(only?.otherContainers, 5);
    assert.equal(only?.containers[0]?.cpuPercent, MAX_CONTAINER_ROWS + 4, 'the heaviest are kept');
    assert.deepEqual(loadColumns(input({})), []);
  });
});
