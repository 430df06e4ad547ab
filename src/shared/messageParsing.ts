// A small kit of parsers for the messages between the extension and its webviews. A parser checks an
// unknown value against a shape, with size bounds, and returns a fresh value holding only the known keys,
// or says where and why the value does not fit ("request.count: an integer from 1 to 10").
// Used on both sides: no vscode, no DOM, no Node.

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };
export type Parser<T> = (value: unknown, path: string) => Parsed<T>;

/** One parser per key of T; an optional key takes a parser that accepts undefined. */
export type Shape<T> = { readonly [K in keyof Required<T>]: Parser<T[K]> };

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

function fail<T>(path: string, expected: string): Parsed<T> {
  return { ok: false, error: `${path || 'message'}: ${expected}` };
}

/** The control characters a text field refuses unless it allows them (tab and newline are always allowed). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/**
 * Text for a field that refuses control characters: each one becomes a visible escape (BEL → "\u0007"),
 * so a remote name with a stray control character still shows, told apart from one without it.
 */
export function escapeControlCharacters(value: string): string {
  if (!CONTROL.test(value)) return value;
  return value.replace(new RegExp(CONTROL.source, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface TextBounds {
  readonly max: number;
  readonly min?: number;
  readonly pattern?: RegExp;
  /** what the pattern means, for the error */
  readonly patternName?: string;
  /** allow control characters (other than tab and newline, always allowed) */
  readonly control?: boolean;
}

export function text(bounds: TextBounds): Parser<string> {
  const min = bounds.min ?? 0;
  return (value, path) => {
    if (typeof value !== 'string') return fail(path, 'a string');
    if (value.length < min || value.length > bounds.max)
      return fail(path, min > 0 ? `${min} to ${bounds.max} characters` : `at most ${bounds.max} characters`);
    if (!bounds.control && CONTROL.test(value)) return fail(path, 'no control characters');
    if (bounds.pattern && !bounds.pattern.test(value)) return fail(path, bounds.patternName ?? `matching ${bounds.pattern}`);
    return ok(value);
  };
}

export function integer(min: number, max: number): Parser<number> {
  return (value, path) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? ok(value)
      : fail(path, `an integer from ${min} to ${max}`);
}

export function finite(min = -Number.MAX_VALUE, max = Number.MAX_VALUE): Parser<number> {
  return (value, path) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
      ? ok(value)
      : fail(path, `a number from ${min} to ${max}`);
}

export const boolean: Parser<boolean> = (value, path) => (typeof value === 'boolean' ? ok(value) : fail(path, 'true or false'));

export function literal<L extends string | number>(...allowed: readonly L[]): Parser<L> {
  return (value, path) =>
    (allowed as readonly unknown[]).includes(value)
      ? ok(value as L)
      : fail(path, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
}

export function list<T>(item: Parser<T>, max: number, min = 0): Parser<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) return fail(path, 'a list');
    if (value.length < min || value.length > max)
      return fail(path, min > 0 ? `a list of ${min} to ${max} items` : `a list of at most ${max} items`);
    const out: T[] = [];
    for (let i = 0; i < value.length; i++) {
      const parsed = item(value[i], `${path}[${i}]`);
      if (!parsed.ok) return parsed;
      out.push(parsed.value);
    }
    return ok(out);
  };
}

export function optional<T>(parser: Parser<T>): Parser<T | undefined> {
  return (value, path) => (value === undefined ? ok(undefined) : parser(value, path));
}

export function nullable<T>(parser: Parser<T>): Parser<T | null> {
  return (value, path) => (value === null ? ok(null) : parser(value, path));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** An object with exactly these keys read (others are dropped); a missing optional key stays missing. */
export function record<T>(shape: Shape<T>): Parser<T> {
  const keys = Object.keys(shape) as (keyof T & string)[];
  return (value, path) => {
    if (!isPlainObject(value)) return fail(path, 'an object');
    const out: Partial<T> = {};
    for (const key of keys) {
      const present = Object.prototype.hasOwnProperty.call(value, key);
      const parsed = shape[key](present ? value[key] : undefined, path ? `${path}.${key}` : key);
      if (!parsed.ok) return parsed;
      if (parsed.value !== undefined) out[key] = parsed.value;
    }
    return ok(out as T);
  };
}

/** A message union told apart by its `type`; each type has its own shape. */
export function tagged<M extends { type: string }>(shapes: { readonly [T in M['type']]: Parser<Extract<M, { type: T }>> }): Parser<M> {
  return (value, path) => {
    if (!isPlainObject(value)) return fail(path, 'an object');
    const type = value.type;
    if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(shapes, type)) {
      return fail(
        path ? `${path}.type` : 'type',
        typeof type === 'string' ? `unknown message type ${JSON.stringify(type.slice(0, 40))}` : 'a message type',
      );
    }
    return shapes[type as M['type']](value, path) as Parsed<M>;
  };
}

/** Shape parser for `{ type: T, ...fields }`. */
export function message<M extends { type: string }>(type: M['type'], fields: Shape<Omit<M, 'type'>>): Parser<M> {
  return record<M>({ type: literal(type), ...fields } as unknown as Shape<M>);
}
