// OpenSSH known_hosts, read and written the way ssh(1) does: plain and hashed (|1|salt|hash) host
// patterns, [host]:port entries for non-default ports, wildcards, negation, @revoked markers; the
// user's file and the system-wide ones; host names lowercased before matching; the host key
// algorithms ordered so that a server offers a key of a type already known for it.
import { createHash, createHmac } from 'node:crypto';

/** The system-wide files ssh(1) reads after the user's (GlobalKnownHostsFile). */
export const SYSTEM_KNOWN_HOSTS_FILES: readonly string[] = ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];

export interface KnownHostsFile {
  readonly path: string;
  readonly text: string;
}

/** Where an entry is: the file and its 1-based line, for messages that tell the user which line to remove. */
export interface KnownHostPlace {
  readonly path: string;
  readonly line: number;
}

export interface KnownHostEntry {
  readonly line: number;
  readonly marker?: '@revoked' | '@cert-authority';
  readonly patterns: readonly string[];
  readonly keyType: string;
  readonly keyBase64: string;
}

interface PlacedEntry extends KnownHostEntry {
  readonly path: string;
}

export interface OtherKnownKey {
  readonly keyType: string;
  readonly fingerprint: string;
  readonly at: KnownHostPlace;
}

export type HostKeyVerdict =
  | { readonly kind: 'trusted'; readonly fingerprint: string; readonly at: KnownHostPlace }
  /** not known; `otherKeys`: keys of other types that are known for this host (ssh says so too) */
  | { readonly kind: 'unknown'; readonly fingerprint: string; readonly keyType: string; readonly otherKeys: readonly OtherKnownKey[] }
  | { readonly kind: 'changed'; readonly fingerprint: string; readonly keyType: string; readonly known: readonly OtherKnownKey[] }
  | { readonly kind: 'revoked'; readonly fingerprint: string; readonly at: KnownHostPlace };

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const fields = trimmed.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostEntry['marker'];
    if (fields.length < 3) return; // malformed: ssh(1) skips such lines too
    entries.push({ line: index + 1, marker, patterns: fields[0].split(','), keyType: fields[1], keyBase64: fields[2] });
  });
  return entries;
}

/** The name ssh(1) looks up and writes: the host lowercased, `[host]:port` for a port other than 22. */
export function knownHostsName(host: string, port: number): string {
  const lower = host.toLowerCase();
  return port === 22 ? lower : `[${lower}]:${port}`;
}

/** OpenSSH's fingerprint form: SHA256:<unpadded base64 of the SHA-256 of the key blob>. */
export function fingerprintSha256(keyBlob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '');
}

/** The key type named inside an SSH wire-format public key blob (its first string). */
export function keyTypeOfBlob(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return '';
  const length = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}

function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function hashedPatternMatches(pattern: string, name: string): boolean {
  const parts = pattern.split('|'); // ['', '1', salt, hash]
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const digest = createHmac('sha1', Buffer.from(parts[2], 'base64')).update(name).digest('base64');
  return digest === parts[3];
}

/** Whether an entry's pattern list names this host: any positive match and no negated one. */
export function entryMatches(entry: KnownHostEntry, host: string, port: number): boolean {
  const name = knownHostsName(host, port);
  let matched = false;
  for (const pattern of entry.patterns) {
    const negated = pattern.startsWith('!');
    const body = negated ? pattern.slice(1) : pattern;
    const hit = body.startsWith('|') ? hashedPatternMatches(body, name) : wildcardToRegExp(body).test(name);
    if (hit && negated) return false;
    if (hit) matched = true;
  }
  return matched;
}

function fingerprintOfBase64(keyBase64: string): string {
  return fingerprintSha256(Buffer.from(keyBase64, 'base64'));
}

function matchingEntries(files: readonly KnownHostsFile[], host: string, port: number): PlacedEntry[] {
  return files
    .flatMap((file) => parseKnownHosts(file.text).map((e) => ({ ...e, path: file.path })))
    .filter((e) => e.marker !== '@cert-authority' && entryMatches(e, host, port));
}

const known = (e: PlacedEntry): OtherKnownKey => ({
  keyType: e.keyType,
  fingerprint: fingerprintOfBase64(e.keyBase64),
  at: { path: e.path, line: e.line },
});

/**
 * Checks a presented host key against known_hosts files (the user's first, then the system's), as
 * ssh(1) with StrictHostKeyChecking=ask: a listed key is trusted, another key of the same type is a
 * change, a key of a type not listed is unknown (with the other types that are).
 */
export function verifyHostKey(files: readonly KnownHostsFile[], host: string, port: number, keyBlob: Buffer): HostKeyVerdict {
  const keyType = keyTypeOfBlob(keyBlob);
  const keyBase64 = keyBlob.toString('base64');
  const fingerprint = fingerprintSha256(keyBlob);
  const matching = matchingEntries(files, host, port);
  const revoked = matching.find((e) => e.marker === '@revoked' && e.keyBase64 === keyBase64);
  if (revoked) return { kind: 'revoked', fingerprint, at: { path: revoked.path, line: revoked.line } };
  const plain = matching.filter((e) => e.marker === undefined);
  const same = plain.find((e) => e.keyBase64 === keyBase64);
  if (same) return { kind: 'trusted', fingerprint, at: { path: same.path, line: same.line } };
  const sameType = plain.filter((e) => e.keyType === keyType);
  if (sameType.length > 0) return { kind: 'changed', fingerprint, keyType, known: sameType.map(known) };
  return { kind: 'unknown', fingerprint, keyType, otherKeys: plain.map(known) };
}

/** The key types known_hosts lists for a host (revoked keys and CAs aside), in file order. */
export function knownKeyTypes(files: readonly KnownHostsFile[], host: string, port: number): string[] {
  return [
    ...new Set(
      matchingEntries(files, host, port)
        .filter((e) => e.marker === undefined)
        .map((e) => e.keyType),
    ),
  ];
}

/** The host key algorithms ssh2 can verify, in its (and OpenSSH's) order of preference. */
const HOST_KEY_ALGORITHMS: readonly { readonly algorithm: string; readonly keyType: string }[] = [
  { algorithm: 'ssh-ed25519', keyType: 'ssh-ed25519' },
  { algorithm: 'ecdsa-sha2-nistp256', keyType: 'ecdsa-sha2-nistp256' },
  { algorithm: 'ecdsa-sha2-nistp384', keyType: 'ecdsa-sha2-nistp384' },
  { algorithm: 'ecdsa-sha2-nistp521', keyType: 'ecdsa-sha2-nistp521' },
  { algorithm: 'rsa-sha2-512', keyType: 'ssh-rsa' },
  { algorithm: 'rsa-sha2-256', keyType: 'ssh-rsa' },
  { algorithm: 'ssh-rsa', keyType: 'ssh-rsa' },
];

/**
 * The host key algorithms to offer first, as ssh(1) orders them: those whose keys known_hosts holds
 * for this host, in the usual order of preference (an RSA key: rsa-sha2-512, rsa-sha2-256, ssh-rsa).
 * Empty when none is known: then the default order stands.
 */
export function preferredHostKeyAlgorithms(keyTypes: readonly string[]): string[] {
  return HOST_KEY_ALGORITHMS.filter((a) => keyTypes.includes(a.keyType)).map((a) => a.algorithm);
}

/** The line to append when the user accepts an unknown key. */
export function knownHostsLine(host: string, port: number, keyBlob: Buffer): string {
  return `${knownHostsName(host, port)} ${keyTypeOfBlob(keyBlob)} ${keyBlob.toString('base64')}`;
}

const where = (at: KnownHostPlace): string => `${at.path}:${at.line}`;

/** A message that says what happened and what the user can do, in OpenSSH's terms. */
export function describeVerdict(verdict: HostKeyVerdict, host: string, port: number, knownHostsPath: string): string {
  const name = knownHostsName(host, port);
  switch (verdict.kind) {
    case 'trusted':
      return `host key for ${name} matches ${where(verdict.at)} (${verdict.fingerprint})`;
    case 'unknown':
      if (verdict.otherKeys.length > 0) {
        return (
          `host ${name} offered a ${verdict.keyType} key (${verdict.fingerprint}) that is not in ${knownHostsPath}, ` +
          `but keys of a different type are already known for this host: ${verdict.otherKeys.map((k) => `${k.keyType} ${k.fingerprint} at ${where(k.at)}`).join('; ')}`
        );
      }
      return `host ${name} is not in ${knownHostsPath}; its ${verdict.keyType} key fingerprint is ${verdict.fingerprint}`;
    case 'changed': {
      const files = [...new Set(verdict.known.map((k) => k.at.path))];
      const removal = files.map((path) => {
        const lines = verdict.known
          .filter((k) => k.at.path === path)
          .map((k) => k.at.line)
          .join(', ');
        return `line ${lines} of ${path} (ssh-keygen -R '${name}'${path === knownHostsPath ? '' : ` -f ${path}`})`;
      });
      return (
        `host key for ${name} changed: was ${verdict.known.map((k) => k.fingerprint).join(', ')}, now ${verdict.fingerprint}. ` +
        `If the host was rebuilt, remove ${removal.join(' and ')} and connect again.`
      );
    }
    case 'revoked':
      return `host key for ${name} (${verdict.fingerprint}) is marked @revoked at ${where(verdict.at)}; refusing to connect`;
  }
}
