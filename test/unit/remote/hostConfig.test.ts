import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeHost, hostSettingEntry, parseSshTarget, readHostList } from '../../../src/core/remote/hostConfig';

describe('parseSshTarget', () => {
  it('reads user@host[:port] forms', () => {
    assert.deepEqual(parseSshTarget('stack@127.0.0.2:2222'), { user: 'stack', host: '127.0.0.2', port: 2222 });
    assert.deepEqual(parseSshTarget(' devstack.example.org '), { user: undefined, host: 'devstack.example.org', port: 22 });
    assert.deepEqual(parseSshTarget('ops@[::1]:2200'), { user: 'ops', host: '::1', port: 2200 });
    assert.deepEqual(parseSshTarget('fe80::1'), { user: undefined, host: 'fe80::1', port: 22 });
  });

  it('says what is wrong with bad input', () => {
    assert.throws(() => parseSshTarget(''), /enter a host/);
    assert.throws(() => parseSshTarget('stack@host:99999'), /port must be a number from 1 to 65535/);
    assert.throws(() => parseSshTarget('stack@host:ssh'), /port must be/);
    assert.throws(() => parseSshTarget('st ack@host'), /not a valid user name/);
    assert.throws(() => parseSshTarget('stack@-oProxyCommand=x'), /not a host name/);
  });
});

describe('readHostList', () => {
  it('normalises good entries and reports bad ones', () => {
    const { hosts, problems } = readHostList([
      { host: '127.0.0.2', port: 2222, user: 'stack' },
      { name: 'jumped', host: '127.0.0.4', proxyJump: '127.0.0.2' },
      { name: 'broken' },
      { host: 'x', port: 0 },
      'nonsense',
      { name: 'jumped', host: 'dup' },
      { host: 'orphan', proxyJump: 'nowhere' },
    ]);
    assert.deepEqual(
      hosts.map((h) => h.name),
      ['127.0.0.2', 'jumped', 'orphan'],
    );
    assert.equal(hosts[0].port, 2222);
    assert.equal(hosts[1].port, 22);
    assert.deepEqual(problems, [
      'host #3: "host" is missing',
      'host #4 (x): port must be a number from 1 to 65535',
      'host #5: expected an object with at least "host"',
      'host #6: the name "jumped" is used twice',
      'host "orphan": proxyJump names "nowhere", which is not a configured host',
    ]);
  });

  it('accepts a missing setting and rejects a non-list', () => {
    assert.deepEqual(readHostList(undefined), { hosts: [], problems: [] });
    assert.deepEqual(readHostList({}).problems, ['devstackContrail.hosts must be a list']);
  });

  it('writes short setting entries and describes hosts', () => {
    assert.deepEqual(hostSettingEntry(parseSshTarget('stack@h:22')), { name: 'h', host: 'h', user: 'stack' });
    assert.deepEqual(hostSettingEntry(parseSshTarget('[::1]:2200')), { name: '::1', host: '::1', port: 2200 });
    assert.equal(describeHost({ name: 'n', host: '::1', port: 2200, user: 'ops' }), 'ops@[::1]:2200');
  });
});
