import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dockerOverSsh } from '../../src/core/docker/dockerOverSsh';
import type { SshSession } from '../../src/core/remote/sshSession';
import { connectHost, loadTestEnv } from './testEnv';

const env = loadTestEnv();

describe('dockerode over the verified SSH session', () => {
  let session: SshSession;
  before(async () => {
    session = await connectHost(env, 'host1');
  });
  after(() => session?.close());

  it('lists containers, with the nova-<uuid> container of the test env', async () => {
    const docker = await dockerOverSsh(session);
    const containers = await docker.listContainers({ all: true });
    const names = containers.flatMap((c) => c.Names);
    assert.ok(names.includes('/nova-e2e00000-0000-4000-8000-000000000001'), `containers: ${names.join(', ')}`);
    const nova = containers.find((c) => c.Names.includes('/nova-e2e00000-0000-4000-8000-000000000001'));
    assert.equal(nova?.Image, env.image);
    assert.equal(nova?.State, 'running');
  });

  it('reaches the engine API (version) several times over one SSH connection', async () => {
    const docker = await dockerOverSsh(session);
    const [a, b] = await Promise.all([docker.version(), docker.version()]);
    assert.match(a.ApiVersion, /^1\.\d+$/);
    assert.equal(a.ApiVersion, b.ApiVersion);
    assert.ok(session.isOpen);
  });
});
