// A resource type as a cloud's Heat API answers GET /resource_types/{type}, read defensively into the
// shape the HOT checks read (a cloud's answer is not trusted to have it), with what only the offline
// data knows of the same type.
import type { HeatConstraint, HeatPropertySchema, HeatResourceType } from './heatSchema';
import { asArray, asRecord } from '../openstack/normalize';

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const bool = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

function bounds(value: unknown): { min?: number; max?: number } | undefined {
  if (value === undefined) return undefined;
  const b = asRecord(value);
  return { min: num(b.min), max: num(b.max) };
}

function constraintOf(raw: unknown): HeatConstraint {
  const c = asRecord(raw);
  const modulo = c.modulo === undefined ? undefined : asRecord(c.modulo);
  return {
    description: str(c.description),
    custom_constraint: str(c.custom_constraint),
    allowed_values: Array.isArray(c.allowed_values) ? c.allowed_values : undefined,
    range: bounds(c.range),
    length: bounds(c.length),
    modulo: modulo && { step: num(modulo.step), offset: num(modulo.offset) },
    allowed_pattern: str(c.allowed_pattern),
  };
}

/** A property's schema as the cloud answers it, read defensively (its nesting is Heat's: a few levels). */
function propertyOf(raw: unknown, depth: number): HeatPropertySchema {
  const p = asRecord(raw);
  const nested = depth < 16 && p.schema !== undefined ? schemaMapOf(p.schema, depth + 1) : undefined;
  return {
    type: str(p.type)?.toLowerCase() ?? 'any',
    required: bool(p.required),
    update_allowed: bool(p.update_allowed),
    immutable: bool(p.immutable),
    description: str(p.description),
    default: p.default,
    constraints: asArray(p.constraints).map(constraintOf),
    ...(nested ? { schema: nested } : {}),
  };
}

function schemaMapOf(raw: unknown, depth: number): Record<string, HeatPropertySchema> {
  const out: Record<string, HeatPropertySchema> = Object.create(null) as Record<string, HeatPropertySchema>;
  for (const [name, value] of Object.entries(asRecord(raw))) out[name] = propertyOf(value, depth);
  return out;
}

/**
 * A type as the cloud's API answers it, with what only the offline data knows of the same type: the
 * properties the API hides that Heat still accepts, those not implemented, their support status.
 */
export function resourceTypeFromApi(name: string, raw: unknown, offline?: HeatResourceType): HeatResourceType {
  const r = asRecord(raw);
  const attributes: Record<string, { description?: string; type?: string }> = Object.create(null) as Record<string, never>;
  for (const [attr, value] of Object.entries(asRecord(r.attributes)))
    attributes[attr] = { description: str(asRecord(value).description), type: str(asRecord(value).type) };
  const status = asRecord(r.support_status);
  return {
    resource_type: str(r.resource_type) ?? name,
    description: str(r.description),
    support_status:
      r.support_status === undefined
        ? undefined
        : { status: str(status.status), version: str(status.version) ?? null, message: str(status.message) ?? null },
    properties: schemaMapOf(r.properties, 0),
    attributes,
    hidden_properties: offline?.hidden_properties,
    unimplemented_properties: offline?.unimplemented_properties,
    property_support_status: offline?.property_support_status,
  };
}
