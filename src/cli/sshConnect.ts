// The CLI's SSH connection to a host: host keys checked against known_hosts as OpenSSH does (an unknown
// key only with --accept-new-host-key), the key file or the agent, and errors that say what to do.
import { readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { parseSshTarget } from '../core/remote/hostConfig';
import { HostKeyError, SshSession } from '../core/remote/sshSession';
import { UsageError } from './args';

/** The SSH options every command that reaches a host takes. */
export interface SshFlags {
  identity?: string;
  knownHosts: string;
  acceptNew: boolean;
}

export function defaultSshFlags(): SshFlags {
  return { knownHosts: join(homedir(), '.ssh', 'known_hosts'), acceptNew: false };
}

/** --identity, --known-hosts and --accept-new-host-key into `flags`: true when `flag` was one of them. */
export function readSshFlag(flag: string, value: () => string, flags: SshFlags): boolean {
  if (flag === '--identity') flags.identity = value();
  else if (flag === '--known-hosts') flags.knownHosts = value();
  else if (flag === '--accept-new-host-key') flags.acceptNew = true;
  else return false;
  return true;
}

/** Connects to `destination` (user@host[:port]). */
export async function connectCliSsh(destination: string, options: SshFlags): Promise<SshSession> {
  const where = parseSshTarget(destination);
  let privateKey: Buffer | undefined;
  if (options.identity) {
    try {
      privateKey = readFileSync(options.identity);
    } catch {
      throw new UsageError(`cannot read the key file ${options.identity}`);
    }
  }
  try {
    return await SshSession.connect({
      endpoint: { host: where.host, port: where.port, user: where.user ?? userInfo().username },
      credentials: { privateKey, agent: process.env.SSH_AUTH_SOCK || undefined },
      hostKeys: { knownHostsPath: options.knownHosts, confirmUnknownKey: async () => options.acceptNew },
    });
  } catch (error) {
    if (error instanceof HostKeyError && error.verdict === 'unknown-refused') {
      throw new UsageError(
        `${error.message}. If that fingerprint is the host's, add it with --accept-new-host-key, or append this line to ${options.knownHosts}:\n${error.knownHostsLine ?? ''}`,
      );
    }
    throw new UsageError((error as Error).message);
  }
}
