// Pure readings of what the Docker API and `ip` return about a container: stats JSON → one sample the way
// `docker stats` computes it, `ip -o link` / `ip -o addr` text → interfaces, multiplexed log bytes → lines.
// No I/O here, so every piece is unit tested.
import { StringDecoder } from 'node:string_decoder';
import type { LogLine, NetworkInterface, StatsSample } from './types';

type Json = Record<string, unknown>;

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json)[key] : undefined;
}

function numberAt(value: unknown, ...path: string[]): number | undefined {
  const found = path.reduce<unknown>((at, key) => field(at, key), value);
  return typeof found === 'number' && Number.isFinite(found) ? found : undefined;
}

/** CPU % across all CPUs, as `docker stats` (calculateCPUPercentUnix): usage delta over system delta × CPUs. */
export function cpuPercent(stats: unknown): number {
  const total = numberAt(stats, 'cpu_stats', 'cpu_usage', 'total_usage') ?? 0;
  const previousTotal = numberAt(stats, 'precpu_stats', 'cpu_usage', 'total_usage') ?? 0;
  const system = numberAt(stats, 'cpu_stats', 'system_cpu_usage') ?? 0;
  const previousSystem = numberAt(stats, 'precpu_stats', 'system_cpu_usage');
  // the first sample of a stream has no previous reading: its delta would be the average since boot
  if (previousSystem === undefined || previousSystem === 0) return 0;
  const perCpu = field(field(field(stats, 'cpu_stats'), 'cpu_usage'), 'percpu_usage');
  const cpus = numberAt(stats, 'cpu_stats', 'online_cpus') || (Array.isArray(perCpu) ? perCpu.length : 0) || 1;
  const cpuDelta = total - previousTotal;
  const systemDelta = system - previousSystem;
  return systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0;
}

/** Memory in use without the page cache, as `docker stats`: usage − total_inactive_file (cgroup v1) or inactive_file (v2). */
export function memoryInUse(stats: unknown): number {
  const usage = numberAt(stats, 'memory_stats', 'usage') ?? 0;
  const inactive =
    numberAt(stats, 'memory_stats', 'stats', 'total_inactive_file') ?? numberAt(stats, 'memory_stats', 'stats', 'inactive_file');
  return inactive !== undefined && inactive < usage ? usage - inactive : usage;
}

/** One sample from one stats JSON object; undefined for the empty reading of a container that is not running. */
export function statsSample(stats: unknown): StatsSample | undefined {
  const read = field(stats, 'read');
  const time = typeof read === 'string' ? Date.parse(read) : NaN;
  // a stopped container reports read = 0001-01-01T00:00:00Z and no figures
  if (!Number.isFinite(time) || time <= 0) return undefined;
  const networks = field(stats, 'networks');
  let rx = 0;
  let tx = 0;
  if (typeof networks === 'object' && networks !== null) {
    for (const counters of Object.values(networks)) {
      rx += numberAt(counters, 'rx_bytes') ?? 0;
      tx += numberAt(counters, 'tx_bytes') ?? 0;
    }
  }
  return {
    time,
    cpuPercent: cpuPercent(stats),
    memoryBytes: memoryInUse(stats),
    memoryLimitBytes: numberAt(stats, 'memory_stats', 'limit') ?? 0,
    networkRxBytes: rx,
    networkTxBytes: tx,
  };
}

// `ip -o` puts each record on one line and writes the line breaks inside a record as a backslash.
function records(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\\\s*/g, ' ').trim())
    .filter((line) => line !== '');
}

const LINK = /^(\d+):\s+([^\s:@]+)(?:@\S+)?:\s+<([^>]*)>(.*)$/;
const ADDRESS = /^(\d+):\s+(\S+)\s+(inet6?)\s+(\S+)/;

/**
 * Interfaces from `ip -o link` and `ip -o addr` (iproute2 or busybox). The state is the kernel's
 * operstate when `ip` prints one; UNKNOWN (loopback, tap devices) and busybox's missing state read as
 * UP or DOWN from the flags.
 */
export function parseIpInterfaces(linkText: string, addrText: string): NetworkInterface[] {
  const byIndex = new Map<string, NetworkInterface>();
  for (const line of records(linkText)) {
    const match = LINK.exec(line);
    if (!match) continue;
    const [, index, name, flagText, rest] = match;
    const flags = flagText.split(',');
    const operstate = /\bstate (\S+)/.exec(rest)?.[1];
    const state = operstate && operstate !== 'UNKNOWN' ? operstate : flags.includes('UP') ? 'UP' : 'DOWN';
    const mtu = /\bmtu (\d+)/.exec(rest)?.[1];
    const mac = /\blink\/(?!none)\S+ ([0-9a-f]{2}(?::[0-9a-f]{2})+)/i.exec(rest)?.[1];
    byIndex.set(index, { name, state, ...(mtu ? { mtu: Number(mtu) } : {}), ...(mac ? { mac } : {}), addresses: [] });
  }
  for (const line of records(addrText)) {
    const match = ADDRESS.exec(line);
    if (!match) continue;
    const [, index, name, , address] = match;
    let entry = byIndex.get(index);
    if (!entry) {
      entry = { name, state: 'UNKNOWN', addresses: [] };
      byIndex.set(index, entry);
    }
    entry.addresses.push(address);
  }
  return [...byIndex.entries()].sort(([a], [b]) => Number(a) - Number(b)).map(([, entry]) => entry);
}

/** A log line as Docker sends it with timestamps=true: "2024-05-01T10:00:00.123456789Z text". */
export function logLine(stream: LogLine['stream'], raw: string): LogLine {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) ?/.exec(raw);
  return match ? { stream, text: raw.slice(match[0].length), time: match[1] } : { stream, text: raw };
}

/** Longest line kept whole; longer ones (a binary blob, a minified dump) are cut into pieces of this size. */
export const MAX_LOG_LINE = 16 * 1024;

/** Turns a byte stream into lines: UTF-8 split across chunks stays intact, \r\n and \n both end a line. */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  push(chunk: Buffer | string): string[] {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const parts = this.pending.split('\n');
    this.pending = parts.pop() ?? '';
    const lines = parts.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
    while (this.pending.length > MAX_LOG_LINE) {
      lines.push(this.pending.slice(0, MAX_LOG_LINE));
      this.pending = this.pending.slice(MAX_LOG_LINE);
    }
    return lines.flatMap(cutLongLine);
  }

  /** What is left after the stream ended: a last line without a newline. */
  flush(): string[] {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    return rest === '' ? [] : cutLongLine(rest);
  }
}

function cutLongLine(line: string): string[] {
  if (line.length <= MAX_LOG_LINE) return [line];
  const pieces: string[] = [];
  for (let at = 0; at < line.length; at += MAX_LOG_LINE) pieces.push(line.slice(at, at + MAX_LOG_LINE));
  return pieces;
}

export interface StreamFrame {
  stream: LogLine['stream'];
  payload: Buffer;
}

/**
 * Splits Docker's multiplexed attach/logs stream (8-byte header: stream type, 3 zero bytes, big-endian
 * length) into frames, the job of docker-modem's demuxStream. That one recurses once per frame and copies
 * the rest of the buffer for each, so a long log read at once (thousands of small frames) overflows the
 * stack; this loop does not. A header that is not 0/1/2 means the stream is raw (a TTY container): from
 * there on everything is stdout, as demuxStream does.
 */
export class DockerStreamDemuxer {
  private rest: Buffer = Buffer.alloc(0);
  private raw = false;

  push(chunk: Buffer): StreamFrame[] {
    if (this.raw) return [{ stream: 'stdout', payload: chunk }];
    const data = this.rest.length === 0 ? chunk : Buffer.concat([this.rest, chunk]);
    const frames: StreamFrame[] = [];
    let at = 0;
    while (data.length - at >= 8) {
      const type = data[at];
      if (type > 2 || data[at + 1] !== 0 || data[at + 2] !== 0 || data[at + 3] !== 0) {
        this.raw = true;
        frames.push({ stream: 'stdout', payload: data.subarray(at) });
        at = data.length;
        break;
      }
      const length = data.readUInt32BE(at + 4);
      if (data.length - at - 8 < length) break;
      frames.push({ stream: type === 2 ? 'stderr' : 'stdout', payload: data.subarray(at + 8, at + 8 + length) });
      at += 8 + length;
    }
    this.rest = Buffer.from(data.subarray(at));
    return frames;
  }
}
