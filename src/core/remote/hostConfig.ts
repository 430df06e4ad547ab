// The hosts a user configures (the devstackContrail.hosts setting), checked and normalised.

export interface HostConfig {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly user?: string;
  readonly identityFile?: string;
  readonly devstackDir?: string;
  readonly proxyJump?: string;
}

export interface SshTarget {
  readonly user?: string;
  readonly host: string;
  readonly port: number;
}

const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;
const USER_NAME = /^[A-Za-z0-9._][A-Za-z0-9._-]*$/;

function parsePort(text: string, whole: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw new Error(`"${whole}": port must be a number from 1 to 65535`);
  return port;
}

/** Reads `user@host`, `host:port`, `user@[::1]:2222` and the like. Throws an Error that says what is wrong. */
export function parseSshTarget(text: string): SshTarget {
  const whole = text.trim();
  if (whole === '') throw new Error('enter a host as user@host or user@host:port');
  let rest = whole;
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (!USER_NAME.test(user)) throw new Error(`"${whole}": "${user}" is not a valid user name`);
  }
  let host = rest;
  let port = 22;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
  if (bracketed) {
    host = bracketed[1];
    if (bracketed[2] !== undefined) port = parsePort(bracketed[2], whole);
    if (!IPV6.test(host)) throw new Error(`"${whole}": "${host}" is not an IPv6 address`);
  } else if (rest.split(':').length === 2) {
    const [name, portText] = rest.split(':');
    host = name;
    port = parsePort(portText, whole);
  } else if (rest.includes(':')) {
    if (!IPV6.test(rest)) throw new Error(`"${whole}": "${rest}" is not a host name or address`);
  }
  if (!host.includes(':') && !HOST_NAME.test(host)) throw new Error(`"${whole}": "${host}" is not a host name or address`);
  return { user, host, port };
}

export interface HostListResult {
  readonly hosts: HostConfig[];
  readonly problems: string[];
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The name a raw setting entry is known by: its "name", else its "host". */
export function hostEntryName(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const entry = raw as Record<string, unknown>;
  return optionalString(entry.name) ?? optionalString(entry.host);
}

/** Checks raw setting entries; bad ones are reported, not dropped silently, and never throw. */
export function readHostList(raw: unknown): HostListResult {
  const hosts: HostConfig[] = [];
  const problems: string[] = [];
  if (!Array.isArray(raw)) return { hosts, problems: raw === undefined ? [] : ['devstackContrail.hosts must be a list'] };
  const seen = new Set<string>();
  raw.forEach((item: unknown, index) => {
    if (typeof item !== 'object' || item === null) {
      problems.push(`host #${index + 1}: expected an object with at least "host"`);
      return;
    }
    const entry = item as Record<string, unknown>;
    const host = optionalString(entry.host);
    if (!host) {
      problems.push(`host #${index + 1}: "host" is missing`);
      return;
    }
    const port = entry.port === undefined ? 22 : Number(entry.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      problems.push(`host #${index + 1} (${host}): port must be a number from 1 to 65535`);
      return;
    }
    const name = hostEntryName(entry) ?? host;
    if (seen.has(name)) {
      problems.push(`host #${index + 1}: the name "${name}" is used twice`);
      return;
    }
    seen.add(name);
    hosts.push({
      name,
      host,
      port,
      user: optionalString(entry.user),
      identityFile: optionalString(entry.identityFile),
      devstackDir: optionalString(entry.devstackDir),
      proxyJump: optionalString(entry.proxyJump),
    });
  });
  for (const h of hosts) {
    if (h.proxyJump && !hosts.some((other) => other.name === h.proxyJump)) {
      problems.push(`host "${h.name}": proxyJump names "${h.proxyJump}", which is not a configured host`);
    }
  }
  return { hosts, problems };
}

/** A setting entry for a newly added host, keeping the file short: defaults are left out. */
export function hostSettingEntry(target: SshTarget): Record<string, string | number> {
  const entry: Record<string, string | number> = { name: target.host, host: target.host };
  if (target.port !== 22) entry.port = target.port;
  if (target.user) entry.user = target.user;
  return entry;
}

export function describeHost(h: HostConfig): string {
  const address = h.host.includes(':') ? `[${h.host}]` : h.host;
  return `${h.user ? h.user + '@' : ''}${address}${h.port === 22 ? '' : ':' + h.port}`;
}
