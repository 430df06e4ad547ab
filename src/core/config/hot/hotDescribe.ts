// One description of a resource type, a property, an attribute, a parameter, a function or a
// template version, shared by hover and completion documentation. Heat's texts (a cloud's, later)
// are shown as written: escaped, never read as markup.
import type {
  HeatAttributeSchema,
  HeatConstraint,
  HeatFunction,
  HeatPropertySchema,
  HeatResourceType,
  HeatTemplateVersion,
} from '../../heat/heatSchema';
import { escapeMarkdown, markdownCode as code } from '../../text/markdown';
import { scalarText, keyName, type HotEntry } from './hotDocument';
import { statusNote } from './hotProperties';
import { isMap } from 'yaml';

/** Paragraphs of a docstring, each escaped; at most `max` of them. */
function paragraphs(text: string | undefined, max = 3): string {
  if (!text) return '';
  const parts = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return parts
    .slice(0, max)
    .map((p) => escapeMarkdown(p))
    .join('\n\n');
}

const joinLines = (lines: readonly string[]): string => lines.filter((l) => l !== '').join('\n\n');

function constraintText(c: HeatConstraint): string | undefined {
  if (c.allowed_values) return `Allowed: ${c.allowed_values.map((v) => code(String(v))).join(', ')}`;
  if (c.range) return `Range: ${c.range.min ?? '−∞'} … ${c.range.max ?? '∞'}`;
  if (c.length) return `Length: ${c.length.min ?? 0} … ${c.length.max ?? '∞'}`;
  if (c.custom_constraint) return `Must be a ${code(c.custom_constraint)} of the cloud`;
  if (c.allowed_pattern) return `Pattern: ${code(c.allowed_pattern)}`;
  return undefined;
}

/** "string, required, can be updated in place" */
export function propertyDetail(schema: HeatPropertySchema): string {
  const parts = [schema.type, schema.required ? 'required' : 'optional'];
  if (schema.update_allowed) parts.push('updatable');
  else parts.push('replaces the resource on update');
  if (schema.immutable) parts.push('immutable');
  return parts.join(', ');
}

export function describeProperty(name: string, owner: string, schema: HeatPropertySchema): string {
  const lines = [`**${escapeMarkdown(name)}** — ${escapeMarkdown(propertyDetail(schema))} (${escapeMarkdown(owner)})`];
  if (schema.default !== undefined) lines.push(`Default: ${code(JSON.stringify(schema.default))}`);
  for (const c of schema.constraints ?? []) {
    const text = constraintText(c);
    if (text) lines.push(text);
  }
  if (schema.schema) {
    const keys = Object.keys(schema.schema);
    lines.push(keys.length === 1 && keys[0] === '*' ? 'A list' : `Keys: ${keys.map(code).join(', ')}`);
  }
  lines.push(paragraphs(schema.description));
  return joinLines(lines);
}

export function describeResourceType(name: string, schema: HeatResourceType | undefined, source: string): string {
  if (!schema) return `**${escapeMarkdown(name)}** — not a resource type ${escapeMarkdown(source)} has`;
  const status = statusNote(schema.support_status);
  const required = Object.entries(schema.properties)
    .filter(([, p]) => p.required)
    .map(([n]) => code(n));
  const since = schema.support_status?.status === 'SUPPORTED' && schema.support_status.version;
  return joinLines([
    `**${escapeMarkdown(name)}** — resource type${since ? ` (since Heat ${escapeMarkdown(since)})` : ''}`,
    status ? `⚠ ${escapeMarkdown(status)}` : '',
    paragraphs(schema.description, 2),
    required.length ? `Required properties: ${required.join(', ')}` : '',
    `Attributes: ${Object.keys(schema.attributes).map(code).join(', ')}`,
  ]);
}

export function describeAttribute(name: string, owner: string, schema: HeatAttributeSchema | undefined): string {
  if (!schema) return `**${escapeMarkdown(name)}** — not an attribute of ${escapeMarkdown(owner)}`;
  return joinLines([
    `**${escapeMarkdown(name)}** — attribute${schema.type ? ` (${escapeMarkdown(schema.type)})` : ''} of ${escapeMarkdown(owner)}`,
    paragraphs(schema.description),
  ]);
}

export function describeParameter(entry: HotEntry | undefined, name: string): string {
  if (!entry) return `**${escapeMarkdown(name)}** — ${name.startsWith('OS::') ? 'a pseudo parameter Heat sets' : 'no such parameter'}`;
  const field = (key: string): string | undefined =>
    isMap(entry.value) ? scalarText(entry.value.items.find((p) => keyName(p) === key)?.value) : undefined;
  const type = field('type');
  const shownDefault = field('default');
  return joinLines([
    `**${escapeMarkdown(name)}** — parameter${type ? ` (${escapeMarkdown(type)})` : ''}`,
    shownDefault !== undefined ? `Default: ${code(shownDefault)}` : '',
    field('label') ? escapeMarkdown(field('label') ?? '') : '',
    paragraphs(field('description')),
  ]);
}

export function describeFunction(name: string, fn: HeatFunction | undefined, since: string | undefined): string {
  return joinLines([
    `**${escapeMarkdown(name)}** — intrinsic function${since ? ` (from heat_template_version ${escapeMarkdown(since)})` : ''}`,
    paragraphs(fn?.description),
  ]);
}

export function describeVersion(version: HeatTemplateVersion): string {
  return joinLines([
    `**heat_template_version ${escapeMarkdown(version.name)}**${version.aliases.length ? ` (${version.aliases.map(escapeMarkdown).join(', ')})` : ''}`,
    `Functions: ${version.functions.map((f) => code(f.functions)).join(', ')}`,
    version.conditionFunctions.length ? `Condition functions: ${version.conditionFunctions.map((f) => code(f.functions)).join(', ')}` : '',
    `Sections: ${version.sections.map(code).join(', ')}`,
  ]);
}
