import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { probeHost } from '../../src/core/devstack/probe';
import type { HostConfig } from '../../src/core/remote/hostConfig';
import { HostConnections } from '../../src/core/remote/hostConnections';
import { fingerprintSha256 } from '../../src/core/remote/knownHosts';
import { contentSha256, writeFileAtomic, statRemote, RemoteFileError } from '../../src/core/remote/remoteFiles';
import { shellCommand } from '../../src/core/remote/shellQuote';
import { HostKeyError } from '../../src/core/remote/sshSession';
import { loadTestEnv, strictPolicy } from './testEnv';

const env = loadTestEnv();
const hosts: HostConfig[] = [
  { name: 'h1', host: env.hosts.host1.address, port: env.port, user: env.user, identityFile: env.clientKey },
  { name: 'h2', host: env.hosts.host2.address, port: env.port, user: env.user, identityFile: env.clientKey },
  { name: 'h3', host: env.hosts.host3.address, port: env.port, user: env.user, identityFile: env.clientKey, proxyJump: 'h2' },
  { name: 'ops', host: env.hosts.host1.address, port: env.port, user: env.passwordUser },
];

function pool(extra: Partial<ConstructorParameters<typeof HostConnections>[0]> = {}): HostConnections {
  // no agent: each test says how it authenticates
  return new HostConnections({ hosts: () => hosts, hostKeys: strictPolicy(env), connectTimeoutMs: 5000, agentSocket: '', ...extra });
}

describe('one shared connection per host', () => {
  const connections = pool({
    prompts: { passphrase: async () => undefined, password: async () => readFileSync(env.passwordFile, 'utf8').trim() },
  });
  after(() => connections.dispose());

  it('connects by key once and shares the session between concurrent operations', async () => {
    const [a, b] = await Promise.all([connections.session('h1'), connections.session('h1')]);
    assert.equal(a, b);
    const outputs = await Promise.all(Array.from({ length: 8 }, (_, i) => connections.run('h1', (s) => s.exec(`echo ${i}`))));
    assert.deepEqual(
      outputs.map((o) => o.stdout.trim()),
      ['0', '1', '2', '3', '4', '5', '6', '7'],
    );
    assert.equal(connections.state('h1').status, 'connected');
  });

  it('asks for a password only after the key failed, and connects with it', async () => {
    const session = await connections.session('ops');
    assert.equal((await session.exec('id -un')).stdout.trim(), env.passwordUser);
  });

  it('goes through the jump host for ProxyJump', async () => {
    const result = await connections.run('h3', (s) => s.exec('echo $DEVSTACK_TEST_HOST'));
    assert.equal(result.stdout.trim(), 'host3');
    assert.equal(connections.state('h2').status, 'connected', 'the jump host connection is shared too');
  });
});

describe('ssh-agent authentication', () => {
  it('authenticates with a key held by a real ssh-agent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dc-agent-'));
    const socket = join(dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
      execFileSync('ssh-add', [env.clientKey], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
      const connections = new HostConnections({
        hosts: () => [{ name: 'a', host: env.hosts.host2.address, port: env.port, user: env.user }],
        hostKeys: strictPolicy(env),
        agentSocket: socket,
      });
      try {
        assert.equal((await connections.run('a', (s) => s.exec('echo agent-ok'))).stdout.trim(), 'agent-ok');
      } finally {
        connections.dispose();
      }
    } finally {
      agent.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function descendants(pid: number): number[] {
  const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => n > 0);
  return children.flatMap((c) => [c, ...descendants(c)]);
}

/** An sshd of this test's own on 127.0.0.5, so it can be stopped, rekeyed and restarted. */
class OwnHost {
  readonly dir = mkdtempSync(join(tmpdir(), 'dc-own-sshd-'));
  readonly address = '127.0.0.5';
  readonly port = 2223;
  private pid?: number;
  constructor() {
    chmodSync(this.dir, 0o755); // sshd reads the authorized keys as the user
    this.rekey();
  }
  rekey(): void {
    rmSync(join(this.dir, 'host_ed25519'), { force: true });
    rmSync(join(this.dir, 'host_ed25519.pub'), { force: true });
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(this.dir, 'host_ed25519')]);
    // the test client's key, and an encrypted key for the passphrase test
    if (!existsSync(join(this.dir, 'encrypted_key')))
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'correct horse', '-f', join(this.dir, 'encrypted_key')]);
    writeFileSync(
      join(this.dir, 'auth'),
      readFileSync(`${env.clientKey}.pub`, 'utf8') + readFileSync(join(this.dir, 'encrypted_key.pub'), 'utf8'),
    );
    writeFileSync(
      join(this.dir, 'sshd_config'),
      [
        `Port ${this.port}`,
        `ListenAddress ${this.address}`,
        `HostKey ${join(this.dir, 'host_ed25519')}`,
        `PidFile ${join(this.dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(this.dir, 'auth')}`,
        'StrictModes no',
        'UsePAM no',
        'PasswordAuthentication no',
        'LogLevel VERBOSE',
        `AllowUsers ${env.user}`,
        '',
      ].join('\n'),
    );
  }
  get keyBlob(): Buffer {
    return Buffer.from(readFileSync(join(this.dir, 'host_ed25519.pub'), 'utf8').split(' ')[1], 'base64');
  }
  get log(): string {
    return existsSync(join(this.dir, 'sshd.log')) ? readFileSync(join(this.dir, 'sshd.log'), 'utf8') : '';
  }
  async start(): Promise<void> {
    execFileSync('/usr/sbin/sshd', ['-f', join(this.dir, 'sshd_config'), '-E', join(this.dir, 'sshd.log')]);
    for (let i = 0; i < 50; i++) {
      if (existsSync(join(this.dir, 'sshd.pid'))) {
        this.pid = Number(readFileSync(join(this.dir, 'sshd.pid'), 'utf8'));
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  async stop(): Promise<void> {
    // the listener and every connection it forked go away, as when the host goes down
    const all = this.pid ? [this.pid, ...descendants(this.pid)] : [];
    for (const pid of all) spawnSync('kill', ['-9', String(pid)]);
    for (let i = 0; i < 50 && existsSync(join(this.dir, 'sshd.pid')); i++) await new Promise((r) => setTimeout(r, 50));
    rmSync(join(this.dir, 'sshd.pid'), { force: true });
  }
  knownHosts(): string {
    const file = join(this.dir, 'known_hosts');
    writeFileSync(file, `[${this.address}]:${this.port} ssh-ed25519 ${this.keyBlob.toString('base64')}\n`);
    return file;
  }
}

describe('a host that goes away, comes back, or is rebuilt', () => {
  const own = new OwnHost();
  after(async () => {
    await own.stop();
    rmSync(own.dir, { recursive: true, force: true });
  });

  it('shows the error on the next refresh when sshd dies, and recovers when it is back', async () => {
    await own.start();
    const knownHosts = own.knownHosts();
    const config = [{ name: 'own', host: own.address, port: own.port, user: env.user, identityFile: env.clientKey }];
    const connections = new HostConnections({
      hosts: () => config,
      hostKeys: { knownHostsPath: knownHosts, confirmUnknownKey: async () => false },
      backoffMs: { first: 100, max: 200 },
      connectTimeoutMs: 3000,
    });
    try {
      assert.equal((await connections.run('own', (s) => s.exec('echo up'))).stdout.trim(), 'up');
      await own.stop();
      for (let i = 0; i < 40 && connections.state('own').status === 'connected'; i++) await new Promise((r) => setTimeout(r, 50));
      await assert.rejects(
        connections.run('own', (s) => s.exec('echo again')),
        /connection refused|not connected|closed/,
      );
      assert.equal(connections.state('own').status, 'unreachable');
      assert.match(connections.state('own').message ?? '', /connection refused/);
      await own.start();
      await new Promise((r) => setTimeout(r, 250)); // past the backoff
      assert.equal((await connections.run('own', (s) => s.exec('echo back'))).stdout.trim(), 'back');
      assert.equal(connections.state('own').status, 'connected');
    } finally {
      connections.dispose();
    }
  });

  it('asks for the passphrase of an encrypted key, and says so when none is given', async () => {
    const knownHosts = own.knownHosts();
    const config = [{ name: 'own', host: own.address, port: own.port, user: env.user, identityFile: join(own.dir, 'encrypted_key') }];
    const asked: string[] = [];
    const withPassphrase = new HostConnections({
      hosts: () => config,
      hostKeys: { knownHostsPath: knownHosts, confirmUnknownKey: async () => false },
      agentSocket: '',
      prompts: {
        passphrase: async (_h, file) => {
          asked.push(file);
          return 'correct horse';
        },
        password: async () => undefined,
      },
    });
    try {
      assert.equal((await withPassphrase.run('own', (s) => s.exec('echo unlocked'))).stdout.trim(), 'unlocked');
      assert.deepEqual(asked, [join(own.dir, 'encrypted_key')]);
    } finally {
      withPassphrase.dispose();
    }
    const without = new HostConnections({
      hosts: () => config,
      hostKeys: { knownHostsPath: knownHosts, confirmUnknownKey: async () => false },
      agentSocket: '',
      prompts: { passphrase: async () => undefined, password: async () => undefined },
    });
    try {
      await assert.rejects(without.session('own'), /authentication failed/);
      assert.equal(without.state('own').status, 'auth-needed');
    } finally {
      without.dispose();
    }
  });

  it("refuses a rebuilt host's new key with both fingerprints, before sending anything", async () => {
    await own.stop();
    const oldFingerprint = fingerprintSha256(own.keyBlob);
    const knownHosts = own.knownHosts();
    own.rekey();
    await own.start();
    const logBefore = own.log.length;
    const connections = new HostConnections({
      hosts: () => [{ name: 'own', host: own.address, port: own.port, user: env.user, identityFile: env.clientKey }],
      hostKeys: { knownHostsPath: knownHosts, confirmUnknownKey: async () => true },
    });
    try {
      await assert.rejects(
        connections.session('own'),
        (error: unknown) =>
          error instanceof HostKeyError &&
          error.verdict === 'changed' &&
          error.message.includes(`was ${oldFingerprint}, now ${fingerprintSha256(own.keyBlob)}`) &&
          /ssh-keygen -R/.test(error.message),
      );
      assert.equal(connections.state('own').status, 'host-key');
      await new Promise((r) => setTimeout(r, 200));
      const log = own.log.slice(logBefore);
      assert.doesNotMatch(log, /Accepted|Failed|Postponed|userauth/i, 'no authentication reached the host');
      assert.match(log, /Connection (closed|reset) by .*\[preauth\]|Disconnected from/, log);
    } finally {
      connections.dispose();
    }
  });
});

describe('the devstack probe and remote files on the real hosts', () => {
  const connections = pool();
  after(() => connections.dispose());

  it('reads devstack, its era, services and config files in one command', async () => {
    const snapshot = await connections.run('h1', (s) => probeHost(s));
    assert.equal(snapshot.devstack?.dir, '/opt/stack/devstack');
    assert.equal(snapshot.devstack?.era, '2014');
    assert.equal(snapshot.devstack?.settings, 'localrc');
    assert.ok(snapshot.devstack?.hasDockerHypervisor);
    const state = Object.fromEntries(snapshot.services.map((s) => [s.name, s.state]));
    assert.equal(state['n-api'], 'running');
    assert.equal(state['n-cond'], 'stopped', 'its screen window was killed');
    assert.equal(state['n-net'], 'stopped', 'enabled by default in 2014, never started here');
    assert.deepEqual(snapshot.services.find((s) => s.name === 'n-api')?.log, { kind: 'file', path: '/opt/stack/logs/screen-n-api.log' });
    assert.ok(snapshot.files.find((f) => f.label === 'nova.conf')?.exists);
    assert.equal(snapshot.files.find((f) => f.label === 'docker.filters')?.exists, false);
    const later = await connections.run('h2', (s) => probeHost(s));
    assert.equal(later.devstack?.era, 'current');
    assert.equal(later.devstack?.release?.release, 'zed');
    assert.equal(later.devstack?.settings, 'local.conf');
    assert.equal(later.devstack?.hasDockerHypervisor, false);
  });

  it('never runs what hostile names and paths contain (a canary file proves it)', async () => {
    const canary = `/tmp/devstack-contrail-canary-${process.pid}`;
    const hostile = [
      `/tmp/x; touch ${canary}`,
      `$(touch ${canary})`,
      `\`touch ${canary}\``,
      `'; touch ${canary}; '`,
      `a\ntouch ${canary}`,
      `"$(touch ${canary})"`,
    ];
    for (const dir of hostile) {
      const snapshot = await connections.run('h1', (s) => probeHost(s, dir));
      assert.equal(snapshot.devstack, undefined, 'no devstack at such a path');
      await assert.rejects(
        connections.run('h1', (s) => statRemote(s, `${dir}/nova.conf`)),
        RemoteFileError,
      );
      const echoed = await connections.run('h1', (s) => s.exec(shellCommand(['printf', '%s', dir])));
      assert.equal(echoed.stdout, dir);
    }
    const exists = await connections.run('h1', (s) => s.exec(shellCommand(['test', '-e', canary])));
    assert.equal(exists.exitCode, 1, 'the canary file was never created');
    assert.equal(existsSync(canary), false);
  });

  it('writes a remote file atomically, keeps its mode, and refuses when it changed on the host', async () => {
    const path = '/etc/nova/nova.conf';
    const original = await connections.run('h2', (s) => s.readFile(path));
    const before = await connections.run('h2', (s) => statRemote(s, path));
    try {
      const edited = Buffer.from(original.toString('utf8').replace('debug = True', 'debug = False'));
      const after1 = await connections.run('h2', (s) => writeFileAtomic(s, path, edited, { expectedSha256: contentSha256(original) }));
      assert.equal(after1.mode, before.mode);
      assert.equal((await connections.run('h2', (s) => s.readFile(path))).toString('utf8'), edited.toString('utf8'));
      const leftovers = await connections.run('h2', (s) => s.exec('ls -a /etc/nova'));
      assert.doesNotMatch(leftovers.stdout, /devstack-contrail-.*\.tmp/);
      // someone edits the file on the host: a save based on the old read is refused, the file intact
      await new Promise((r) => setTimeout(r, 1100));
      await connections.run('h2', (s) => s.exec(`echo '# changed by hand' >> ${path}`));
      await assert.rejects(
        connections.run('h2', (s) => writeFileAtomic(s, path, Buffer.from('clobbered'), { expectedSha256: contentSha256(edited) })),
        (error: unknown) =>
          error instanceof RemoteFileError && error.code === 'changed' && /changed on the host since it was opened/.test(error.message),
      );
      assert.match((await connections.run('h2', (s) => s.readFile(path))).toString('utf8'), /# changed by hand\n$/);
      // a write the host refuses (a directory the user cannot write) leaves the old file as it was
      await assert.rejects(
        connections.run('h2', (s) => writeFileAtomic(s, '/etc/hostname', Buffer.from('x'))),
        (error: unknown) => error instanceof RemoteFileError && error.code === 'permission',
      );
    } finally {
      await connections.run('h2', (s) => writeFileAtomic(s, path, original));
    }
  });
});

describe('provisioning status from the probe', () => {
  const connections = pool();
  after(() => connections.dispose());

  it('says which steps of the setup hold on each test host', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { provisioningStatus } = require('../../src/core/provision/status') as typeof import('../../src/core/provision/status');
    const status = (snapshot: Parameters<typeof provisioningStatus>[0]) =>
      Object.fromEntries(provisioningStatus(snapshot).map((s) => [s.id, `${s.status}: ${s.detail}`]));
    const old = status(await connections.run('h1', (s) => probeHost(s)));
    assert.match(
      old.localrc,
      /^needed: missing: disable_service n-net, enable_service neutron q-svc, Q_PLUGIN=contrail, NEUTRON_REPO, NEUTRON_BRANCH$/,
    );
    assert.equal(old['docker-hypervisor'], 'needed: sets docker.DockerDriver');
    assert.equal(old['glance-formats'], 'applied: container_formats = ami,ari,aki,bare,ovf,docker');
    assert.equal(old['rootwrap-filter'], 'needed: not there');
    const later = status(await connections.run('h2', (s) => probeHost(s)));
    assert.match(later['docker-hypervisor'], /^needed: not there \(later devstack\)/);
    assert.equal(later['glance-formats'], 'needed: container_formats not set (no docker)');
    assert.equal(later['nova-vif-driver'], 'needed: not set');
  });
});
