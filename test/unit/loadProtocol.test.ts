import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoadColumn } from '../../src/core/load/loadColumns';
import { checkLoadHostMessage, checkLoadWebviewMessage, LOAD_LIMITS, toLoadColumnView } from '../../src/shared/loadProtocol';
import { LIMITS } from '../../src/shared/protocol';

const COLUMN: LoadColumn = {
  host: 'compute1',
  sshHost: 'compute1',
  sharedWith: [],
  state: 'live',
  time: 1_700_000_000_000,
  cpuPercent: 12.5,
  cpus: 2,
  memoryUsedBytes: 3e9,
  memoryTotalBytes: 8e9,
  reservation: { vcpusUsed: 1, vcpusCapacity: 32, memoryMbUsed: 512, memoryMbCapacity: 11520 },
  servers: 1,
  containers: [{ id: 'abcdefabcdef', name: 'nova-x', serverId: 'x', serverName: 'web', cpuPercent: 3, memoryBytes: 1e6 }],
  containersCpuPercent: 3,
  containersMemoryBytes: 1e6,
  otherContainers: 0,
};

describe('Load panel messages', () => {
  it('accepts what the extension sends and what the page sends, and nothing else', () => {
    const view = { type: 'load', cloud: 'zed', columns: [toLoadColumnView(COLUMN)], busyCpuPercent: 80 };
    assert.deepEqual(checkLoadHostMessage(view), { ok: true, value: view });
    assert.deepEqual(checkLoadHostMessage({ type: 'load', cloud: 'zed', columns: [], loading: true, busyCpuPercent: 80 }).ok, true);
    assert.deepEqual(checkLoadHostMessage({ type: 'error', message: 'x' }).ok, true);
    assert.deepEqual(checkLoadWebviewMessage({ type: 'ready' }), { ok: true, value: { type: 'ready' } });
    assert.deepEqual(checkLoadWebviewMessage({ type: 'refresh', extra: 1 }), { ok: true, value: { type: 'refresh' } });
    const bad: [unknown, RegExp][] = [
      [{ type: 'boot' }, /unknown message type/],
      [{ type: 'load', cloud: 'zed', columns: [] }, /busyCpuPercent/],
      [
        { type: 'load', cloud: 'zed', busyCpuPercent: 80, columns: [{ ...toLoadColumnView(COLUMN), cpuPercent: Number.NaN }] },
        /columns\[0\]\.cpuPercent/,
      ],
      [
        { type: 'load', cloud: 'zed', busyCpuPercent: 80, columns: [{ ...toLoadColumnView(COLUMN), state: 'on fire' }] },
        /columns\[0\]\.state/,
      ],
      [
        {
          type: 'load',
          cloud: 'zed',
          busyCpuPercent: 80,
          columns: Array.from({ length: LOAD_LIMITS.columns + 1 }, () => toLoadColumnView(COLUMN)),
        },
        /columns/,
      ],
      [{ type: 'load', cloud: 'zed', busyCpuPercent: 80, columns: [{ ...toLoadColumnView(COLUMN), host: 'a\u0007b' }] }, /control/],
    ];
    for (const [value, error] of bad) {
      const checked = checkLoadHostMessage(value);
      assert.equal(checked.ok, false, JSON.stringify(value).slice(0, 80));
      if (!checked.ok) assert.match(checked.error, error);
    }
    const inspect = { type: 'inspect', serverId: 'e2e00000-0000-4000-8000-000000000001' };
    assert.deepEqual(checkLoadWebviewMessage(inspect), { ok: true, value: inspect });
    for (const refused of [{ type: 'action', action: 'delete' }, { type: 'inspect', serverId: '../../etc/passwd' }, { type: 'inspect' }])
      assert.equal(checkLoadWebviewMessage(refused).ok, false, JSON.stringify(refused));
  });

  it('sends remote strings escaped and cut, rows capped, numbers finite, so a hostile host never voids a message', () => {
    const hostile: LoadColumn = {
      ...COLUMN,
      host: `compute\u0007${'x'.repeat(400)}`,
      cpuPercent: Number.POSITIVE_INFINITY,
      memoryUsedBytes: -5,
      containers: Array.from({ length: LOAD_LIMITS.containers + 3 }, (_, i) => ({
        id: `id${i}`,
        name: '<img src=x onerror=alert(1)>',
        serverName: 'a\u001bb',
        cpuPercent: i,
        memoryBytes: 1,
      })),
      otherContainers: 1,
    };
    const view = toLoadColumnView(hostile);
    const checked = checkLoadHostMessage({ type: 'load', cloud: 'zed', columns: [view], busyCpuPercent: 80 });
    assert.equal(checked.ok, true, checked.ok ? '' : checked.error);
    assert.ok(view.host.startsWith('compute\\u0007x'));
    assert.equal(view.host.length, LIMITS.name);
    assert.equal(view.cpuPercent, undefined);
    assert.equal(view.memoryUsedBytes, 0);
    assert.equal(view.containers.length, LOAD_LIMITS.containers);
    assert.equal(view.otherContainers, 4);
    assert.equal(view.containers[0]?.name, '<img src=x onerror=alert(1)>', 'markup stays text: the page makes text nodes of it');
    assert.equal(view.containers[0]?.serverName, 'a\\u001bb');
  });
});
