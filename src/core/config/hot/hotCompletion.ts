// Completion in a Heat template. What the cursor is in comes from the lines above it, by indentation
// (a template being typed is rarely valid YAML at the cursor): the path of keys to it, then the
// schemas along that path. Sections, resource keys, resource types, properties (nested ones too,
// and a group member's against the member's type), allowed values, parameter types, and what
// get_param, get_resource, get_attr and depends_on can name.
import type { HeatPropertySchema, HeatSchemaSource, HeatTemplateVersion } from '../../heat/heatSchema';
import { ownEntry } from '../../ownEntry';
import { lineRange, type Position, type Range, type SourceLine } from '../text';
import { analyzeHot } from './hotAnalysis';
import type { HotDocument } from './hotDocument';
import { describeAttribute, describeParameter, describeProperty, describeResourceType, propertyDetail } from './hotDescribe';
import { PSEUDO_PARAMETERS } from './hotReferences';
import { MEMBER_DEFINITIONS } from './hotResources';
import type { Completion, CompletionKind } from '../language/completionItem';

/** The cursor's place: a key being written under a path of keys ('-' a list item), or the value of a key. */
interface Place {
  readonly path: readonly string[];
  /** the key whose value is being written; none: a key is */
  readonly valueFor?: string;
  readonly range: Range;
}

const LEAD = /^( *)((?:- +)*)/;
const KEY = /^([^\s#'"{[][^:#]*?|"[^"]*"|'[^']*')\s*:(?:\s|$)/;
const unquote = (key: string): string => (/^(["']).*\1$/.test(key) ? key.slice(1, -1) : key);

/** The keys above a line, outermost first: each line less indented than the last one taken. */
function pathAbove(lines: readonly SourceLine[], lineIndex: number, indent: number, inItem: boolean): string[] {
  const path: string[] = inItem ? ['-'] : [];
  let current = indent;
  for (let i = lineIndex - 1; i >= 0 && current > 0; i--) {
    const text = lines[i].text;
    const lead = LEAD.exec(text);
    const rest = text.slice(lead?.[0].length ?? 0);
    if (!lead || rest === '' || rest.startsWith('#')) continue;
    const spaces = lead[1].length;
    if (spaces >= current) continue;
    const content = lead[0].length;
    const key = KEY.exec(rest)?.[1];
    if (lead[2]) {
      // "- key: value": inside that item, and under its key when deeper than the key
      if (key !== undefined && content < current) path.unshift(unquote(key));
      path.unshift('-');
    } else if (key !== undefined) path.unshift(unquote(key));
    else continue;
    current = spaces;
  }
  return path;
}

function placeAt(lines: readonly SourceLine[], position: Position): Place | undefined {
  const text = lines[position.line]?.text ?? '';
  const before = text.slice(0, position.character);
  if (/(^|\s)#/.test(before)) return undefined;
  const lead = LEAD.exec(before);
  const indent = lead?.[0].length ?? 0;
  const inItem = Boolean(lead?.[2]);
  const rest = before.slice(indent);
  const word = /[\w:.%-]*$/.exec(before)?.[0] ?? '';
  const wordAfter = /^[\w:.%-]*/.exec(text.slice(position.character))?.[0] ?? '';
  const range = lineRange(position.line, position.character - word.length, position.character + wordAfter.length);
  const path = pathAbove(lines, position.line, indent, inItem);
  // a function written inline: {get_param: na, get_attr: [server, na
  const call = /\b(get_param|get_resource|get_attr)\s*:\s*\[?\s*(?:([\w.-]+)\s*,\s*)?[\w:.-]*$/.exec(rest);
  if (call) return { path: [...path, call[1], ...(call[2] ? [call[2]] : [])], valueFor: call[1], range };
  const value = /^([^\s#'"{[][^:#]*?)\s*:\s+(?:\[\s*(?:[\w.-]+\s*,\s*)*)?[\w:.%-]*$/.exec(rest);
  if (value) return { path, valueFor: unquote(value[1]), range };
  if (/^[\w:.%-]*$/.test(rest)) return { path, range };
  return undefined;
}

const items = (names: readonly string[], kind: CompletionKind, range: Range, insert?: (n: string) => string): Completion[] =>
  names.map((label) => ({ label, kind, range, insertText: insert?.(label) }));

function resourceTypes(heat: HeatSchemaSource, range: Range): Completion[] {
  return heat.resourceTypeNames().map((name) => {
    const schema = heat.resourceType(name);
    const status = schema?.support_status?.status;
    return {
      label: name,
      kind: 'type',
      range,
      detail: status && status !== 'SUPPORTED' ? status.toLowerCase() : 'resource type',
      documentation: describeResourceType(name, schema, heat.label),
      deprecated: status !== undefined && status !== 'SUPPORTED',
      sortText: `${status === 'SUPPORTED' ? 0 : 1}${name}`,
    };
  });
}

function propertyNames(schema: Readonly<Record<string, HeatPropertySchema>>, owner: string, range: Range): Completion[] {
  return Object.entries(schema)
    .filter(([name]) => name !== '*')
    .map(([name, p]) => ({
      label: name,
      kind: 'property',
      range,
      detail: propertyDetail(p),
      documentation: describeProperty(name, owner, p),
      insertText: `${name}: `,
      sortText: `${p.required ? 0 : 1}${name}`,
    }));
}

function valuesOf(schema: HeatPropertySchema | undefined, range: Range): Completion[] {
  if (!schema) return [];
  const allowed = schema.constraints?.flatMap((c) => c.allowed_values ?? []) ?? [];
  const values = allowed.length > 0 ? allowed.map(String) : schema.type === 'boolean' ? ['true', 'false'] : [];
  return items(values, 'value', range);
}

interface Schemas {
  readonly doc: HotDocument;
  readonly heat: HeatSchemaSource;
  readonly version?: HeatTemplateVersion;
  readonly member: (resource: string) => ReturnType<HeatSchemaSource['resourceType']>;
}

/** Under a resource's properties: the schema the path leads to (a type's properties, a map's keys, a member's properties). */
function underProperties(s: Schemas, resource: string, rest: readonly string[], place: Place): Completion[] {
  const type = s.doc.resources.find((r) => r.name === resource)?.type?.value;
  const schema = type ? s.heat.resourceType(type) : undefined;
  if (!schema) return [];
  let owner = schema.resource_type;
  let keys: Readonly<Record<string, HeatPropertySchema>> | undefined = schema.properties;
  let last: HeatPropertySchema | undefined;
  const member = ownEntry(MEMBER_DEFINITIONS, owner);
  for (let i = 0; i < rest.length; i++) {
    const segment = rest[i];
    if (member && i === 0 && segment === member.property && rest[1] === 'properties') {
      const memberType = s.member(resource);
      if (!memberType) return [];
      if (rest.length === 2 && place.valueFor === undefined)
        return propertyNames(memberType.properties, memberType.resource_type, place.range);
      return underPropertiesOf(memberType.properties, memberType.resource_type, rest.slice(2), place);
    }
    last = keys ? ownEntry(keys, segment === '-' ? '*' : segment) : undefined;
    keys = last?.schema;
  }
  if (member && rest.length === 1 && rest[0] === member.property && place.valueFor === 'type') return resourceTypes(s.heat, place.range);
  if (place.valueFor !== undefined) return valuesOf(keys ? ownEntry(keys, place.valueFor) : undefined, place.range);
  if (keys && ownEntry(keys, '*')) keys = ownEntry(keys, '*')?.schema;
  owner = rest.length ? `${owner} ${rest.filter((r) => r !== '-').join('.')}` : owner;
  return keys ? propertyNames(keys, owner, place.range) : [];
}

function underPropertiesOf(
  top: Readonly<Record<string, HeatPropertySchema>>,
  owner: string,
  rest: readonly string[],
  place: Place,
): Completion[] {
  let keys: Readonly<Record<string, HeatPropertySchema>> | undefined = top;
  for (const segment of rest) keys = keys ? ownEntry(keys, segment === '-' ? '*' : segment)?.schema : undefined;
  if (place.valueFor !== undefined) return valuesOf(keys ? ownEntry(keys, place.valueFor) : undefined, place.range);
  if (keys && ownEntry(keys, '*')) keys = ownEntry(keys, '*')?.schema;
  return keys ? propertyNames(keys, owner, place.range) : [];
}

function references(s: Schemas, place: Place): Completion[] | undefined {
  const fn = place.valueFor;
  const { doc, heat } = s;
  const resources = (): Completion[] =>
    doc.resources.map((r) => ({ label: r.name, kind: 'reference', range: place.range, detail: r.type?.value ?? 'resource' }));
  if (fn === 'get_param')
    return [
      ...doc.parameters.map((p): Completion => ({
        label: p.name,
        kind: 'variable',
        range: place.range,
        documentation: describeParameter(p, p.name),
      })),
      ...items(PSEUDO_PARAMETERS, 'variable', place.range),
    ];
  if (fn === 'get_resource' || fn === 'depends_on' || (fn === 'get_attr' && place.path[place.path.length - 1] === 'get_attr'))
    return resources();
  if (fn === 'get_attr') {
    const resource = place.path[place.path.length - 1];
    const type = doc.resources.find((r) => r.name === resource)?.type?.value;
    const schema = type ? heat.resourceType(type) : undefined;
    const member = s.member(resource);
    const attributes = { ...(member?.attributes ?? {}), ...(schema?.attributes ?? {}) };
    return Object.entries(attributes).map(([name, a]) => ({
      label: name,
      kind: 'property',
      range: place.range,
      detail: a.type,
      documentation: describeAttribute(name, type ?? resource, a),
    }));
  }
  return undefined;
}

export function hotCompletions(doc: HotDocument, lines: readonly SourceLine[], position: Position, heat: HeatSchemaSource): Completion[] {
  const place = placeAt(lines, position);
  if (!place) return [];
  const analysis = analyzeHot(doc, heat, lines[0].text.length);
  const version = analysis.version ?? heat.templateVersions()[heat.templateVersions().length - 1];
  const s: Schemas = { doc, heat, version, member: (name) => analysis.types.get(name)?.member };
  const { path, valueFor, range } = place;
  const refs = references(s, place);
  if (refs) return refs;
  if (path.length === 0) {
    if (valueFor === 'heat_template_version')
      return [...heat.templateVersions()].reverse().flatMap((v, i) =>
        [v.name, ...v.aliases].map((label): Completion => ({
          label,
          kind: 'value',
          range,
          sortText: `${String(i).padStart(3, '0')}${label}`,
        })),
      );
    return valueFor === undefined ? items(version?.sections ?? [], 'section', range, (n) => `${n}: `) : [];
  }
  const [section, name, key, ...rest] = path;
  if (section === 'parameters' && path.length === 2)
    return valueFor === 'type'
      ? items(version?.parameterTypes ?? [], 'value', range)
      : valueFor
        ? []
        : items(version?.parameterKeys ?? [], 'property', range, (n) => `${n}: `);
  if (section === 'outputs' && path.length === 2 && valueFor === undefined)
    return items(version?.outputKeys ?? [], 'property', range, (n) => `${n}: `);
  if (section !== 'resources' || name === undefined) return [];
  if (key === undefined) {
    if (valueFor === 'type') return resourceTypes(heat, range);
    if (valueFor === 'depends_on') return references(s, { ...place, valueFor: 'depends_on' }) ?? [];
    if (valueFor === 'deletion_policy') return items(version?.deletionPolicies ?? [], 'value', range);
    return valueFor ? [] : items(version?.resourceKeys ?? [], 'property', range, (n) => `${n}: `);
  }
  if (key === 'depends_on') return references(s, { ...place, valueFor: 'depends_on' }) ?? [];
  if (key === 'properties') return underProperties(s, name, rest, place);
  return [];
}
