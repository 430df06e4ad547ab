import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Server } from '../../src/core/openstack/types';
import {
  bootRequestProblems,
  checkHostMessage,
  checkWebviewMessage,
  LIMITS,
  parseWebviewMessage,
  toContainerDetails,
  toImageView,
  toLogLines,
  toNetworkView,
  toServerView,
  type WebviewMessage,
} from '../../src/shared/protocol';

const SERVER_ID = 'e2e00000-0000-4000-8000-000000000001';
const REQUEST = { name: 'web', imageId: 'img-1', flavorId: '1', networkIds: ['net-1'], count: 2 };

const SERVER: Server = {
  id: SERVER_ID,
  name: '<img src=x onerror=alert(1)>',
  status: 'ACTIVE',
  taskState: null,
  powerState: 1,
  host: 'host1',
  addresses: [{ network: 'private', addr: '10.0.0.3', version: 4, type: 'fixed', mac: 'fa:16:3e:00:00:01' }],
  flavor: { name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 },
  image: { id: 'img-1', name: 'busybox' },
  created: '2026-11-24T05:00:00Z',
  fault: { code: 500, message: 'No valid host was found.', details: 'Traceback…' },
};

describe('webview → extension messages', () => {
  it('accepts every valid message, each for its own panel', () => {
    const boot: WebviewMessage[] = [
      { type: 'ready' },
      { type: 'refresh' },
      { type: 'boot', request: REQUEST },
      { type: 'boot', request: { ...REQUEST, host: 'host2', count: 10 } },
      { type: 'inspect', serverId: SERVER_ID },
    ];
    const inspect: WebviewMessage[] = [
      { type: 'ready' },
      { type: 'refresh' },
      { type: 'action', action: 'stop' },
      { type: 'action', action: 'start' },
      { type: 'action', action: 'delete' },
      { type: 'followLogs', follow: false },
      { type: 'openShell' },
    ];
    for (const message of boot) assert.deepEqual(parseWebviewMessage(message, 'boot'), message);
    for (const message of inspect) assert.deepEqual(parseWebviewMessage(message, 'inspect'), message);
    assert.deepEqual(parseWebviewMessage({ type: 'openShell' }), { type: 'openShell' });
    assert.equal(parseWebviewMessage({ type: 'openShell' }, 'boot'), undefined);
    assert.equal(parseWebviewMessage({ type: 'boot', request: REQUEST }, 'inspect'), undefined);
  });

  it('rejects what is not a message, or of an unknown type', () => {
    for (const value of [
      undefined,
      null,
      42,
      'ready',
      [],
      [{ type: 'ready' }],
      {},
      { type: 7 },
      { type: 'Ready' },
      { type: 'eval', code: 'x' },
      { type: '__proto__' },
      { type: 'toString' },
    ]) {
      assert.equal(parseWebviewMessage(value), undefined, JSON.stringify(value));
    }
    const checked = checkWebviewMessage({ type: 'launch' }, 'boot');
    assert.equal(checked.ok, false);
    assert.match(checked.ok ? '' : checked.error, /unknown message type "launch"/);
  });

  it('rejects ill-typed fields and says which', () => {
    const cases: [unknown, RegExp][] = [
      [{ type: 'action', action: 'reboot' }, /^action: stop, start or delete$/],
      [{ type: 'action' }, /^action: stop, start or delete$/],
      [{ type: 'followLogs', follow: 'yes' }, /^follow: true or false$/],
      [{ type: 'boot', request: { ...REQUEST, count: '2' } }, /^request\.count: an integer from 1 to 10$/],
      [{ type: 'boot', request: { ...REQUEST, count: 1.5 } }, /^request\.count/],
      [{ type: 'boot', request: { ...REQUEST, count: 0 } }, /^request\.count/],
      [{ type: 'boot', request: { ...REQUEST, count: 11 } }, /^request\.count/],
      [{ type: 'boot', request: { ...REQUEST, networkIds: [] } }, /^request\.networkIds: a list of 1 to 16 items$/],
      [{ type: 'boot', request: { ...REQUEST, networkIds: 'net-1' } }, /^request\.networkIds: a list$/],
      [{ type: 'boot', request: { ...REQUEST, networkIds: ['net-1', 5] } }, /^request\.networkIds\[1\]: a string$/],
      [{ type: 'boot', request: { ...REQUEST, name: '' } }, /^request\.name: 1 to 255 characters$/],
      [{ type: 'boot', request: { ...REQUEST, name: 'x'.repeat(256) } }, /^request\.name/],
      [{ type: 'boot', request: { ...REQUEST, name: 'a\u0000b' } }, /^request\.name: no control characters$/],
      [{ type: 'boot', request: { ...REQUEST, host: 42 } }, /^request\.host: a string$/],
      [{ type: 'boot', request: { ...REQUEST, imageId: undefined } }, /^request\.imageId: a string$/],
      [{ type: 'boot', request: 'web' }, /^request: an object$/],
      [{ type: 'inspect', serverId: '../../etc/passwd' }, /^serverId: a server id$/],
      [{ type: 'inspect', serverId: 'x'.repeat(100) }, /^serverId/],
    ];
    for (const [value, error] of cases) {
      const checked = checkWebviewMessage(
        value,
        (value as { type: string }).type === 'boot' || (value as { type: string }).type === 'inspect' ? 'boot' : 'inspect',
      );
      assert.equal(checked.ok, false, JSON.stringify(value));
      assert.match(checked.ok ? '' : checked.error, error, JSON.stringify(value));
    }
  });

  it('rejects oversize lists and strings', () => {
    const many = Array.from({ length: LIMITS.bootNetworks + 1 }, (_, i) => `net-${i}`);
    assert.equal(parseWebviewMessage({ type: 'boot', request: { ...REQUEST, networkIds: many } }, 'boot'), undefined);
    assert.equal(parseWebviewMessage({ type: 'boot', request: { ...REQUEST, imageId: 'i'.repeat(LIMITS.id + 1) } }, 'boot'), undefined);
  });

  it('keeps only known keys, and never a prototype from the webview', () => {
    const parsed = parseWebviewMessage(
      JSON.parse(
        `{"type":"boot","request":{"name":"web","imageId":"i","flavorId":"f","networkIds":["n"],"count":1,"adminPass":"x","__proto__":{"polluted":true}},"extra":1}`,
      ),
      'boot',
    );
    assert.deepEqual(parsed, { type: 'boot', request: { name: 'web', imageId: 'i', flavorId: 'f', networkIds: ['n'], count: 1 } });
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);
    assert.equal(
      parseWebviewMessage(Object.assign(Object.create({ type: 'ready' }) as object, {})),
      undefined,
      'an inherited type does not count',
    );
  });
});

describe('extension → webview messages', () => {
  it('accepts what the extension sends', () => {
    const view = toServerView(SERVER);
    const messages: [unknown, 'boot' | 'inspect'][] = [
      [
        {
          type: 'bootOptions',
          cloud: 'devstack',
          images: [{ id: 'i', name: 'busybox', status: 'active', containerFormat: 'docker' }],
          flavors: [{ id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 }],
          networks: [{ id: 'n', name: 'private', status: 'ACTIVE', shared: false, external: false }],
          hosts: ['host1'],
        },
        'boot',
      ],
      [
        { type: 'bootProgress', servers: [{ id: SERVER_ID, name: 'web', status: 'ERROR', fault: 'No valid host' }], finished: true },
        'boot',
      ],
      [{ type: 'error', message: 'Nova said no' }, 'boot'],
      [{ type: 'server', server: view }, 'inspect'],
      [{ type: 'server', server: null, reason: 'deleted' }, 'inspect'],
      [
        {
          type: 'container',
          details: {
            id: 'abc',
            name: 'nova-x',
            image: 'busybox',
            state: 'running',
            status: 'Up 1 minute',
            command: 'sh',
            ipAddresses: [],
            pid: 12,
          },
        },
        'inspect',
      ],
      [{ type: 'container', details: null, reason: 'gone' }, 'inspect'],
      [
        { type: 'logLines', lines: [{ stream: 'stderr', text: '<b>bold</b>\u001b[31m', time: '2026-01-01T00:00:00Z' }], reset: false },
        'inspect',
      ],
      [{ type: 'logsFollowing', following: false, reason: 'the container stopped' }, 'inspect'],
      [
        {
          type: 'stats',
          sample: { time: 1, cpuPercent: 0.5, memoryBytes: 10, memoryLimitBytes: 100, networkRxBytes: 0, networkTxBytes: 0 },
        },
        'inspect',
      ],
      [{ type: 'interfaces', list: [{ name: 'lo', state: 'UP', mtu: 65536, addresses: ['127.0.0.1/8'] }] }, 'inspect'],
      [{ type: 'interfaces', list: null, reason: 'no ip' }, 'inspect'],
      [{ type: 'top', table: { titles: ['PID', 'CMD'], processes: [['1', 'sh']] } }, 'inspect'],
      [{ type: 'actionResult', action: 'openShell', ok: true }, 'inspect'],
      [{ type: 'actionResult', action: 'delete', ok: false }, 'inspect'],
    ];
    for (const [message, panel] of messages) {
      const checked = checkHostMessage(message, panel);
      assert.ok(checked.ok, `${JSON.stringify(message)}: ${checked.ok ? '' : checked.error}`);
      assert.deepEqual(checked.value, message);
    }
  });

  it('rejects ill-typed, oversize and wrong-panel messages', () => {
    const sample = { time: 1, cpuPercent: 0.5, memoryBytes: 10, memoryLimitBytes: 100, networkRxBytes: 0, networkTxBytes: 0 };
    const bad: [unknown, 'boot' | 'inspect'][] = [
      [{ type: 'stats', sample: { ...sample, cpuPercent: Number.NaN } }, 'inspect'],
      [{ type: 'stats', sample: { ...sample, memoryBytes: -1 } }, 'inspect'],
      [{ type: 'stats', sample: { ...sample, time: '1' } }, 'inspect'],
      [{ type: 'logLines', lines: [{ stream: 'stdin', text: 'x' }], reset: false }, 'inspect'],
      [{ type: 'logLines', lines: [{ stream: 'stdout', text: 'x'.repeat(LIMITS.logText + 1) }], reset: false }, 'inspect'],
      [
        { type: 'logLines', lines: Array.from({ length: LIMITS.logBatch + 1 }, () => ({ stream: 'stdout', text: 'x' })), reset: false },
        'inspect',
      ],
      [{ type: 'logLines', lines: [] }, 'inspect'],
      [{ type: 'server', server: { ...toServerView(SERVER), addresses: [{ network: 'n', addr: '1.2.3.4', version: 5 }] } }, 'inspect'],
      [{ type: 'server', server: { ...toServerView(SERVER), id: 'not a uuid/..' } }, 'inspect'],
      [{ type: 'server' }, 'inspect'],
      [{ type: 'bootProgress', servers: [], finished: 'no' }, 'boot'],
      [{ type: 'bootOptions', cloud: 'c', images: 'all', flavors: [], networks: [], hosts: [] }, 'boot'],
      [{ type: 'stats', sample }, 'boot'],
      [{ type: 'bootProgress', servers: [], finished: true }, 'inspect'],
      [{ type: 'actionResult', action: 'reboot', ok: true }, 'inspect'],
      [{ type: 'error', message: 'x'.repeat(LIMITS.message + 1) }, 'inspect'],
    ];
    for (const [message, panel] of bad) assert.equal(checkHostMessage(message, panel).ok, false, JSON.stringify(message).slice(0, 200));
  });
});

describe('what the extension sends: projections that fit the bounds', () => {
  it('sends a server as a valid message, long remote strings cut rather than the message dropped', () => {
    const long: Server = {
      ...SERVER,
      name: 'n'.repeat(1000),
      fault: { code: 500, message: 'm'.repeat(10_000), details: 'd'.repeat(50_000) },
    };
    const view = toServerView(long);
    assert.equal(view.name.length, LIMITS.name);
    assert.ok(view.name.endsWith('…'));
    assert.ok(checkHostMessage({ type: 'server', server: view }, 'inspect').ok);
  });

  it('shows a control character in a remote name as a visible escape, and the Boot and Inspect messages still arrive', () => {
    const images = [
      toImageView({ id: 'img-1', name: 'busy\u0007box', status: 'active', containerFormat: 'docker' }),
      toImageView({ id: 'img-2', name: 'cirros', status: 'active' }),
    ];
    const bootOptions = checkHostMessage(
      {
        type: 'bootOptions',
        cloud: 'devstack',
        images,
        flavors: [],
        networks: [toNetworkView({ id: 'n', name: 'pri\u001bvate', status: 'ACTIVE', shared: false, external: false, subnets: [] })],
        hosts: [],
      },
      'boot',
    );
    assert.ok(bootOptions.ok, bootOptions.ok ? '' : bootOptions.error);
    assert.deepEqual(bootOptions.value.type === 'bootOptions' && bootOptions.value.images.map((i) => i.name), ['busy\\u0007box', 'cirros']);
    assert.deepEqual(bootOptions.value.type === 'bootOptions' && bootOptions.value.networks.map((n) => n.name), ['pri\\u001bvate']);
    const server = checkHostMessage(
      { type: 'server', server: toServerView({ ...SERVER, name: 'web\u0001', image: { id: 'img-1', name: 'busy\u0007box' } }) },
      'inspect',
    );
    assert.ok(server.ok, server.ok ? '' : server.error);
    assert.equal(server.value.type === 'server' && server.value.server?.name, 'web\\u0001');
    assert.equal(server.value.type === 'server' && server.value.server?.image.name, 'busy\\u0007box');
    const container = checkHostMessage(
      {
        type: 'container',
        details: toContainerDetails({
          id: 'abc',
          name: 'nova-x',
          image: 'busy\u0007box',
          state: 'running',
          status: 'Up',
          command: 'sh -c \u0007',
          ipAddresses: [],
        }),
      },
      'inspect',
    );
    assert.ok(container.ok, container.ok ? '' : container.error);
    // log lines keep tab and terminal escapes: the log view shows them (escaped, colored)
    const lines = toLogLines([{ stream: 'stdout', text: 'a\tb\u001b[31mred\u0007' }]);
    assert.equal(lines[0].text, 'a\tb\u001b[31mred\u0007');
    assert.ok(checkHostMessage({ type: 'logLines', lines, reset: false }, 'inspect').ok);
  });

  it('carries only the fields the page shows', () => {
    const withExtra = { ...SERVER, adminPass: 'secret', metadata: { token: 'x' } } as Server;
    const view = toServerView(withExtra) as unknown as Record<string, unknown>;
    assert.equal(view.adminPass, undefined);
    assert.equal(view.metadata, undefined);
    assert.equal(JSON.stringify(view).includes('secret'), false);
  });
});

describe('boot form problems, as a person reads them', () => {
  it('finds nothing wrong with a good request', () => {
    assert.deepEqual(bootRequestProblems(REQUEST), {});
  });

  it('says what to fix, per field', () => {
    assert.deepEqual(bootRequestProblems({ name: '  ', imageId: '', flavorId: '', networkIds: [], count: 0 }), {
      name: 'Name is required.',
      image: 'Choose an image.',
      flavor: 'Choose a flavor.',
      networks: 'Choose at least one network.',
      count: 'Count is a whole number from 1 to 10.',
    });
    assert.equal(bootRequestProblems({ ...REQUEST, name: ' web' }).name, 'Name cannot start or end with a space.');
    assert.equal(bootRequestProblems({ ...REQUEST, count: Number.NaN }).count, 'Count is a whole number from 1 to 10.');
    assert.equal(bootRequestProblems({ ...REQUEST, count: 11 }).count, 'Count is a whole number from 1 to 10.');
    assert.equal(bootRequestProblems({ ...REQUEST, count: 2.5 }).count, 'Count is a whole number from 1 to 10.');
  });
});
