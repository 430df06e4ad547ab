import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SshTarget } from '../../src/core/provision/target';
import { SshSession, type SshCredentials } from '../../src/core/remote/sshSession';
import { connectHost, keyCredentials, loadTestEnv } from './testEnv';

// Root-owned files written through sudo on host1 (as the stack user, password-less sudo, and as ops,
// whose sudo wants a password and whose sudo timestamp is global, see test/env/up.sh), with the link
// cut by a TCP proxy in the middle of the transfer: the file is always its old or its new self.
const env = loadTestEnv();
const STATE = process.env.DEVSTACK_CONTRAIL_TEST_STATE ?? '/var/tmp/devstack-contrail-test';
const PASSWORD = readFileSync(env.passwordFile, 'utf8').trim();
const DIR = '/etc/nova/rootwrap.d'; // root's, on host1
const onDisk = (name: string): string => join(STATE, 'hosts', 'host1', 'root', 'etc-nova', 'rootwrap.d', name);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A TCP proxy to host1's sshd that counts the bytes the client sent and cuts the link at a given count. */
class CuttingProxy {
  sent = 0;
  private cutAt = Infinity;
  private readonly links = new Set<Socket>();
  private constructor(
    readonly server: Server,
    readonly port: number,
  ) {}
  static async start(): Promise<CuttingProxy> {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const proxy = new CuttingProxy(server, (server.address() as { port: number }).port);
    server.on('connection', (client) => proxy.forward(client));
    return proxy;
  }
  private forward(client: Socket): void {
    const upstream = createConnection(env.port, env.hosts.host1.address);
    const pair = [client, upstream];
    for (const s of pair) this.links.add(s);
    const drop = (): void => {
      for (const s of pair) {
        s.destroy();
        this.links.delete(s);
      }
    };
    client.on('data', (chunk: Buffer) => {
      const room = this.cutAt - this.sent;
      if (room > 0) {
        this.sent += Math.min(chunk.length, room);
        upstream.write(chunk.subarray(0, room));
      }
      if (this.sent >= this.cutAt) drop();
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    for (const s of pair) s.on('error', () => undefined).on('close', drop);
  }
  /** the link drops once the client has sent `bytes` more */
  cutAfter(bytes: number): void {
    this.cutAt = this.sent + bytes;
  }
  reset(): void {
    for (const s of this.links) s.destroy();
    this.links.clear();
    this.sent = 0;
    this.cutAt = Infinity;
  }
}

async function connectThrough(proxy: CuttingProxy, user: string, credentials: SshCredentials): Promise<SshSession> {
  const knownHosts = join(mkdtempSync(join(tmpdir(), 'dc-proxy-')), 'known_hosts');
  const key = readFileSync(env.hosts.host1.hostKey, 'utf8').split(' ').slice(0, 2).join(' ');
  writeFileSync(knownHosts, `[127.0.0.1]:${proxy.port} ${key}\n`);
  return SshSession.connect({
    endpoint: { host: '127.0.0.1', port: proxy.port, user },
    credentials,
    hostKeys: { knownHostsPath: knownHosts, confirmUnknownKey: async () => false },
    readyTimeoutMs: 10_000,
  });
}

/** Sets the file to `content` (root's, 0644) over a link of its own. */
async function reset(name: string, content: Buffer): Promise<void> {
  const session = await connectHost(env, 'host1');
  try {
    const result = await session.exec(
      `sudo -n tee ${DIR}/${name} >/dev/null && sudo -n chown root:root ${DIR}/${name} && sudo -n chmod 644 ${DIR}/${name}`,
      { stdin: content.toString('utf8') },
    );
    assert.equal(result.exitCode, 0, result.stderr);
  } finally {
    session.close();
  }
}

/**
 * The file once nothing writes it any more: no temp file beside it (ours, or any `NAME.*`), and the
 * same bytes twice, a second apart (a command cut off from its client may still be finishing).
 */
async function settled(name: string): Promise<Buffer> {
  const temps = (): string[] => readdirSync(onDisk('')).filter((f) => f !== name && f.includes(name));
  let last: Buffer | undefined;
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(1000)) {
    const now = readFileSync(onDisk(name));
    if (temps().length === 0 && last?.equals(now)) return now;
    last = now;
  }
  throw new Error(`${name} in ${DIR} did not settle; beside it: ${temps().join(' ')}`);
}

const lines = (tag: string, count: number): Buffer =>
  Buffer.from(Array.from({ length: count }, (_, i) => `${tag} line ${i} ${randomBytes(24).toString('hex')}\n`).join(''));

describe('root-owned writes through sudo when the link drops', () => {
  let proxy: CuttingProxy;
  after(() => {
    proxy?.reset();
    proxy?.server.close();
  });

  for (const mode of [
    { name: 'password-less sudo (stack)', user: env.user, credentials: (): SshCredentials => keyCredentials(env), sudoPassword: undefined },
    {
      name: 'sudo with a password (ops)',
      user: env.passwordUser,
      credentials: (): SshCredentials => ({ password: PASSWORD }),
      sudoPassword: PASSWORD,
    },
  ]) {
    it(`${mode.name}: a 4 MiB file cut at 5 %, 50 %, 95 % of the transfer and just after it is old or new, never partial, and no temp file is left beside it`, async (t) => {
      proxy ??= await CuttingProxy.start();
      const name = `drop-${mode.user}.filters`;
      const old = lines('old', 70_000);
      const fresh = lines('new', 70_000);
      assert.ok(fresh.length > 4 * 1024 * 1024);
      const outcomes: string[] = [];
      for (const offset of [0.05, 0.5, 0.95]
        .map((f) => Math.round(f * fresh.length))
        .concat([4096, 6144, 7680, 7808, 7936, 8064, 8192, 65_536].map((n) => fresh.length + n))) {
        await reset(name, old);
        proxy.reset();
        const session = await connectThrough(proxy, mode.user, mode.credentials());
        const target = new SshTarget(session, { password: async () => mode.sudoPassword });
        proxy.cutAfter(offset);
        const result = await target.write(`${DIR}/${name}`, fresh).then(
          () => 'written',
          (error: Error) => `failed: ${error.message.slice(0, 80)}`,
        );
        session.close();
        const now = await settled(name);
        const state = now.equals(old) ? 'old' : now.equals(fresh) ? 'new' : `partial (${now.length} bytes)`;
        outcomes.push(`${offset}: ${result} → ${state}`);
        assert.ok(state === 'old' || state === 'new', outcomes.join('\n'));
        if (result === 'written') assert.equal(state, 'new');
      }
      t.diagnostic(outcomes.join('; '));
      // the cuts inside the transfer really interrupted it
      assert.ok(
        outcomes.slice(0, 3).every((o) => / → old$/.test(o) && /failed/.test(o)),
        outcomes.join('\n'),
      );
    });
  }

  it('never puts the sudo password into a file, where sudo does not ask again (timestamp_type=global); a Latin-1 byte comes through as it was', async () => {
    const session = await connectHost(env, 'host1', { user: env.passwordUser, credentials: { password: PASSWORD } });
    await session.exec('sudo -K'); // (no timestamp left by an earlier test: the first write must ask)
    try {
      let asked = 0;
      const target = new SshTarget(session, {
        password: async () => {
          asked += 1;
          return PASSWORD;
        },
      });
      const first = Buffer.concat([
        Buffer.from('[Filters]\n# caf'),
        Buffer.from([0xe9]),
        Buffer.from(' (Latin-1)\ndocker: CommandFilter, docker, root\n'),
      ]);
      await target.write(`${DIR}/secret-first.filters`, first);
      // sudo now holds a global timestamp: before the fix it read no password, which became line 1 of the file
      const second = Buffer.from('[Filters]\nip: IpFilter, ip, root\n');
      await target.write(`${DIR}/secret-second.filters`, second);
      await target.write(`${DIR}/secret-first.filters`, second);
      await target.write(`${DIR}/secret-first.filters`, first);
      assert.equal(asked, 1, 'the password is asked once');
      assert.deepEqual(readFileSync(onDisk('secret-first.filters')), first);
      assert.deepEqual(readFileSync(onDisk('secret-second.filters')), second);
      for (const file of readdirSync(onDisk('')))
        assert.ok(!readFileSync(onDisk(file)).includes(PASSWORD), `${file} holds the sudo password`);
    } finally {
      await session.exec(`sudo -k -S -p '' rm -f ${DIR}/secret-first.filters ${DIR}/secret-second.filters`, { stdin: `${PASSWORD}\n` });
      session.close();
    }
  });
});

// A disk really full on host1: a 256 KiB tmpfs mounted in host1's own mount namespace (its sshd's),
// filled up, with a root-owned file and a file of the stack user's in it.
describe('a write to a full disk on the host', () => {
  const FULL = `/etc/nova/full-${process.pid}`;
  const onHost = join(STATE, 'hosts', 'host1', 'root', 'etc-nova', `full-${process.pid}`);
  const sshdPid = readFileSync(join(STATE, 'hosts', 'host1', 'sshd.pid'), 'utf8').trim();
  const inHost1 = (script: string): string => {
    const result = spawnSync('nsenter', ['--target', sshdPid, '--mount', '--', 'sh', '-c', script], { encoding: 'utf8' });
    assert.equal(result.status, 0, `${script}: ${result.stderr}`);
    return result.stdout;
  };
  const listing = (): string => inHost1(`ls -A ${FULL} ${FULL}/stack`);
  before(() => {
    mkdirSync(onHost, { recursive: true });
    inHost1(
      `mount -t tmpfs -o size=256k,mode=755 tmpfs ${FULL} && mkdir ${FULL}/stack && chown ${env.user}: ${FULL}/stack && ` +
        `printf 'old root\\n' > ${FULL}/docker.filters && printf 'old user\\n' > ${FULL}/stack/nova.conf && chown ${env.user}: ${FULL}/stack/nova.conf && ` +
        `{ dd if=/dev/zero of=${FULL}/filler bs=4k 2>/dev/null || true; }`,
    );
  });
  after(() => {
    spawnSync('nsenter', ['--target', sshdPid, '--mount', '--', 'umount', FULL]);
    rmdirSync(onHost);
  });

  it('says "disk full on HOST (PATH)", leaves each file as it was and no temp file beside it: as root through sudo, and as the user over SFTP', async () => {
    const before = listing();
    const session = await connectHost(env, 'host1');
    try {
      const target = new SshTarget(session);
      const content = lines('new', 2000);
      await assert.rejects(target.write(`${FULL}/docker.filters`, content), (error: Error) => {
        assert.match(error.message, new RegExp(`^disk full on ${env.hosts.host1.address} \\(${FULL}/docker\\.filters\\)`));
        return true;
      });
      await assert.rejects(target.write(`${FULL}/stack/nova.conf`, content), (error: Error) => {
        assert.match(error.message, new RegExp(`^disk full on ${env.hosts.host1.address} \\(${FULL}/stack/nova\\.conf\\)`));
        return true;
      });
    } finally {
      session.close();
    }
    assert.equal(inHost1(`cat ${FULL}/docker.filters ${FULL}/stack/nova.conf`), 'old root\nold user\n');
    assert.equal(listing(), before, 'nothing left beside the files');
  });
});
