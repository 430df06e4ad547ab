import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fingerprintSha256 } from '../../src/core/remote/knownHosts';
import { shellCommand } from '../../src/core/remote/shellQuote';
import { HostKeyError, SshSession, type UnknownHostKey } from '../../src/core/remote/sshSession';
import { connectHost, loadTestEnv, strictPolicy } from './testEnv';

const env = loadTestEnv();
const hostKeyBlob = (name: keyof typeof env.hosts): Buffer =>
  Buffer.from(readFileSync(env.hosts[name].hostKey, 'utf8').split(' ')[1], 'base64');

describe('SSH to the test hosts, host keys verified', () => {
  let host1: SshSession;
  before(async () => {
    host1 = await connectHost(env, 'host1');
  });
  after(() => host1?.close());

  it('runs a command on the 2014-era host and quotes its arguments', async () => {
    const result = await host1.exec(
      shellCommand(['printf', '%s|%s', '$DEVSTACK_TEST_HOST', "it's"]) + '; echo; echo "$DEVSTACK_TEST_HOST"',
    );
    assert.equal(result.exitCode, 0);
    assert.equal(result.stdout, "$DEVSTACK_TEST_HOST|it's\nhost1\n");
  });

  it('reads the 2014 hypervisor-docker plugin over SFTP', async () => {
    const text = (await host1.readFile('/opt/stack/devstack/lib/nova_plugins/hypervisor-docker')).toString('utf8');
    assert.match(text, /iniset \$NOVA_CONF DEFAULT compute_driver docker\.DockerDriver/);
  });

  it("sees each host's own devstack: localrc and screen services on host1, local.conf on host2", async () => {
    const screens = await host1.exec('screen -ls stack; screen -S stack -Q windows');
    assert.match(screens.stdout, /\d+\.stack\s/);
    assert.match(screens.stdout, /n-api/);
    assert.doesNotMatch(screens.stdout, /n-cond/);
    const host2 = await connectHost(env, 'host2');
    try {
      const listing = await host2.exec(
        'ls /opt/stack/devstack /opt/stack/devstack/lib/nova_plugins; git -C /opt/stack/devstack rev-parse --abbrev-ref HEAD',
      );
      assert.match(listing.stdout, /local\.conf/);
      assert.doesNotMatch(listing.stdout, /hypervisor-docker|localrc/);
      assert.match(listing.stdout, /stable\/zed/);
    } finally {
      host2.close();
    }
  });

  it('reports a failing command with its exit code and stderr', async () => {
    const result = await host1.exec('cat /nonexistent');
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /No such file or directory/);
  });

  it('turns a missing remote file into an error naming host and path', async () => {
    await assert.rejects(host1.readFile('/opt/stack/nope'), /127\.0\.0\.2:\/opt\/stack\/nope: No such file/);
  });
});

describe('host key verification against known_hosts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dc-known-hosts-'));

  it('asks about an unknown key with its SHA256 fingerprint, and refuses when the user says no', async () => {
    const knownHosts = join(dir, 'refuse');
    const asked: UnknownHostKey[] = [];
    await assert.rejects(
      connectHost(env, 'host1', {
        policy: {
          knownHostsPath: knownHosts,
          confirmUnknownKey: async (k) => {
            asked.push(k);
            return false;
          },
        },
      }),
      (error: unknown) =>
        error instanceof HostKeyError && error.verdict === 'unknown-refused' && /not accepted, so not connected/.test(error.message),
    );
    assert.deepEqual(asked, [
      {
        host: '127.0.0.2',
        port: env.port,
        keyType: 'ssh-ed25519',
        fingerprint: fingerprintSha256(hostKeyBlob('host1')),
        otherKnownKeys: [],
      },
    ]);
  });

  it('appends an accepted key to known_hosts and trusts it next time without asking', async () => {
    const knownHosts = join(dir, 'accept');
    let asked = 0;
    const policy = {
      knownHostsPath: knownHosts,
      confirmUnknownKey: async () => {
        asked += 1;
        return true;
      },
    };
    (await connectHost(env, 'host1', { policy })).close();
    (await connectHost(env, 'host1', { policy })).close();
    assert.equal(asked, 1);
    assert.match(readFileSync(knownHosts, 'utf8'), new RegExp(`^\\[127\\.0\\.0\\.2\\]:${env.port} ssh-ed25519 AAAA\\S+\\n$`));
  });

  it('refuses a changed key and names both fingerprints', async () => {
    const knownHosts = join(dir, 'changed');
    const host2Key = readFileSync(env.hosts.host2.hostKey, 'utf8').split(' ').slice(0, 2).join(' ');
    writeFileSync(knownHosts, `[127.0.0.2]:${env.port} ${host2Key}\n`);
    await assert.rejects(
      connectHost(env, 'host1', { policy: strictPolicy(env, knownHosts) }),
      (error: unknown) =>
        error instanceof HostKeyError &&
        error.verdict === 'changed' &&
        error.message.includes(`was ${fingerprintSha256(hostKeyBlob('host2'))}, now ${fingerprintSha256(hostKeyBlob('host1'))}`),
    );
  });

  it('trusts a hashed known_hosts entry', async () => {
    const knownHosts = join(dir, 'hashed');
    copyFileSync(env.knownHosts, knownHosts);
    const { execFileSync } = await import('node:child_process');
    execFileSync('ssh-keygen', ['-q', '-H', '-f', knownHosts]);
    assert.doesNotMatch(readFileSync(knownHosts, 'utf8'), /127\.0\.0\.2/);
    const session = await connectHost(env, 'host1', { policy: strictPolicy(env, knownHosts) });
    session.close();
  });
});

describe('authentication and ProxyJump', () => {
  it('logs in with a password where the host allows it, and says so when it does not', async () => {
    const password = readFileSync(env.passwordFile, 'utf8').trim();
    const session = await connectHost(env, 'host1', { user: env.passwordUser, credentials: { password } });
    try {
      assert.equal((await session.exec('id -un')).stdout.trim(), env.passwordUser);
    } finally {
      session.close();
    }
    await assert.rejects(
      connectHost(env, 'host2', { user: env.passwordUser, credentials: { password } }),
      /ops@127\.0\.0\.3:\d+: authentication failed/,
    );
    await assert.rejects(
      connectHost(env, 'host1', { user: env.passwordUser, credentials: { password: 'wrong' } }),
      /authentication failed/,
    );
  });

  it('cannot reach host3 directly, but can through host2', async () => {
    await assert.rejects(connectHost(env, 'host3'), /127\.0\.0\.4:\d+: connection refused/);
    const jump = await connectHost(env, 'host2');
    try {
      const host3 = await connectHost(env, 'host3', { via: jump });
      try {
        assert.equal((await host3.exec('echo $DEVSTACK_TEST_HOST')).stdout.trim(), 'host3');
      } finally {
        host3.close();
      }
    } finally {
      jump.close();
    }
  });
});
