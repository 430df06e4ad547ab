import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  describeVerdict,
  fingerprintSha256,
  keyTypeOfBlob,
  knownHostsLine,
  knownKeyTypes,
  parseKnownHosts,
  preferredHostKeyAlgorithms,
  verifyHostKey,
  type KnownHostsFile,
} from '../../../src/core/remote/knownHosts';

// Fixtures made with ssh-keygen: the .fingerprint files hold what `ssh-keygen -lf` printed,
// known_hosts_hashed is known_hosts_plain after `ssh-keygen -H`.
const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'unit', 'fixtures');
const read = (name: string): string => readFileSync(join(fixtures, name), 'utf8');
const blobOf = (pubFile: string): Buffer => Buffer.from(read(pubFile).split(' ')[1], 'base64');
const keyA = blobOf('key_a.pub');
const keyB = blobOf('key_b.pub');
const keyRsa = blobOf('key_rsa.pub');
const USER_FILE = '~/.ssh/known_hosts';
/** a hashed entry as `ssh-keygen -H` writes it */
function hashedLine(name: string, keyBlob: Buffer): string {
  const salt = Buffer.from('0123456789abcdefghij');
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')} ${keyTypeOfBlob(keyBlob)} ${keyBlob.toString('base64')}`;
}
/** known_hosts text as the user's file */
const user = (text: string): KnownHostsFile[] => [{ path: USER_FILE, text }];

describe('known_hosts', () => {
  it('computes the same SHA256 fingerprints as ssh-keygen -lf', () => {
    assert.equal(fingerprintSha256(keyA), read('key_a.fingerprint').trim());
    assert.equal(fingerprintSha256(keyRsa), read('key_rsa.fingerprint').trim());
  });

  it('reads the key type from the key blob', () => {
    assert.equal(keyTypeOfBlob(keyA), 'ssh-ed25519');
    assert.equal(keyTypeOfBlob(keyRsa), 'ssh-rsa');
  });

  for (const file of ['known_hosts_plain', 'known_hosts_hashed']) {
    describe(file, () => {
      const text = user(read(file));
      it('trusts the listed key of a [host]:port entry', () => {
        const verdict = verifyHostKey(text, '127.0.0.2', 2222, keyA);
        assert.equal(verdict.kind, 'trusted');
      });
      it('does not apply a [host]:2222 entry to port 22', () => {
        assert.equal(verifyHostKey(text, '127.0.0.2', 22, keyA).kind, 'unknown');
      });
      it('matches every name of a comma-separated entry', () => {
        assert.equal(verifyHostKey(text, 'plain.example.org', 22, keyB).kind, 'trusted');
        assert.equal(verifyHostKey(text, '10.0.0.9', 22, keyB).kind, 'trusted');
      });
      it('reports a changed key with the old and new fingerprints', () => {
        const verdict = verifyHostKey(text, '127.0.0.2', 2222, keyB);
        assert.equal(verdict.kind, 'changed');
        assert.ok(verdict.kind === 'changed');
        assert.deepEqual(
          verdict.known.map((k) => k.fingerprint),
          [read('key_a.fingerprint').trim()],
        );
        assert.deepEqual(
          verdict.known.map((k) => k.at),
          [{ path: USER_FILE, line: 1 }],
        );
        const message = describeVerdict(verdict, '127.0.0.2', 2222, USER_FILE);
        assert.match(message, /host key for \[127\.0\.0\.2\]:2222 changed: was SHA256:\S+, now SHA256:\S+/);
        assert.match(message, /remove line 1 of ~\/\.ssh\/known_hosts \(ssh-keygen -R '\[127\.0\.0\.2\]:2222'\)/);
      });
      it('treats a key of another type as unknown, not changed (as ssh does), and says which types are known', () => {
        const verdict = verifyHostKey(text, '127.0.0.2', 2222, keyRsa);
        assert.equal(verdict.kind, 'unknown');
        assert.ok(verdict.kind === 'unknown');
        assert.deepEqual(verdict.otherKeys, [
          { keyType: 'ssh-ed25519', fingerprint: read('key_a.fingerprint').trim(), at: { path: USER_FILE, line: 1 } },
        ]);
        assert.match(
          describeVerdict(verdict, '127.0.0.2', 2222, USER_FILE),
          /offered a ssh-rsa key .* but keys of a different type are already known for this host: ssh-ed25519 SHA256:\S+ at ~\/\.ssh\/known_hosts:1/,
        );
      });
      it('lowercases the host name before matching, as ssh does (a different key for it is a change, not a new host)', () => {
        assert.equal(verifyHostKey(text, 'Plain.Example.ORG', 22, keyB).kind, 'trusted');
        const mitm = verifyHostKey(text, 'PLAIN.example.org', 22, keyA);
        assert.equal(mitm.kind, 'changed');
        assert.equal(verifyHostKey(text, '127.0.0.2', 2222, keyA).kind, 'trusted');
      });
    });
  }

  it('lowercases [host]:port names, plain and hashed, and writes them lowercased', () => {
    const line = knownHostsLine('DevStack.Example', 2222, keyA);
    assert.match(line, /^\[devstack\.example\]:2222 ssh-ed25519 /);
    const hashed = hashedLine('[devstack.example]:2222', keyA);
    for (const file of [line, hashed]) {
      assert.equal(verifyHostKey(user(file), 'DevStack.Example', 2222, keyA).kind, 'trusted', file);
      assert.equal(verifyHostKey(user(file), 'DEVSTACK.EXAMPLE', 2222, keyB).kind, 'changed', file);
      assert.equal(verifyHostKey(user(file), 'DevStack.Example', 22, keyA).kind, 'unknown', file);
    }
  });

  it("reads the system-wide known_hosts after the user's, and names the file in messages", () => {
    const system: KnownHostsFile = { path: '/etc/ssh/ssh_known_hosts', text: read('known_hosts_plain') };
    const files = [{ path: USER_FILE, text: '' }, system];
    const trusted = verifyHostKey(files, '127.0.0.2', 2222, keyA);
    assert.deepEqual(trusted.kind === 'trusted' && trusted.at, { path: '/etc/ssh/ssh_known_hosts', line: 1 });
    const changed = verifyHostKey(files, '127.0.0.2', 2222, keyB);
    assert.equal(changed.kind, 'changed');
    assert.match(
      describeVerdict(changed, '127.0.0.2', 2222, USER_FILE),
      /remove line 1 of \/etc\/ssh\/ssh_known_hosts \(ssh-keygen -R '\[127\.0\.0\.2\]:2222' -f \/etc\/ssh\/ssh_known_hosts\)/,
    );
    // a key listed in either file is trusted, even when the other lists another one
    assert.equal(
      verifyHostKey(
        [
          { path: USER_FILE, text: read('known_hosts_plain') },
          { path: 'sys', text: `[127.0.0.2]:2222 ${read('key_b.pub')}` },
        ],
        '127.0.0.2',
        2222,
        keyB,
      ).kind,
      'trusted',
    );
  });

  it('orders the host key algorithms by the types known for the host, as ssh does', () => {
    const ecdsaOnly = user(`[127.0.0.41]:2222 ecdsa-sha2-nistp256 AAAAE2VjZHNh\n*.other ssh-ed25519 AAAA\n`);
    assert.deepEqual(knownKeyTypes(ecdsaOnly, '127.0.0.41', 2222), ['ecdsa-sha2-nistp256']);
    assert.deepEqual(preferredHostKeyAlgorithms(knownKeyTypes(ecdsaOnly, '127.0.0.41', 2222)), ['ecdsa-sha2-nistp256']);
    assert.deepEqual(preferredHostKeyAlgorithms(['ssh-rsa', 'ssh-ed25519']), ['ssh-ed25519', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    assert.deepEqual(preferredHostKeyAlgorithms(['sk-ssh-ed25519@openssh.com']), [], 'a type ssh2 cannot verify is not asked for');
    const revoked = user(`@revoked [h]:2 ssh-rsa AAAA\n@cert-authority [h]:2 ssh-ed25519 AAAA\n`);
    assert.deepEqual(knownKeyTypes(revoked, 'h', 2), []);
  });

  it('honours wildcards, negation and @revoked', () => {
    const a = read('key_a.pub').split(' ').slice(0, 2).join(' ');
    const text = user(`*.lab.example,!bad.lab.example ${a}\n@revoked * ${read('key_b.pub').split(' ').slice(0, 2).join(' ')}\n`);
    assert.equal(verifyHostKey(text, 'n1.lab.example', 22, keyA).kind, 'trusted');
    assert.equal(verifyHostKey(text, 'bad.lab.example', 22, keyA).kind, 'unknown');
    assert.equal(verifyHostKey(text, 'anything', 22, keyB).kind, 'revoked');
  });

  it('skips comments and malformed lines without throwing', () => {
    const entries = parseKnownHosts('# comment\n\nonly-two fields\n[h]:2 ssh-ed25519 AAAA\n');
    assert.equal(entries.length, 1);
    assert.equal(entries[0].line, 4);
  });

  it('writes lines that it then trusts', () => {
    const line = knownHostsLine('127.0.0.9', 2200, keyA);
    assert.match(line, /^\[127\.0\.0\.9\]:2200 ssh-ed25519 AAAA/);
    assert.equal(verifyHostKey(user(line + '\n'), '127.0.0.9', 2200, keyA).kind, 'trusted');
    assert.match(knownHostsLine('h.example', 22, keyA), /^h\.example ssh-ed25519 /);
  });
});
