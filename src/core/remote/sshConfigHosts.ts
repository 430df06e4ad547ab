// Hosts from ~/.ssh/config (parsed by the maintained `ssh-config` package): every concrete Host alias
// becomes a host, with OpenSSH's first-match-wins values for HostName, User, Port, IdentityFile,
// ProxyJump and IdentitiesOnly.
import SSHConfig from 'ssh-config';
import { homedir } from 'node:os';
import type { HostConfig } from './hostConfig';

export interface SshConfigHost extends HostConfig {
  readonly identitiesOnly?: boolean;
  readonly source: 'ssh-config';
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function expandHome(path: string): string {
  return path.startsWith('~/') ? `${homedir()}${path.slice(1)}` : path;
}

/** Reads ssh_config text; patterns (`*`, `?`, `!`) are rules, not hosts, and are left out. */
export function hostsFromSshConfig(text: string): SshConfigHost[] {
  let config: SSHConfig;
  try {
    config = SSHConfig.parse(text);
  } catch {
    return [];
  }
  const aliases: string[] = [];
  for (const line of config) {
    if (line.type !== SSHConfig.DIRECTIVE || line.param.toLowerCase() !== 'host') continue;
    const values = Array.isArray(line.value) ? line.value.map((v) => (typeof v === 'string' ? v : v.val)) : String(line.value).split(/\s+/);
    for (const alias of values) if (alias && !/[*?!]/.test(alias) && !aliases.includes(alias)) aliases.push(alias);
  }
  return aliases.map((alias) => {
    const computed = config.compute(alias, { ignoreCase: true });
    const port = Number(first(computed.port) ?? 22);
    const jump = first(computed.proxyjump);
    const identity = first(computed.identityfile);
    return {
      name: alias,
      host: first(computed.hostname) ?? alias,
      port: Number.isInteger(port) && port > 0 && port < 65536 ? port : 22,
      user: first(computed.user),
      identityFile: identity ? expandHome(identity) : undefined,
      proxyJump:
        jump && jump.toLowerCase() !== 'none'
          ? jump
              .split(',')[0]
              .replace(/^[^@]*@/, '')
              .replace(/:\d+$/, '')
          : undefined,
      identitiesOnly: first(computed.identitiesonly)?.toLowerCase() === 'yes',
      source: 'ssh-config' as const,
    };
  });
}
