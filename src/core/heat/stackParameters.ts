// A template's `parameters` as a form: each parameter's type, label, description, default, whether it is
// hidden (a password field), and its constraints; then a value typed for each checked as Heat checks it
// (number, boolean, json, list, range, length, allowed_values, allowed_pattern) before anything is sent.
// Read with the HOT parser (the YAML library, with its ranges), never by hand.
import { isMap, type Node } from 'yaml';
import { parseHot } from '../config/hot/hotDocument';
import { splitLines } from '../config/text';

export type ParameterType = 'string' | 'number' | 'json' | 'comma_delimited_list' | 'boolean';
const TYPES: readonly ParameterType[] = ['string', 'number', 'json', 'comma_delimited_list', 'boolean'];

export interface ParameterField {
  readonly name: string;
  readonly type: ParameterType;
  readonly label?: string;
  readonly description?: string;
  /** the template's default as Heat would receive it typed in (a list joined by commas, json as JSON) */
  readonly default?: string;
  readonly hidden: boolean;
  readonly immutable: boolean;
  readonly allowedValues?: readonly string[];
  readonly range?: { readonly min?: number; readonly max?: number };
  readonly length?: { readonly min?: number; readonly max?: number };
  readonly pattern?: string;
  /** glance.image, nova.flavor, neutron.network, …: a name or id of the cloud's */
  readonly customConstraint?: string;
  /** the constraints' own descriptions, shown when one is not met */
  readonly constraintDescriptions: readonly string[];
}

const MAX_VALUE = 65_536;
const MAX_FIELDS = 200;

const asText = (value: unknown): string | undefined =>
  value === undefined || value === null
    ? undefined
    : typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : undefined;
const asNumber = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const bounds = (value: unknown): { min?: number; max?: number } | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const min = asNumber(v.min);
  const max = asNumber(v.max);
  return min === undefined && max === undefined
    ? undefined
    : { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
};

function defaultText(type: ParameterType, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (type === 'comma_delimited_list' && Array.isArray(value)) return value.map((v) => asText(v) ?? JSON.stringify(v)).join(',');
  if (type === 'json') return typeof value === 'string' ? value : JSON.stringify(value);
  return asText(value) ?? JSON.stringify(value);
}

/** One parameter's definition (a mapping of type, label, default, constraints) as a field. */
function fieldOf(name: string, node: Node | null): ParameterField {
  const definition = isMap(node) ? (node.toJSON() as Record<string, unknown>) : {};
  const typeText = asText(definition.type);
  const type = TYPES.find((t) => t === typeText) ?? 'string';
  const constraints = Array.isArray(definition.constraints) ? (definition.constraints as unknown[]) : [];
  let allowedValues: string[] | undefined;
  let range: ParameterField['range'];
  let length: ParameterField['length'];
  let pattern: string | undefined;
  let customConstraint: string | undefined;
  const descriptions: string[] = [];
  for (const raw of constraints) {
    if (typeof raw !== 'object' || raw === null) continue;
    const c = raw as Record<string, unknown>;
    const description = asText(c.description);
    if (description) descriptions.push(description);
    if (Array.isArray(c.allowed_values)) allowedValues = c.allowed_values.map((v) => asText(v) ?? JSON.stringify(v));
    range = bounds(c.range) ?? range;
    length = bounds(c.length) ?? length;
    pattern = asText(c.allowed_pattern) ?? pattern;
    customConstraint = asText(c.custom_constraint) ?? customConstraint;
  }
  const label = asText(definition.label);
  const description = asText(definition.description);
  const fallback = defaultText(type, definition.default);
  return {
    name,
    type,
    ...(label ? { label } : {}),
    ...(description ? { description } : {}),
    ...(fallback !== undefined ? { default: fallback } : {}),
    hidden: definition.hidden === true || definition.hidden === 'true',
    immutable: definition.immutable === true,
    ...(allowedValues ? { allowedValues } : {}),
    ...(range ? { range } : {}),
    ...(length ? { length } : {}),
    ...(pattern !== undefined ? { pattern } : {}),
    ...(customConstraint ? { customConstraint } : {}),
    constraintDescriptions: descriptions,
  };
}

/** The template's parameters, in their order, as form fields. */
export function stackParameters(text: string): ParameterField[] {
  const doc = parseHot(text, splitLines(text));
  return doc.parameters.slice(0, MAX_FIELDS).map((entry) => fieldOf(entry.name, entry.value));
}

const BOOLEANS = ['true', 'false', 't', 'f', 'yes', 'no', 'y', 'n', 'on', 'off', '1', '0'];

/** Python's re.match(pattern) whose match is the whole value, as Heat's AllowedPattern checks it. */
function matchesWhole(pattern: string, value: string): boolean | undefined {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})`, 'u');
  } catch {
    return undefined; // a Python-only pattern: Heat judges it
  }
  const m = re.exec(value);
  return m !== null && m[0] === value;
}

function outside(what: string, n: number, b: { min?: number; max?: number }): string | undefined {
  if (b.min !== undefined && n < b.min) return `${what} must be at least ${b.min}`;
  if (b.max !== undefined && n > b.max) return `${what} must be at most ${b.max}`;
  return undefined;
}

/** Why a typed value would be refused, or undefined. `value` undefined or '' means the default. */
export function parameterProblem(field: ParameterField, value: string | undefined): string | undefined {
  const given = value ?? '';
  if (given === '') return field.default === undefined ? `${field.name} has no default: give a value` : undefined;
  if (given.length > MAX_VALUE) return `${field.name}: at most ${MAX_VALUE} characters`;
  const own = field.constraintDescriptions.length > 0 ? ` (${field.constraintDescriptions.join('; ')})` : '';
  let problem: string | undefined;
  if (field.type === 'number') {
    const n = Number(given.trim());
    if (given.trim() === '' || !Number.isFinite(n)) return `${field.name}: "${given}" is not a number`;
    problem = field.range && outside(field.name, n, field.range);
  } else if (field.type === 'boolean') {
    if (!BOOLEANS.includes(given.trim().toLowerCase())) return `${field.name}: "${given}" is not a boolean (true or false)`;
  } else if (field.type === 'json') {
    try {
      JSON.parse(given);
    } catch (error) {
      return `${field.name}: not JSON: ${(error as Error).message}`;
    }
  } else if (field.type === 'comma_delimited_list') {
    const items = given.split(',');
    problem = field.length && outside(`${field.name} (items)`, items.length, field.length);
  } else {
    problem = field.length && outside(`${field.name}'s length`, [...given].length, field.length);
    if (!problem && field.pattern !== undefined && matchesWhole(field.pattern, given) === false)
      problem = `${field.name} must match ${field.pattern}`;
  }
  if (!problem && field.allowedValues && !field.allowedValues.includes(given))
    problem = `${field.name} must be one of ${field.allowedValues.join(', ')}`;
  return problem && problem + own;
}

/** Every field's problem with the values typed, by name (empty: all fine). */
export function parameterProblems(fields: readonly ParameterField[], values: Readonly<Record<string, string>>): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of fields) {
    const problem = parameterProblem(field, Object.hasOwn(values, field.name) ? values[field.name] : undefined);
    if (problem) problems[field.name] = problem;
  }
  return problems;
}

/** What goes to Heat: the values typed that are not empty (an empty one takes the template's default). */
export function parametersToSend(fields: readonly ParameterField[], values: Readonly<Record<string, string>>): Record<string, string> {
  const sent: Record<string, string> = {};
  for (const field of fields) {
    const value = Object.hasOwn(values, field.name) ? values[field.name] : undefined;
    if (value !== undefined && value !== '') sent[field.name] = value;
  }
  return sent;
}
