import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCloudEntries } from '../../../src/core/openstack/cloudEntries';

describe('the devstackContrail.clouds setting', () => {
  it('keeps the fields it knows, of each kind of cloud', () => {
    const { entries, problems } = readCloudEntries([
      { name: 'lab', cloud: 'devstack-admin', sshHost: 'zed', viaSsh: true },
      { name: 'host2 (admin)', openrcHost: 'host2', openrcUser: 'admin', colour: 'blue' },
      { name: 'typed', authUrl: 'http://10.0.0.5/identity/v3', username: 'admin', projectName: 'admin', interface: 'internal' },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(entries, [
      { name: 'lab', cloud: 'devstack-admin', sshHost: 'zed', viaSsh: true },
      { name: 'host2 (admin)', openrcHost: 'host2', openrcUser: 'admin' },
      { name: 'typed', authUrl: 'http://10.0.0.5/identity/v3', username: 'admin', projectName: 'admin', interface: 'internal' },
    ]);
  });

  it('says what is wrong, never keeps a password from settings, and never throws', () => {
    const { entries, problems } = readCloudEntries([
      null,
      'x',
      { cloud: 'a' },
      { name: 'p', authUrl: 'http://k/v3', password: 'hunter2', interface: 'sideways' },
    ]);
    assert.deepEqual(entries, [{ name: 'p', authUrl: 'http://k/v3' }]);
    assert.deepEqual(problems, [
      'devstackContrail.clouds[0]: expected an object',
      'devstackContrail.clouds[1]: expected an object',
      'devstackContrail.clouds[2]: "name" is required',
      'devstackContrail.clouds[3] (p): "password" is ignored: passwords are kept in VS Code\'s secret storage, asked when first needed',
    ]);
    assert.ok(!JSON.stringify(entries).includes('hunter2'));
    assert.deepEqual(readCloudEntries({ clouds: [] }).problems, ['devstackContrail.clouds: expected a list of clouds']);
    assert.deepEqual(readCloudEntries(undefined), { entries: [], problems: [] });
  });
});
