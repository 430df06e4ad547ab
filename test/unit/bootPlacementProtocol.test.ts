import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostLoad } from '../../src/core/load/loadTracker';
import { placeByLiveLoad } from '../../src/core/load/placement';
import { toBootPlacementMessage } from '../../src/shared/bootPlacementProtocol';
import { checkHostMessage, checkWebviewMessage } from '../../src/shared/protocol';

const GIB = 1024 ** 3;
const load = (cpuPercent: number): HostLoad => ({
  time: 0,
  cpuPercent,
  memoryUsedBytes: GIB,
  memoryTotalBytes: 8 * GIB,
  containers: [],
});
const resource = { total: 4, reserved: 0, allocationRatio: 16, used: 2, capacity: 64 };

describe('the Boot form placement messages', () => {
  it('carry each host’s headroom and the recommendation, and pass the front end’s check', () => {
    const advice = placeByLiveLoad(
      [
        { host: 'compute1', load: load(90), reservation: { providerId: 'a', host: 'compute1', vcpu: resource } },
        { host: 'compute2', load: load(10), cpuP95: 12 },
        { host: 'compute3', loadProblem: 'not answering' },
      ],
      { name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 },
    );
    const message = toBootPlacementMessage('1', advice, new Map([['compute1', 'compute1']]), undefined);
    const checked = checkHostMessage(JSON.parse(JSON.stringify(message)), 'boot');
    assert.ok(checked.ok, checked.ok ? '' : checked.error);
    assert.deepEqual(checked.value, message, 'nothing is lost on the wire');
    assert.equal(message.recommended, 'compute2');
    assert.deepEqual(
      message.rows.map((r) => [r.host, r.verdict, r.recommended, r.cpuPercent, r.placementFree ?? '']),
      [
        ['compute1', 'busy', false, 90, '62 vCPU'],
        ['compute2', 'fits', true, 10, ''],
        ['compute3', 'no-reading', false, undefined, ''],
      ],
    );
    assert.equal(message.rows[0]?.sshHost, 'compute1');
    assert.equal(message.rows[1]?.memoryFreeMb, 7 * 1024);
  });

  it('say plainly why a boot cannot be placed, and escape a hostile host name', () => {
    const advice = placeByLiveLoad([{ host: 'evil\u0007<img>', load: load(1) }], { name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 });
    const message = toBootPlacementMessage('1', advice, new Map(), 'placing a boot on a host needs the admin role');
    assert.ok(checkHostMessage(message, 'boot').ok);
    assert.equal(message.rows[0]?.host, 'evil\\u0007<img>');
    assert.equal(message.cannotPlace, 'placing a boot on a host needs the admin role');
  });

  it('take the chosen flavor and the wish to place by live load from the form, nothing else', () => {
    assert.deepEqual(checkWebviewMessage({ type: 'placementFlavor', flavorId: '1', extra: 1 }, 'boot'), {
      ok: true,
      value: { type: 'placementFlavor', flavorId: '1' },
    });
    const boot = { type: 'boot', request: { name: 'a', imageId: 'i', flavorId: 'f', networkIds: ['n'], count: 1 }, placeByLoad: true };
    assert.deepEqual(checkWebviewMessage(boot, 'boot'), { ok: true, value: boot });
    assert.equal(checkWebviewMessage({ ...boot, placeByLoad: 'yes' }, 'boot').ok, false);
  });
});
