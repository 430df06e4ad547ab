// What the HOT linter and language features know of Heat: its resource types (each exactly as Heat's
// API answers GET /resource_types/{type}) and its template versions with their intrinsic functions
// (GET /template_versions/{v}/functions). One interface, two sources: the data generated from Heat's
// own definitions (offlineHeatSchema.ts) and, later, a cloud's own answers, cached per cloud.
import { ownEntry } from '../ownEntry';
import type { Release } from '../schema/releases';

/** Heat's property and attribute types, as its API spells them (lower case). */
export type HeatPropertyType = 'string' | 'number' | 'integer' | 'boolean' | 'map' | 'list' | 'any' | 'json';

export interface HeatConstraint {
  readonly description?: string;
  readonly custom_constraint?: string;
  readonly allowed_values?: readonly unknown[];
  readonly range?: { readonly min?: number; readonly max?: number };
  readonly length?: { readonly min?: number; readonly max?: number };
  readonly modulo?: { readonly step?: number; readonly offset?: number };
  readonly allowed_pattern?: string;
}

export interface HeatPropertySchema {
  readonly type: string;
  readonly required?: boolean;
  readonly update_allowed?: boolean;
  readonly immutable?: boolean;
  readonly description?: string;
  readonly default?: unknown;
  readonly constraints?: readonly HeatConstraint[];
  /** a map's keys, or a list's items under "*" */
  readonly schema?: Readonly<Record<string, HeatPropertySchema>>;
}

export interface HeatAttributeSchema {
  readonly description?: string;
  readonly type?: string;
}

export interface HeatSupportStatus {
  readonly status?: string;
  readonly version?: string | null;
  readonly message?: string | null;
  readonly previous_status?: HeatSupportStatus | null;
}

/** One resource type: Heat API's answer to GET /resource_types/{type}. */
export interface HeatResourceType {
  readonly resource_type: string;
  readonly description?: string;
  readonly support_status?: HeatSupportStatus;
  readonly properties: Readonly<Record<string, HeatPropertySchema>>;
  readonly attributes: Readonly<Record<string, HeatAttributeSchema>>;
  /** (offline data only) properties the API hides that Heat still accepts, with their status */
  readonly hidden_properties?: Readonly<Record<string, HeatSupportStatus>>;
  /** (offline data only) properties Heat refuses a value for: "not implemented yet" */
  readonly unimplemented_properties?: readonly string[];
  /** (offline data only) listed properties that are deprecated or unsupported */
  readonly property_support_status?: Readonly<Record<string, HeatSupportStatus>>;
}

export interface HeatFunction {
  readonly functions: string;
  readonly description?: string;
}

/** One template version ("heat_template_version.2016-10-14"): what a template of it may say. */
export interface HeatTemplateVersion {
  /** the key: "heat_template_version.2016-10-14" */
  readonly key: string;
  /** what a template writes: "2016-10-14" */
  readonly name: string;
  readonly type: 'hot' | 'cfn';
  /** what a template may write instead: "newton" */
  readonly aliases: readonly string[];
  /** the top-level keys it reads */
  readonly sections: readonly string[];
  /** the keys of a resource definition, an output, a parameter */
  readonly resourceKeys: readonly string[];
  readonly outputKeys: readonly string[];
  readonly parameterKeys: readonly string[];
  readonly parameterTypes: readonly string[];
  readonly deletionPolicies: readonly string[];
  readonly functions: readonly HeatFunction[];
  /** the functions the conditions section may use */
  readonly conditionFunctions: readonly HeatFunction[];
  /** functions Heat refuses inside conditions */
  readonly invalidInConditions: readonly string[];
  /** functions of earlier versions this one refuses */
  readonly removedFunctions: readonly string[];
}

export interface HeatSchemaSource {
  /** whose schemas these are, for messages: "Heat 19.0.0 (Zed)" */
  readonly label: string;
  /** where they come from: "offline data from Heat's own definitions", "the cloud devstack-admin" */
  readonly origin: string;
  /** the OpenStack release whose Heat this is, when known */
  readonly release?: Release;
  resourceType(name: string): HeatResourceType | undefined;
  resourceTypeNames(): readonly string[];
  /** the HOT versions, oldest first */
  templateVersions(): readonly HeatTemplateVersion[];
  /** the functions of a version (its key, its date or an alias): what GET /template_versions/{v}/functions answers */
  functions(version: string): readonly HeatFunction[] | undefined;
}

/** The template version a template's `heat_template_version` value names: by its date or an alias (never a cfn version). */
export function templateVersionNamed(source: HeatSchemaSource, value: string): HeatTemplateVersion | undefined {
  return source.templateVersions().find((v) => v.name === value || v.key === value || v.aliases.includes(value));
}

/** A function of a version by name (only the list's own entries). */
export function functionNamed(list: readonly HeatFunction[], name: string): HeatFunction | undefined {
  return list.find((f) => f.functions === name);
}

/** A property's schema by name (only the schema's own keys). */
export function propertySchema(
  schema: Readonly<Record<string, HeatPropertySchema>> | undefined,
  name: string,
): HeatPropertySchema | undefined {
  return schema ? ownEntry(schema, name) : undefined;
}
