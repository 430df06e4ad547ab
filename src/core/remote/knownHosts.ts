// OpenSSH known_hosts, read and written the way ssh(1) does: plain and hashed (|1|salt|hash) host
// patterns, [host]:port entries for non-default ports, wildcards, negation, @revoked markers.
import { createHash, createHmac } from 'node:crypto';

export interface KnownHostEntry {
  readonly line: number; // 1-based, for messages that tell the user which line to remove
  readonly marker?: '@revoked' | '@cert-authority';
  readonly patterns: readonly string[];
  readonly keyType: string;
  readonly keyBase64: string;
}

export type HostKeyVerdict =
  | { readonly kind: 'trusted'; readonly fingerprint: string; readonly line: number }
  | { readonly kind: 'unknown'; readonly fingerprint: string; readonly keyType: string }
  | { readonly kind: 'changed'; readonly fingerprint: string; readonly keyType: string; readonly knownFingerprints: readonly string[]; readonly lines: readonly number[] }
  | { readonly kind: 'revoked'; readonly fingerprint: string; readonly line: number };

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

/** The name ssh(1) looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
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
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
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

/** Checks a presented host key against known_hosts text, as ssh(1) with StrictHostKeyChecking=ask. */
export function verifyHostKey(knownHostsText: string, host: string, port: number, keyBlob: Buffer): HostKeyVerdict {
  const keyType = keyTypeOfBlob(keyBlob);
  const keyBase64 = keyBlob.toString('base64');
  const fingerprint = fingerprintSha256(keyBlob);
  const matching = parseKnownHosts(knownHostsText).filter((e) => e.marker !== '@cert-authority' && entryMatches(e, host, port));
  const revoked = matching.find((e) => e.marker === '@revoked' && e.keyBase64 === keyBase64);
  if (revoked) return { kind: 'revoked', fingerprint, line: revoked.line };
  const plain = matching.filter((e) => e.marker === undefined);
  const same = plain.find((e) => e.keyBase64 === keyBase64);
  if (same) return { kind: 'trusted', fingerprint, line: same.line };
  const sameType = plain.filter((e) => e.keyType === keyType);
  if (sameType.length > 0) {
    return {
      kind: 'changed', fingerprint, keyType,
      knownFingerprints: sameType.map((e) => fingerprintOfBase64(e.keyBase64)),
      lines: sameType.map((e) => e.line),
    };
  }
  return { kind: 'unknown', fingerprint, keyType };
}

/** The line to append when the user accepts an unknown key. */
export function knownHostsLine(host: string, port: number, keyBlob: Buffer): string {
  return `${knownHostsName(host, port)} ${keyTypeOfBlob(keyBlob)} ${keyBlob.toString('base64')}`;
}

/** A message that says what happened and what the user can do, in OpenSSH's terms. */
export function describeVerdict(verdict: HostKeyVerdict, host: string, port: number, knownHostsPath: string): string {
  const name = knownHostsName(host, port);
  switch (verdict.kind) {
    case 'trusted':
      return `host key for ${name} matches ${knownHostsPath}:${verdict.line} (${verdict.fingerprint})`;
    case 'unknown':
      return `host ${name} is not in ${knownHostsPath}; its ${verdict.keyType} key fingerprint is ${verdict.fingerprint}`;
    case 'changed':
      return `host key for ${name} changed: was ${verdict.knownFingerprints.join(', ')}, now ${verdict.fingerprint}. ` +
        `If the host was rebuilt, remove line ${verdict.lines.join(', ')} of ${knownHostsPath} (ssh-keygen -R '${name}') and connect again.`;
    case 'revoked':
      return `host key for ${name} (${verdict.fingerprint}) is marked @revoked at ${knownHostsPath}:${verdict.line}; refusing to connect`;
  }
}
