// Watches the container events of the hosts something shows: one `docker events` stream per watched
// host over its SSH connection, opened by the first watcher and closed with the last, so nothing runs
// while nothing watches. A stream that ends (Docker restarted, the link dropped) is opened again after
// a pause that grows while it keeps failing.
import type { Disposable, SamplerChannel } from '../load/loadMonitor';
import { containerEventsCommand, ContainerEventParser, type ContainerEvent } from './containerEvents';

export interface ContainerEventMonitorOptions {
  /** opens `command` on the host's SSH connection */
  readonly open: (host: string, command: string) => Promise<SamplerChannel>;
  /** the first pause before a stream that ended is opened again (doubles up to maxRetryMs) */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  /** how far back a host's first stream starts (what happened just before it was watched); default 60 s */
  readonly firstReplayMs?: number;
  readonly now?: () => number;
}

class WatchedEvents {
  readonly listeners = new Set<(event: ContainerEvent) => void>();
  channel?: SamplerChannel;
  stopped = false;
  timer?: ReturnType<typeof setTimeout>;
  pauseMs: number;
  /** when the stream last gave an event or opened: a new stream starts from there */
  replayFrom: number;

  constructor(
    readonly host: string,
    retryMs: number,
    replayFrom: number,
  ) {
    this.pauseMs = retryMs;
    this.replayFrom = replayFrom;
  }
}

export class ContainerEventMonitor {
  private readonly hosts = new Map<string, WatchedEvents>();
  private readonly retryMs: number;
  private readonly maxRetryMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ContainerEventMonitorOptions) {
    this.retryMs = options.retryMs ?? 5000;
    this.maxRetryMs = options.maxRetryMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Starts watching a host's container events (its stream opens with the first watcher); dispose to stop. */
  watch(host: string, listener: (event: ContainerEvent) => void): Disposable {
    let watched = this.hosts.get(host);
    if (!watched) {
      watched = new WatchedEvents(host, this.retryMs, this.now() - (this.options.firstReplayMs ?? 60_000));
      this.hosts.set(host, watched);
      this.start(watched);
    }
    const w = watched;
    w.listeners.add(listener);
    return {
      dispose: () => {
        w.listeners.delete(listener);
        if (w.listeners.size === 0) this.stop(w);
      },
    };
  }

  watchedHosts(): string[] {
    return [...this.hosts.keys()];
  }

  dispose(): void {
    for (const watched of [...this.hosts.values()]) this.stop(watched);
  }

  private start(watched: WatchedEvents): void {
    const parser = new ContainerEventParser((event) => {
      watched.pauseMs = this.retryMs;
      watched.replayFrom = this.now();
      for (const listener of [...watched.listeners]) listener(event);
    });
    // a second of overlap: an event told twice is told once by the notifications' repeat window
    const command = containerEventsCommand((this.now() - watched.replayFrom) / 1000 + 1);
    this.options.open(watched.host, command).then(
      (channel) => {
        if (watched.stopped) return channel.close();
        watched.replayFrom = this.now();
        watched.channel = channel;
        channel.on('data', (chunk) => parser.push(chunk.toString('utf8')));
        channel.on('close', () => {
          if (watched.channel === channel) watched.channel = undefined;
          this.restartLater(watched);
        });
      },
      () => this.restartLater(watched),
    );
  }

  private restartLater(watched: WatchedEvents): void {
    if (watched.stopped || watched.timer) return;
    const pause = watched.pauseMs;
    watched.pauseMs = Math.min(pause * 2, this.maxRetryMs);
    watched.timer = setTimeout(() => {
      watched.timer = undefined;
      if (!watched.stopped) this.start(watched);
    }, pause);
  }

  private stop(watched: WatchedEvents): void {
    watched.stopped = true;
    if (watched.timer) clearTimeout(watched.timer);
    watched.channel?.close();
    if (this.hosts.get(watched.host) === watched) this.hosts.delete(watched.host);
  }
}
