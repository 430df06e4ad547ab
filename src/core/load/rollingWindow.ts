// The last few minutes of one measure (a host's CPU %, a container's memory): samples older than the
// window fall out; p50 and p95 by nearest rank over what is left.

export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly samples: number;
}

export class RollingWindow {
  private readonly times: number[] = [];
  private readonly values: number[] = [];
  private start = 0;

  constructor(readonly windowMs: number) {}

  add(timeMs: number, value: number): void {
    this.times.push(timeMs);
    this.values.push(value);
    this.expire(timeMs);
  }

  /** drops what is older than the window before `nowMs`; the arrays are compacted once half is dead */
  expire(nowMs: number): void {
    while (this.start < this.times.length && (this.times[this.start] ?? 0) < nowMs - this.windowMs) this.start++;
    if (this.start > 64 && this.start * 2 > this.times.length) {
      this.times.splice(0, this.start);
      this.values.splice(0, this.start);
      this.start = 0;
    }
  }

  get size(): number {
    return this.times.length - this.start;
  }

  latest(): number | undefined {
    return this.size > 0 ? this.values[this.values.length - 1] : undefined;
  }

  percentiles(): Percentiles | undefined {
    if (this.size === 0) return undefined;
    const sorted = this.values.slice(this.start).sort((a, b) => a - b);
    const rank = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
    return { p50: rank(50), p95: rank(95), max: sorted[sorted.length - 1] ?? 0, samples: sorted.length };
  }
}
