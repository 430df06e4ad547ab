import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { describeVerdict, fingerprintSha256, keyTypeOfBlob, knownHostsLine, parseKnownHosts, verifyHostKey } from '../../src/core/remote/knownHosts';

// Fixtures made with ssh-keygen: the .fingerprint files hold what `ssh-keygen -lf` printed,
// known_hosts_hashed is known_hosts_plain after `ssh-keygen -H`.
const fixtures = join(__dirname, '..', '..', '..', 'test', 'unit', 'fixtures');
const read = (name: string): string => readFileSync(join(fixtures, name), 'utf8');
const blobOf = (pubFile: string): Buffer => Buffer.from(read(pubFile).split(' ')[1], 'base64');
const keyA = blobOf('key_a.pub');
const keyB = blobOf('key_b.pub');
const keyRsa = blobOf('key_rsa.pub');

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
      const text = read(file);
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
        assert.deepEqual(verdict.knownFingerprints, [read('key_a.fingerprint').trim()]);
        assert.deepEqual(verdict.lines, [1]);
        const message = describeVerdict(verdict, '127.0.0.2', 2222, '~/.ssh/known_hosts');
        assert.match(message, /host key for \[127\.0\.0\.2\]:2222 changed: was SHA256:\S+, now SHA256:\S+/);
        assert.match(message, /remove line 1 of ~\/\.ssh\/known_hosts \(ssh-keygen -R '\[127\.0\.0\.2\]:2222'\)/);
      });
      it('treats a key of another type as unknown, not changed (as ssh does)', () => {
        const verdict = verifyHostKey(text, '127.0.0.2', 2222, keyRsa);
        assert.equal(verdict.kind, 'unknown');
      });
    });
  }

  it('honours wildcards, negation and @revoked', () => {
    const a = read('key_a.pub').split(' ').slice(0, 2).join(' ');
    const text = `*.lab.example,!bad.lab.example ${a}\n@revoked * ${read('key_b.pub').split(' ').slice(0, 2).join(' ')}\n`;
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
    assert.equal(verifyHostKey(line + '\n', '127.0.0.9', 2200, keyA).kind, 'trusted');
    assert.match(knownHostsLine('h.example', 22, keyA), /^h\.example ssh-ed25519 /);
  });
});
