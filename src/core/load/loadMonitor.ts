// Watches the live load of compute hosts: one sampler stream per watched host over its SSH connection,
// started by the first watcher and stopped with the last, so nothing runs while no view shows load. A
// stream that ends is started again after a pause; a host that sends no frame for a while is reported
// as not answering.
import { shellQuote } from '../remote/shellQuote';
import { HostFrameParser, SAMPLER_SCRIPT } from './hostSampler';
import { LoadTracker, type HostLoad } from './loadTracker';

/** The part of an SSH exec channel the monitor uses. */
export interface SamplerChannel {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  close(): void;
}

export type LoadEvent =
  | { readonly kind: 'load'; readonly host: string; readonly load: HostLoad }
  /** no frame for `silentMs` (the link or the host is down), or the stream could not be opened */
  | { readonly kind: 'unanswered'; readonly host: string; readonly reason: string }
  | { readonly kind: 'answering'; readonly host: string };

export interface LoadMonitorOptions {
  /** opens `command` on the host's SSH connection */
  readonly open: (host: string, command: string) => Promise<SamplerChannel>;
  readonly intervalSeconds?: number;
  readonly windowMs?: number;
  /** without a frame for this long the host is said not to answer (default 4 intervals + 5 s) */
  readonly silentMs?: number;
  readonly now?: () => number;
}

export interface Disposable {
  dispose(): void;
}

/** The command that runs the sampler on a host, every `intervalSeconds`. */
export function samplerCommand(intervalSeconds: number): string {
  return `sh -c ${shellQuote(SAMPLER_SCRIPT)} sampler ${shellQuote(String(intervalSeconds))}`;
}

class WatchedHost {
  readonly tracker: LoadTracker;
  readonly listeners = new Set<(event: LoadEvent) => void>();
  channel?: SamplerChannel;
  lastFrameAt: number;
  answering = true;
  stopped = false;
  timer?: ReturnType<typeof setTimeout>;
  watchdog?: ReturnType<typeof setInterval>;

  constructor(
    readonly name: string,
    windowMs: number | undefined,
    now: number,
  ) {
    this.tracker = new LoadTracker(windowMs);
    this.lastFrameAt = now;
  }

  emit(event: LoadEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}

export class LoadMonitor {
  private readonly hosts = new Map<string, WatchedHost>();
  private readonly interval: number;
  private readonly silentMs: number;
  private readonly now: () => number;

  constructor(private readonly options: LoadMonitorOptions) {
    this.interval = options.intervalSeconds ?? 2;
    this.silentMs = options.silentMs ?? this.interval * 4000 + 5000;
    this.now = options.now ?? Date.now;
  }

  /** Starts watching a host (its stream opens with the first watcher); dispose to stop. */
  watch(host: string, listener: (event: LoadEvent) => void): Disposable {
    let watched = this.hosts.get(host);
    if (!watched) {
      watched = new WatchedHost(host, this.options.windowMs, this.now());
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

  /** The host's load tracker while it is watched (latest reading, p50/p95 of the window). */
  tracker(host: string): LoadTracker | undefined {
    return this.hosts.get(host)?.tracker;
  }

  watchedHosts(): string[] {
    return [...this.hosts.keys()];
  }

  dispose(): void {
    for (const watched of [...this.hosts.values()]) this.stop(watched);
  }

  private start(watched: WatchedHost): void {
    watched.watchdog ??= setInterval(() => this.checkSilence(watched), Math.max(250, Math.min(this.silentMs / 4, 5000)));
    const parser = new HostFrameParser((frame) => {
      const now = this.now();
      watched.lastFrameAt = now;
      if (!watched.answering) {
        watched.answering = true;
        watched.emit({ kind: 'answering', host: watched.name });
      }
      const load = watched.tracker.add(frame, now);
      if (load) watched.emit({ kind: 'load', host: watched.name, load });
    });
    this.options.open(watched.name, samplerCommand(this.interval)).then(
      (channel) => {
        if (watched.stopped) return channel.close();
        watched.channel = channel;
        channel.on('data', (chunk) => parser.push(chunk.toString('utf8')));
        channel.on('close', () => {
          if (watched.channel === channel) watched.channel = undefined;
          this.restartLater(watched);
        });
      },
      (error: unknown) => {
        this.unanswered(watched, error instanceof Error ? error.message : String(error));
        this.restartLater(watched);
      },
    );
  }

  private restartLater(watched: WatchedHost): void {
    if (watched.stopped || watched.timer) return;
    watched.timer = setTimeout(() => {
      watched.timer = undefined;
      if (!watched.stopped) this.start(watched);
    }, this.interval * 1000);
  }

  private checkSilence(watched: WatchedHost): void {
    const silent = this.now() - watched.lastFrameAt;
    if (silent >= this.silentMs) this.unanswered(watched, `no reading for ${Math.round(silent / 1000)} s`);
  }

  private unanswered(watched: WatchedHost, reason: string): void {
    if (!watched.answering) return;
    watched.answering = false;
    watched.emit({ kind: 'unanswered', host: watched.name, reason });
  }

  private stop(watched: WatchedHost): void {
    watched.stopped = true;
    if (watched.timer) clearTimeout(watched.timer);
    if (watched.watchdog) clearInterval(watched.watchdog);
    watched.channel?.close();
    this.hosts.delete(watched.name);
  }
}
