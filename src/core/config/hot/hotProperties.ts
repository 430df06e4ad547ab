// A resource's properties against its type's schema, as Heat validates them: unknown and missing
// properties, values of the wrong type, literal values outside the constraints; map and list
// properties down their nested schemas. Values that come from functions are known only when Heat
// runs and are not checked. Each value is visited once, along the schema (whose depth is Heat's).
import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { HeatConstraint, HeatPropertySchema, HeatResourceType, HeatSupportStatus } from '../../heat/heatSchema';
import { ownEntry } from '../../ownEntry';
import type { Range } from '../text';
import { keyName, scalarText } from './hotDocument';
import { didYouMean, type HotChecker } from './hotChecker';

/** Where a map of properties sits: whose they are, for messages ("OS::Nova::Server", "networks item"). */
interface Owner {
  /** the resource type the properties belong to */
  readonly type: string;
  /** "property networks[0]" or "" at the top */
  readonly path: string;
  /** a group member's index variable (%index%): values containing it are replaced before Heat checks them */
  readonly indexVar?: string;
}

/** strutils.bool_from_string(strict=True), which Heat's Boolean properties use */
const BOOLEAN_WORDS = new Set(['1', 't', 'true', 'on', 'y', 'yes', '0', 'f', 'false', 'off', 'n', 'no']);
const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const isNull = (node: unknown): boolean => node === null || node === undefined || (isScalar(node) && node.value === null);

/** What a value is, in Heat's words. */
function shapeOf(node: Node): string {
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    if (typeof node.value === 'boolean') return 'a boolean';
    if (typeof node.value === 'number') return Number.isInteger(node.value) ? 'an integer' : 'a number';
    return 'a string';
  }
  return 'a value';
}

/** Why a literal value is not of a Heat type, or undefined when it is (or cannot be known). */
export function typeProblem(node: Node, type: string): string | undefined {
  if (isAlias(node)) return undefined;
  const scalar = isScalar(node) ? node.value : undefined;
  const ok = ((): boolean => {
    switch (type) {
      case 'string':
        return isScalar(node);
      case 'integer':
        return (typeof scalar === 'number' && Number.isInteger(scalar)) || (typeof scalar === 'string' && INTEGER.test(scalar.trim()));
      case 'number':
        return typeof scalar === 'number' || (typeof scalar === 'string' && NUMBER.test(scalar.trim()));
      case 'boolean':
        return (
          typeof scalar === 'boolean' ||
          ((typeof scalar === 'string' || typeof scalar === 'number') && BOOLEAN_WORDS.has(String(scalar).trim().toLowerCase()))
        );
      case 'list':
        return isSeq(node);
      case 'map':
        return isMap(node);
      default:
        return true;
    }
  })();
  return ok ? undefined : `${type === 'integer' ? 'an' : 'a'} ${type}, not ${shapeOf(node)}`;
}

/** A literal value's violation of a constraint Heat checks without a cloud (allowed values, range, length). */
function constraintProblem(node: Node, c: HeatConstraint): string | undefined {
  const text = scalarText(node);
  if (c.allowed_values && text !== undefined && !c.allowed_values.some((v) => String(v) === text))
    return `${text} is not one of the allowed values: ${c.allowed_values.map((v) => String(v)).join(', ')}`;
  if (c.range && text !== undefined && NUMBER.test(text.trim())) {
    const n = Number(text);
    if ((c.range.min !== undefined && n < c.range.min) || (c.range.max !== undefined && n > c.range.max))
      return `${text} is out of range: ${c.range.min ?? '−∞'} … ${c.range.max ?? '∞'}`;
  }
  if (c.length) {
    const length = isSeq(node) || isMap(node) ? node.items.length : text?.length;
    if (
      length !== undefined &&
      ((c.length.min !== undefined && length < c.length.min) || (c.length.max !== undefined && length > c.length.max))
    )
      return `length ${length} is outside ${c.length.min ?? 0} … ${c.length.max ?? '∞'}`;
  }
  return undefined;
}

/** "deprecated since 12.0.0: use user_data or metadata instead" */
export function statusNote(status: HeatSupportStatus | undefined): string | undefined {
  if (!status?.status || status.status === 'SUPPORTED') return undefined;
  const since = status.version ? ` since Heat ${status.version}` : '';
  return `${status.status.toLowerCase()}${since}${status.message ? `: ${status.message}` : ''}`;
}

const where = (owner: Owner, name: string): string => `${owner.path ? `${owner.path}.` : ''}${name}`;

/** One value against its schema: its type, its constraints, and for maps and lists what they hold. */
function checkValue(checker: HotChecker, node: Node | null, schema: HeatPropertySchema, owner: Owner, name: string): void {
  if (node === null || isNull(node) || checker.isFunction(node) || isAlias(node)) return;
  if (owner.indexVar && isScalar(node) && typeof node.value === 'string' && node.value.includes(owner.indexVar)) return;
  const range = checker.doc.rangeOf(node);
  const problem = typeProblem(node, schema.type);
  if (problem) {
    checker.report('HT306', range, `${where(owner, name)} of ${owner.type} must be ${problem}`);
    return;
  }
  for (const c of schema.constraints ?? []) {
    const violation = constraintProblem(node, c);
    if (violation) checker.report('HT307', range, `${where(owner, name)} of ${owner.type}: ${violation}`);
  }
  if (!schema.schema) return;
  if (isMap(node)) checkMap(checker, node, schema.schema, { ...owner, path: where(owner, name) }, range);
  else if (isSeq(node)) {
    const item = ownEntry(schema.schema, '*');
    if (item) node.items.forEach((v, i) => checkValue(checker, v as Node | null, item, owner, `${name}[${i}]`));
  }
}

/**
 * A map of properties (a resource's, or a map property's keys) against a schema: unknown keys,
 * missing required ones (reported at `anchor`), and each value.
 */
export function checkMap(
  checker: HotChecker,
  map: YAMLMap | undefined,
  schema: Readonly<Record<string, HeatPropertySchema>>,
  owner: Owner,
  anchor: Range,
  type?: HeatResourceType,
): void {
  const given = new Set<string>();
  const names = Object.keys(schema);
  for (const pair of map?.items ?? []) {
    const name = keyName(pair);
    if (name === undefined) continue;
    const keyRange = checker.doc.rangeOf(pair.key as Node);
    const value = (pair.value as Node | null) ?? null;
    if (!isNull(value)) given.add(name);
    const property = ownEntry(schema, name);
    if (!property) {
      unknownProperty(checker, name, keyRange, owner, names, type);
      continue;
    }
    checker.spans.push({ kind: 'property', range: keyRange, name, owner: owner.type, schema: property });
    const status = statusNote(type && !owner.path ? ownEntry(type.property_support_status ?? {}, name) : undefined);
    if (status) checker.report('HT315', keyRange, `${name} of ${owner.type} is ${status}`);
    checkValue(checker, value, property, owner, name);
  }
  for (const [name, property] of Object.entries(schema))
    if (property.required && !given.has(name) && property.default === undefined)
      checker.report('HT305', anchor, `${owner.type} needs ${where(owner, name)}: the property is required`);
}

function unknownProperty(
  checker: HotChecker,
  name: string,
  range: Range,
  owner: Owner,
  names: readonly string[],
  type: HeatResourceType | undefined,
): void {
  if (type && !owner.path) {
    const hidden = ownEntry(type.hidden_properties ?? {}, name);
    if (hidden) {
      checker.report('HT315', range, `${name} of ${owner.type} is ${statusNote(hidden) ?? 'hidden'}`);
      return;
    }
    if (type.unimplemented_properties?.includes(name)) {
      checker.report('HT304', range, `${name} of ${owner.type} is not implemented in Heat: Heat refuses a value for it`);
      return;
    }
  }
  checker.report('HT304', range, () => {
    const whose = owner.path ? `${owner.path} of ${owner.type}` : owner.type;
    const suggestion = didYouMean(checker.closest(names, name));
    const has = names.length === 0 ? ': it takes none' : names.length <= 12 ? `: it has ${names.join(', ')}` : '';
    return `${whose} has no property ${name}${suggestion}${has}`;
  });
}

/** The pair of a key in a mapping (the last, as Heat's loader keeps). */
export function pairOf(map: YAMLMap | undefined, name: string): Pair | undefined {
  if (!map) return undefined;
  for (let i = map.items.length - 1; i >= 0; i--) if (keyName(map.items[i]) === name) return map.items[i];
  return undefined;
}
