// Text from a host, Docker or Nova as one printable line: control and bidi-override characters become
// spaces (no second line, no reversed text, no terminal escapes), and it is capped.

// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g;

/** One printable line of at most `max` characters (the last an ellipsis when cut); undefined for nothing. */
export function printableLine(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value
    .slice(0, max * 4)
    .replace(UNPRINTABLE, ' ')
    .trim();
  return text === '' ? undefined : text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
