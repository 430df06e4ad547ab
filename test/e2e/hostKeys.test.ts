import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { HostConfig } from '../../src/core/remote/hostConfig';
import { HostConnections } from '../../src/core/remote/hostConnections';
import { fingerprintSha256 } from '../../src/core/remote/knownHosts';
import { HostKeyError, SshSession, type HostKeyPolicy, type UnknownHostKey } from '../../src/core/remote/sshSession';
import { OwnSshd } from './ownSshd';
import { keyCredentials, loadTestEnv } from './testEnv';

// Host keys looked up as OpenSSH does, against real sshds: our own (127.0.0.46, and 127.0.0.1 for a
// mixed-case name that resolves) with the host-key setups the shared hosts lack, and the shared
// host2/host3 pair for a ProxyJump hop whose key is not known yet.
const env = loadTestEnv();

function hashed(name: string, publicKey: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')} ${publicKey}`;
}

function otherKey(type: 'ed25519' | 'rsa', dir: string): string {
  const file = join(dir, `other_${type}_${randomBytes(3).toString('hex')}`);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
}

describe('host keys looked up as OpenSSH does', () => {
  const own = new OwnSshd(env, '127.0.0.46', env.port, ['ed25519', 'ecdsa']);
  const asked: UnknownHostKey[] = [];
  const policy = (knownHostsPath: string, systemKnownHostsPaths: string[] = [], answer = false): HostKeyPolicy => ({
    knownHostsPath,
    systemKnownHostsPaths,
    confirmUnknownKey: async (key) => {
      asked.push(key);
      return answer;
    },
  });
  const connect = (host: string, port: number, hostKeys: HostKeyPolicy): Promise<SshSession> =>
    SshSession.connect({ endpoint: { host, port, user: env.user }, credentials: keyCredentials(env), hostKeys, readyTimeoutMs: 5000 });
  before(() => own.start());
  after(() => own.stop());

  it('connects to a host known only by its ECDSA key, though it has an ed25519 key too', async () => {
    asked.length = 0;
    const knownHosts = own.knownHosts([`[${own.address}]:${own.port} ${own.publicKey('ecdsa')}`]);
    const session = await connect(own.address, own.port, policy(knownHosts));
    try {
      assert.equal((await session.exec('echo connected')).stdout, 'connected\n');
      assert.deepEqual(asked, [], 'no prompt: the known key was the one checked');
    } finally {
      session.close();
    }
  });

  it('trusts a key that only the system-wide known_hosts lists', async () => {
    asked.length = 0;
    const system = own.knownHosts([`[${own.address}]:${own.port} ${own.publicKey('ecdsa')}`], 'ssh_known_hosts');
    const session = await connect(own.address, own.port, policy(join(own.dir, 'no-such-known_hosts'), [system]));
    try {
      assert.equal((await session.exec('echo connected')).stdout, 'connected\n');
      assert.deepEqual(asked, []);
    } finally {
      session.close();
    }
  });

  it('says that a key of another type is known when the offered one is not', async () => {
    asked.length = 0;
    const rsa = otherKey('rsa', own.dir);
    const knownHosts = own.knownHosts([`[${own.address}]:${own.port} ${rsa}`]);
    await assert.rejects(
      connect(own.address, own.port, policy(knownHosts)),
      (error: unknown) =>
        error instanceof HostKeyError &&
        error.verdict === 'unknown-refused' &&
        /keys of a different type are already known for this host: ssh-rsa SHA256:/.test(error.message),
    );
    assert.equal(asked.length, 1);
    assert.equal(asked[0].keyType, 'ssh-ed25519');
    assert.equal(asked[0].fingerprint, fingerprintSha256(own.keyBlob('ed25519')));
    assert.deepEqual(
      asked[0].otherKnownKeys.map((k) => k.keyType),
      ['ssh-rsa'],
    );
  });
});

describe('a man in the middle for a mixed-case host name in a hashed known_hosts', () => {
  // LocalHost resolves (case-insensitively) to 127.0.0.1, where this sshd listens
  const mitm = new OwnSshd(env, '127.0.0.1', 2246, ['ed25519']);
  before(() => mitm.start());
  after(() => mitm.stop());

  it('is refused as a changed key, never offered as a new host', async () => {
    // what `ssh -o HashKnownHosts=yes LocalHost` wrote: the name lowercased, the real host's key
    const realKey = otherKey('ed25519', mitm.dir);
    const knownHosts = mitm.knownHosts([hashed(`[localhost]:${mitm.port}`, realKey)]);
    const asked: UnknownHostKey[] = [];
    const hostKeys: HostKeyPolicy = {
      knownHostsPath: knownHosts,
      systemKnownHostsPaths: [],
      confirmUnknownKey: async (key) => {
        asked.push(key);
        return true;
      },
    };
    const logBefore = mitm.log.length;
    await assert.rejects(
      SshSession.connect({
        endpoint: { host: 'LocalHost', port: mitm.port, user: env.user },
        credentials: keyCredentials(env),
        hostKeys,
        readyTimeoutMs: 5000,
      }),
      (error: unknown) =>
        error instanceof HostKeyError &&
        error.verdict === 'changed' &&
        error.message.includes(`now ${fingerprintSha256(mitm.keyBlob('ed25519'))}`) &&
        /ssh-keygen -R '\[localhost\]:2246'/.test(error.message),
    );
    assert.deepEqual(asked, [], 'the user is never asked to trust the impostor');
    assert.doesNotMatch(mitm.log.slice(logBefore), /Accepted|Postponed/, 'nothing was authenticated to it');
  });
});

describe('a ProxyJump hop whose host key is not known', () => {
  const hosts: HostConfig[] = [
    { name: 'zed', host: env.hosts.host2.address, port: env.port, user: env.user, identityFile: env.clientKey },
    { name: 'behind', host: env.hosts.host3.address, port: env.port, user: env.user, identityFile: env.clientKey, proxyJump: 'zed' },
  ];
  const dir = new OwnSshd(env, '127.0.0.47', env.port, []); // only for its temp folder
  after(() => dir.stop());

  it('is asked about as the target is, naming the hop, and accepting it connects', async () => {
    // known_hosts knows host3 (the target) but not host2 (the jump host)
    const host3Key = readFileSync(env.hosts.host3.hostKey, 'utf8').split(' ').slice(0, 2).join(' ');
    const knownHosts = dir.knownHosts([`[${env.hosts.host3.address}]:${env.port} ${host3Key}`]);
    const asked: UnknownHostKey[] = [];
    const connections = new HostConnections({
      hosts: () => hosts,
      agentSocket: '',
      connectTimeoutMs: 5000,
      hostKeys: {
        knownHostsPath: knownHosts,
        systemKnownHostsPaths: [],
        confirmUnknownKey: async (key) => {
          asked.push(key);
          return true;
        },
      },
    });
    try {
      assert.equal((await connections.run('behind', (s) => s.exec('echo $DEVSTACK_TEST_HOST'))).stdout.trim(), 'host3');
      assert.equal(asked.length, 1);
      assert.deepEqual(
        { host: asked[0].host, hostName: asked[0].hostName, jumpFor: asked[0].jumpFor },
        { host: env.hosts.host2.address, hostName: 'zed', jumpFor: 'behind' },
      );
      assert.match(
        readFileSync(knownHosts, 'utf8'),
        new RegExp(`^\\[${env.hosts.host2.address.replace(/\./g, '\\.')}\\]:${env.port} ssh-ed25519 `, 'm'),
        'the accepted hop key was added',
      );
    } finally {
      connections.dispose();
    }
  });
});
