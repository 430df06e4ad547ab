import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { HostConfig } from '../../src/core/remote/hostConfig';
import { HostConnections, type SecretKind } from '../../src/core/remote/hostConnections';
import { StoredSecretPrompts, type SecretStore } from '../../src/core/remote/storedSecrets';
import { hostSecretKey } from '../../src/core/secrets/secretKeys';
import { OwnSshd } from './ownSshd';
import { loadTestEnv, strictPolicy } from './testEnv';

// Passwords and passphrases against real sshds: host1's password user, and a key with a passphrase on
// an sshd of this test's own. The secret store is a stand-in for VS Code's SecretStorage; the user's
// answers are scripted. What the user sees: whether they are asked, and whether the next connect works.
const env = loadTestEnv();
const PASSWORD = readFileSync(env.passwordFile, 'utf8').trim();

class MemoryStore implements SecretStore {
  readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key);
  }
  async store(key: string, value: string) {
    this.values.set(key, value);
  }
  async delete(key: string) {
    this.values.delete(key);
  }
}

/** The user: types these answers in turn (then cancels), and says "Remember" when asked. */
function user(store: SecretStore, answers: (string | undefined)[]) {
  const asked: { kind: SecretKind; prompt: string }[] = [];
  const prompts = new StoredSecretPrompts(store, {
    ask: async (_host, kind, prompt) => {
      asked.push({ kind, prompt });
      return answers.shift();
    },
    remember: async () => true,
  });
  return { asked, prompts };
}

function pool(hosts: HostConfig[], prompts: StoredSecretPrompts, knownHosts = env.knownHosts): HostConnections {
  return new HostConnections({
    hosts: () => hosts,
    hostKeys: strictPolicy(env, knownHosts),
    prompts,
    agentSocket: '',
    connectTimeoutMs: 5000,
    backoffMs: { first: 1, max: 1 },
  });
}

async function connectOnce(hosts: HostConfig[], prompts: StoredSecretPrompts, knownHosts?: string): Promise<string> {
  const connections = pool(hosts, prompts, knownHosts);
  try {
    return (await connections.run(hosts[0].name, (s) => s.exec('id -un'))).stdout.trim();
  } finally {
    connections.dispose();
  }
}

describe('SSH passwords are kept only once the host accepted them', () => {
  const ops: HostConfig[] = [{ name: 'ops', host: env.hosts.host1.address, port: env.port, user: env.passwordUser }];

  it('does not keep a mistyped password: the next connect asks again, and keeps the right one', async () => {
    const store = new MemoryStore();
    const first = user(store, ['not the password']);
    await assert.rejects(connectOnce(ops, first.prompts), /authentication failed/);
    assert.deepEqual(store.values, new Map(), 'the wrong password was not stored');
    assert.equal(first.asked.length, 2, 'asked again after the wrong one (then cancelled)');
    assert.match(first.asked[1].prompt, /not accepted/);
    const second = user(store, [PASSWORD]);
    assert.equal(await connectOnce(ops, second.prompts), env.passwordUser);
    assert.equal(second.asked.length, 1, 'the next connect asked instead of failing');
    assert.equal(store.values.get(hostSecretKey('password', 'ops')), PASSWORD);
    const third = user(store, []);
    assert.equal(await connectOnce(ops, third.prompts), env.passwordUser);
    assert.equal(third.asked.length, 0, 'the kept password is used without asking');
  });

  it('forgets a kept password the host refuses, and asks for the right one', async () => {
    const store = new MemoryStore();
    await store.store(hostSecretKey('password', 'ops'), 'an old password');
    const answers = user(store, [PASSWORD]);
    assert.equal(await connectOnce(ops, answers.prompts), env.passwordUser);
    assert.equal(answers.asked.length, 1);
    assert.equal(store.values.get(hostSecretKey('password', 'ops')), PASSWORD);
  });
});

describe('key passphrases are kept only once they opened the key and the host let us in', () => {
  const own = new OwnSshd(env, '127.0.0.48', env.port, ['ed25519']);
  const key = join(own.dir, 'encrypted_key');
  let knownHosts = '';
  before(async () => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'correct horse', '-f', key]);
    own.authorize(readFileSync(`${key}.pub`, 'utf8'));
    knownHosts = own.knownHosts([`[${own.address}]:${own.port} ${own.publicKey('ed25519')}`]);
    await own.start();
  });
  after(() => own.stop());

  it('does not keep a mistyped passphrase, asks again, and keeps the right one after connecting', async () => {
    const hosts: HostConfig[] = [{ name: 'locked', host: own.address, port: own.port, user: env.user, identityFile: key }];
    const store = new MemoryStore();
    const typo = user(store, ['correct hose']);
    await assert.rejects(connectOnce(hosts, typo.prompts, knownHosts), /authentication failed/);
    assert.deepEqual(store.values, new Map(), 'the wrong passphrase was not stored');
    // the second passphrase question is cancelled; with no key, the password is asked last (and cancelled)
    assert.deepEqual(
      typo.asked.map((a) => a.kind),
      ['passphrase', 'passphrase', 'password'],
    );
    assert.match(typo.asked[1].prompt, /the last one was wrong/);
    const right = user(store, ['correct hose', 'correct horse']);
    assert.equal(await connectOnce(hosts, right.prompts, knownHosts), env.user);
    assert.equal(store.values.get(hostSecretKey('passphrase', 'locked')), 'correct horse');
    const later = user(store, []);
    assert.equal(await connectOnce(hosts, later.prompts, knownHosts), env.user);
    assert.equal(later.asked.length, 0);
  });
});
