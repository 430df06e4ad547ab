// How much the linter takes on: one file's size, and how many findings it lists. The CLI and the
// editor use the same limits; the linter keeps them itself too, so no caller can forget them.

/** Files over this many bytes (UTF-8) are not linted: the linter says so in one finding instead. */
export const MAX_LINT_INPUT_BYTES = 8 * 1024 * 1024;

/** At most this many findings per file; one more finding says how many were left out. */
export const MAX_FINDINGS_PER_FILE = 1_000;

/** The UTF-8 size of text when it is over `limit` bytes, else undefined (cheap for text well under it). */
export function sizeOverLimit(text: string, limit = MAX_LINT_INPUT_BYTES): number | undefined {
  // a UTF-16 code unit takes one to three UTF-8 bytes (a surrogate pair four for two units)
  if (text.length * 3 <= limit) return undefined;
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > limit ? bytes : undefined;
}

/** "10,000": grouped by hand, since toLocaleString loads ICU's locale data (15 ms of a cold CLI run) */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "8 MiB", "21.4 MiB" */
export function formatMiB(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}
