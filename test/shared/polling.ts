// Waiting, in the e2e and VS Code tiers, for what a user would wait for: polled against a deadline, and
// a timeout says what was awaited and what was seen last.

const shown = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? [...v] : v));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads until done(value) holds and returns that value; on timeout the error shows the last one read. */
export async function until<T>(
  what: string,
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  timeoutMs = 180_000,
  everyMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${shown(last)}`);
    await pause(everyMs);
    last = await read();
  }
  return last;
}

/** Probes until it gives a value (not undefined or false) and returns it. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(everyMs);
  }
}
