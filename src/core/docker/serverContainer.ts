// The Docker container nova-docker made for one Nova server (named `nova-<server uuid>`): details, logs,
// live stats, processes and network interfaces, read through dockerode (see dockerOverSsh.ts).
// Every stream can be stopped at any time, and a container that vanished gives a message, never a crash.
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { shellCommand } from '../remote/shellQuote';
import { DockerStreamDemuxer, LineSplitter, logLine, parseIpInterfaces, statsSample } from './containerReadings';
import type { ContainerDetails, LogLine, NetworkInterface, ProcessTable, StatsSample, Stoppable } from './types';

export { cpuPercent, DockerStreamDemuxer, LineSplitter, logLine, memoryInUse, parseIpInterfaces, statsSample } from './containerReadings';

/** Nova server ids are UUIDs; anything else cannot name a nova-docker container (and must not reach a URL path). */
const SERVER_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

const EXEC_TIMEOUT_MS = 15_000;

/** The container is no longer there: the server was deleted, or nova-compute removed it. */
export class ContainerGoneError extends Error {
  constructor(readonly containerName: string) {
    super(`container ${containerName} is gone: the server was deleted or nova-compute removed it`);
    this.name = 'ContainerGoneError';
  }
}

export interface LogOptions {
  /** the last lines to start with (default 200); 'all' for the whole log */
  readonly tail?: number | 'all';
  /** keep the stream open and deliver new lines as they come */
  readonly follow: boolean;
}

/** Called once when a stream ends by itself: without an error when the container stopped or the log was read. */
export type StreamEnd = (error?: Error) => void;

export function containerNameOf(serverId: string): string {
  return `nova-${serverId}`;
}

/** The container of a Nova server, or undefined when this Docker has none (or the id is not a server id). */
export async function findServerContainer(docker: Docker, serverId: string): Promise<ServerContainer | undefined> {
  if (!SERVER_ID.test(serverId)) return undefined;
  const name = containerNameOf(serverId);
  try {
    const info = await docker.getContainer(name).inspect();
    return new ServerContainer(docker, serverId, info.Id, info.Config?.Tty === true);
  } catch (error) {
    if (statusCode(error) === 404) return undefined;
    throw dockerError(error, name);
  }
}

export class ServerContainer {
  readonly name: string;

  constructor(
    private readonly docker: Docker,
    readonly serverId: string,
    /** the full container id, fixed at find time: a re-created container is a different one */
    readonly id: string,
    private readonly tty = false,
  ) {
    this.name = containerNameOf(serverId);
  }

  private get container(): Docker.Container {
    return this.docker.getContainer(this.id);
  }

  async inspect(): Promise<ContainerDetails> {
    try {
      const [info, listed] = await Promise.all([
        this.container.inspect(),
        this.docker.listContainers({ all: true, filters: { id: [this.id] } }),
      ]);
      const ipAddresses = new Set<string>();
      // the top-level IPAddress of API < 1.44 (the default bridge); newer engines list it under Networks only
      const settings = info.NetworkSettings as Docker.ContainerInspectInfo['NetworkSettings'] & { IPAddress?: string };
      if (settings?.IPAddress) ipAddresses.add(settings.IPAddress);
      for (const network of Object.values(settings?.Networks ?? {})) {
        if (network.IPAddress) ipAddresses.add(network.IPAddress);
        if (network.GlobalIPv6Address) ipAddresses.add(network.GlobalIPv6Address);
      }
      const state = info.State;
      return {
        id: info.Id,
        name: info.Name.replace(/^\//, ''),
        image: info.Config?.Image ?? info.Image,
        state: state.Status,
        status: listed[0]?.Status ?? describeState(state),
        ...(state.StartedAt && !state.StartedAt.startsWith('0001-') ? { startedAt: state.StartedAt } : {}),
        createdAt: info.Created,
        ...(state.Pid > 0 ? { pid: state.Pid } : {}),
        command: shellCommand([info.Path, ...(info.Args ?? [])].filter((arg) => arg !== undefined)),
        ...(info.HostConfig?.NetworkMode ? { networkMode: info.HostConfig.NetworkMode } : {}),
        ipAddresses: [...ipAddresses],
      };
    } catch (error) {
      throw dockerError(error, this.name);
    }
  }

  /** Log lines, stdout and stderr apart, with Docker's timestamps; with follow, new lines until stop(). */
  followLogs(options: LogOptions, onLine: (line: LogLine) => void, onEnd?: StreamEnd): Stoppable {
    const tail = options.tail ?? 200;
    return this.openStream(
      async () => {
        const base = { stdout: true, stderr: true, timestamps: true, ...(tail === 'all' ? {} : { tail }) };
        if (options.follow) return this.container.logs({ ...base, follow: true });
        const whole = new PassThrough();
        whole.end(await this.container.logs({ ...base, follow: false }));
        return whole;
      },
      (stream) => {
        const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };
        const demuxer = new DockerStreamDemuxer();
        stream.on('data', (chunk: Buffer) => {
          const frames = this.tty ? [{ stream: 'stdout' as const, payload: chunk }] : demuxer.push(chunk);
          for (const frame of frames) for (const line of splitters[frame.stream].push(frame.payload)) onLine(logLine(frame.stream, line));
        });
        return () => {
          for (const kind of ['stdout', 'stderr'] as const) for (const line of splitters[kind].flush()) onLine(logLine(kind, line));
        };
      },
      onEnd,
    );
  }

  /** The last lines of the log, read once. */
  recentLogs(tail: number | 'all' = 200): Promise<LogLine[]> {
    return new Promise((resolve, reject) => {
      const lines: LogLine[] = [];
      this.followLogs(
        { tail, follow: false },
        (line) => lines.push(line),
        (error) => (error ? reject(error) : resolve(lines)),
      );
    });
  }

  /** One sample about every second (Docker's pace) until stop(); computed as `docker stats` shows them. */
  streamStats(onSample: (sample: StatsSample) => void, onEnd?: StreamEnd): Stoppable {
    return this.openStream(
      () => this.container.stats({ stream: true }),
      (stream) => {
        const splitter = new LineSplitter();
        const read = (line: string) => {
          if (line.trim() === '') return;
          let parsed: unknown;
          try {
            parsed = JSON.parse(line);
          } catch {
            return;
          }
          const sample = statsSample(parsed);
          if (sample) onSample(sample);
        };
        stream.on('data', (chunk: Buffer) => splitter.push(chunk).forEach(read));
        return () => splitter.flush().forEach(read);
      },
      onEnd,
    );
  }

  /** The processes, as `docker top` lists them (ps -ef on the host, in the container's PID namespace). */
  async top(): Promise<ProcessTable> {
    try {
      const result: unknown = await this.container.top();
      const titles = stringList((result as { Titles?: unknown })?.Titles);
      const rows = (result as { Processes?: unknown })?.Processes;
      const processes = Array.isArray(rows) ? rows.map(stringList) : [];
      return { titles, processes };
    } catch (error) {
      throw dockerError(error, this.name, 'list its processes');
    }
  }

  /** The network interfaces inside the container (the OpenContrail vRouter tap among them), from busybox or iproute2 `ip`. */
  async interfaces(): Promise<NetworkInterface[]> {
    const [links, addresses] = await Promise.all([this.exec(['ip', '-o', 'link']), this.exec(['ip', '-o', 'addr'])]);
    return parseIpInterfaces(links, addresses);
  }

  /** The command line that opens an interactive shell in the container, to run on its Docker host. */
  shellCommand(shell = 'sh'): string {
    return shellCommand(['docker', 'exec', '-it', this.name, shell]);
  }

  /** Runs a command inside the container and returns its stdout; a failure carries its stderr. */
  private async exec(argv: string[]): Promise<string> {
    const what = `run ${argv[0]}`;
    let stream: NodeJS.ReadableStream & { destroy?: () => void };
    let exec: Docker.Exec;
    try {
      exec = await this.container.exec({ Cmd: argv, AttachStdout: true, AttachStderr: true, Tty: false });
      stream = await exec.start({ hijack: true, stdin: false });
    } catch (error) {
      throw dockerError(error, this.name, what);
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const demuxer = new DockerStreamDemuxer();
    stream.on('data', (chunk: Buffer) => {
      for (const frame of demuxer.push(chunk)) (frame.stream === 'stderr' ? err : out).push(frame.payload);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        stream.destroy?.();
        reject(new Error(`container ${this.name}: \`${argv.join(' ')}\` did not finish within ${EXEC_TIMEOUT_MS / 1000} s`));
      }, EXEC_TIMEOUT_MS);
      const finish = () => {
        clearTimeout(timer);
        resolve();
      };
      stream.on('end', finish);
      stream.on('close', finish);
      stream.on('error', (error: Error) => {
        clearTimeout(timer);
        reject(dockerError(error, this.name, what));
      });
    });
    const stdout = Buffer.concat(out).toString('utf8');
    const stderr = Buffer.concat(err).toString('utf8').trim();
    let exitCode: number | null = null;
    try {
      exitCode = (await exec.inspect()).ExitCode;
    } catch (error) {
      throw dockerError(error, this.name, what);
    }
    if (exitCode === 0) return stdout;
    if (exitCode === 126 || exitCode === 127 || /executable file not found|not found/i.test(stderr)) {
      throw new Error(`container ${this.name} has no \`${argv[0]}\` command (the image lacks it): ${stderr || `exit ${exitCode}`}`);
    }
    throw new Error(`container ${this.name}: \`${argv.join(' ')}\` failed (exit ${exitCode ?? 'unknown'}): ${stderr}`);
  }

  /**
   * Opens a stream and wires it; stop() works before the stream is open, while it runs and after it ended.
   * `wire` returns what to do when the stream ends (flush partial lines).
   */
  private openStream(
    open: () => Promise<NodeJS.ReadableStream>,
    wire: (stream: NodeJS.ReadableStream) => () => void,
    onEnd?: StreamEnd,
  ): Stoppable {
    let stopped = false;
    let ended = false;
    let current: NodeJS.ReadableStream | undefined;
    const end = (error?: Error) => {
      if (ended) return;
      ended = true;
      if (!stopped) onEnd?.(error);
    };
    open().then(
      (stream) => {
        current = stream;
        // an error after stop() (the socket torn down) is expected and silent
        stream.on('error', (error: Error) => end(dockerError(error, this.name)));
        if (stopped) {
          destroy(stream);
          return;
        }
        const flush = wire(stream);
        let flushed = false;
        const finish = () => {
          if (!flushed && !stopped) {
            flushed = true;
            flush();
          }
          end();
        };
        stream.on('end', finish);
        stream.on('close', finish);
      },
      (error: unknown) => end(dockerError(error, this.name)),
    );
    return {
      stop: () => {
        stopped = true;
        if (current) destroy(current);
      },
    };
  }
}

function destroy(stream: NodeJS.ReadableStream): void {
  const destroyable = stream as NodeJS.ReadableStream & { destroy?: () => void };
  destroyable.destroy?.();
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item : String(item))) : [];
}

function describeState(state: Docker.ContainerInspectInfo['State']): string {
  if (state.Running) return state.Paused ? 'Paused' : `Up since ${state.StartedAt}`;
  if (state.Status === 'exited') return `Exited (${state.ExitCode}) at ${state.FinishedAt}`;
  return state.Status.charAt(0).toUpperCase() + state.Status.slice(1);
}

function statusCode(error: unknown): number | undefined {
  const code = (error as { statusCode?: unknown })?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** A Docker failure as a message that says what happened to this container and what to do. */
export function dockerError(error: unknown, containerName: string, doing?: string): Error {
  if (error instanceof ContainerGoneError) return error;
  const code = statusCode(error);
  if (code === 404) return new ContainerGoneError(containerName);
  const json = (error as { json?: unknown })?.json;
  const detail =
    typeof json === 'object' && json !== null && typeof (json as { message?: unknown }).message === 'string'
      ? (json as { message: string }).message
      : error instanceof Error
        ? error.message
        : String(error);
  if (code === 409 && /not running|is paused|restarting/i.test(detail)) {
    return new Error(`container ${containerName} is not running${doing ? `, so it cannot ${doing}` : ''}: start the server first`);
  }
  return new Error(`container ${containerName}${doing ? ` (${doing})` : ''}: ${detail}`);
}
