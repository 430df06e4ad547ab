// The live load of compute hosts as the CLI measures it (`load`, `boot --place live-load`): one SSH
// connection per host named with --ssh HOST=DEST, and one sampler stream per host for a few seconds.
import { LoadMonitor, type LoadEvent } from '../core/load/loadMonitor';
import type { HostLoad } from '../core/load/loadTracker';
import type { SshSession } from '../core/remote/sshSession';
import { UsageError } from './args';
import { connectCliSsh, type SshFlags } from './sshConnect';

/** --ssh HOST=user@address[:port] into `mapping` (compute host → SSH destination). */
export function readSshMapping(text: string, mapping: Map<string, string>): void {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) throw new UsageError(`--ssh: "${text}" is not HOST=user@address[:port]`);
  mapping.set(text.slice(0, at), text.slice(at + 1));
}

/** The --ssh hosts' SSH connections, each host by its name; close them with closeSessions. */
export async function connectSshHosts(mapping: ReadonlyMap<string, string>, flags: SshFlags): Promise<Map<string, SshSession>> {
  const sessions = new Map<string, SshSession>();
  try {
    for (const [host, destination] of mapping) sessions.set(host, await connectCliSsh(destination, flags));
  } catch (error) {
    closeSessions(sessions);
    throw error;
  }
  return sessions;
}

export function closeSessions(sessions: ReadonlyMap<string, SshSession>): void {
  for (const session of sessions.values()) session.close();
}

/**
 * One measured load per host, or why there is none: CPU over the measuring time less the first second
 * (two readings that far apart, so a load that comes in bursts counts at its mean), memory at its end.
 * The streams stop when every host has answered or the time is up.
 */
export async function measureHosts(sessions: ReadonlyMap<string, SshSession>, seconds: number): Promise<Map<string, HostLoad | string>> {
  const results = new Map<string, HostLoad | string>();
  if (sessions.size === 0) return results;
  const monitor = new LoadMonitor({
    open: async (host, command) => {
      const session = sessions.get(host);
      if (!session) throw new Error(`no SSH connection to ${host}`);
      return session.openChannel(command);
    },
    intervalSeconds: Math.max(1, seconds - 1),
  });
  try {
    await new Promise<void>((resolve) => {
      const deadline = setTimeout(resolve, (seconds + 5) * 1000);
      const settle = (host: string, result: HostLoad | string): void => {
        // the last reading of the measuring time counts; an answer after it is not waited for
        results.set(host, result);
        if (results.size === sessions.size) {
          clearTimeout(deadline);
          resolve();
        }
      };
      for (const host of sessions.keys()) {
        monitor.watch(host, (event: LoadEvent) => {
          // the first load is the one from the start of the stream to a measuring time later
          if (event.kind === 'unanswered') settle(host, `not answering: ${event.reason}`);
          else if (event.kind === 'load' && !results.has(host)) settle(host, event.load);
        });
      }
    });
  } finally {
    monitor.dispose();
  }
  for (const host of sessions.keys()) if (!results.has(host)) results.set(host, `no reading in ${seconds + 5} s`);
  return results;
}
