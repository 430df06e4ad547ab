// The live load of the hosts a view shows, over their SSH connections (core/load/): one sampler stream
// per watched host, opened by the first watcher and closed with the last, so nothing runs while no view
// shows load. Keeps each host's latest reading and, when it stopped answering, why.
import { LoadMonitor, type Disposable, type LoadEvent } from '../core/load/loadMonitor';
import type { HostLoad, LoadTracker } from '../core/load/loadTracker';
import type { HostConnections } from '../core/remote/hostConnections';

export class LiveLoad {
  private readonly monitor: LoadMonitor;
  private readonly latest = new Map<string, HostLoad>();
  private readonly problems = new Map<string, string>();

  constructor(connections: HostConnections) {
    this.monitor = new LoadMonitor({ open: async (host, command) => (await connections.session(host)).openChannel(command) });
  }

  watch(host: string, listener: (event: LoadEvent) => void): Disposable {
    return this.monitor.watch(host, (event) => {
      if (event.kind === 'load') {
        this.latest.set(host, event.load);
        this.problems.delete(host);
      } else if (event.kind === 'unanswered') this.problems.set(host, event.reason);
      else this.problems.delete(host);
      listener(event);
    });
  }

  /** The latest reading of a watched host. */
  load(host: string): HostLoad | undefined {
    return this.monitor.tracker(host) ? this.latest.get(host) : undefined;
  }

  /** Why a watched host gives no reading now, if it does not. */
  problem(host: string): string | undefined {
    return this.monitor.tracker(host) ? this.problems.get(host) : undefined;
  }

  /** p50/p95 over the window, per host and container, while the host is watched. */
  tracker(host: string): LoadTracker | undefined {
    return this.monitor.tracker(host);
  }

  dispose(): void {
    this.monitor.dispose();
  }
}
