// Each resource definition: its keys, its type (known to Heat, its support status), its properties
// against the type's schema, and for a group the member definition against the member's type
// (OS::Heat::ResourceGroup's resource_def, OS::Heat::AutoScalingGroup's resource).
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import type { HeatResourceType } from '../../heat/heatSchema';
import { ownEntry } from '../../ownEntry';
import { scalarText, type HotResource } from './hotDocument';
import { checkKeys, didYouMean, quoted, type HotChecker } from './hotChecker';
import { checkMap, pairOf, statusNote } from './hotProperties';
import type { Range } from '../text';

/** Group types whose members are defined by a property: the member's properties are checked against its type. */
export const MEMBER_DEFINITIONS: Readonly<Record<string, { readonly property: string; readonly indexVar?: string }>> = {
  'OS::Heat::ResourceGroup': { property: 'resource_def', indexVar: 'index_var' },
  'OS::Heat::AutoScalingGroup': { property: 'resource' },
};

/** A type Heat reads from a template file or URL (a template resource): its schema is that template's. */
export function isTemplateType(type: string): boolean {
  return /\.(ya?ml|template|json|hot)$/i.test(type) || type.includes('/');
}

/** A `type` value: known to Heat (else HT303), its support status (HT315); its hover span. */
function resolveType(checker: HotChecker, type: string, range: Range): HeatResourceType | undefined {
  if (isTemplateType(type)) return undefined;
  const schema = checker.heat.resourceType(type);
  checker.spans.push({ kind: 'resource-type', range, name: type, schema });
  if (!schema) {
    checker.report('HT303', range, () => {
      const suggestion = checker.closest(checker.heat.resourceTypeNames(), type);
      return `${checker.heat.label} has no resource type ${type}${didYouMean(suggestion)}${suggestion ? '' : '; a type an environment maps (resource_registry) is not known here'}`;
    });
    return undefined;
  }
  const status = statusNote(schema.support_status);
  if (status) checker.report('HT315', range, `${type} is ${status}`);
  return schema;
}

/** The properties of a definition (a resource's, a group member's) against its type. */
function checkDefinitionProperties(
  checker: HotChecker,
  definition: YAMLMap,
  schema: HeatResourceType,
  anchor: Range,
  indexVar?: string,
): void {
  const pair = pairOf(definition, 'properties');
  const value = (pair?.value as Node | null | undefined) ?? null;
  if (value !== null && !isMap(value) && !(isScalar(value) && value.value === null)) {
    if (!checker.isFunction(value))
      checker.report('HT313', checker.doc.rangeOf(value), 'properties must be a mapping of property names to values');
    return;
  }
  const where = pair ? checker.doc.rangeOf(pair.key as Node) : anchor;
  checkMap(checker, isMap(value) ? value : undefined, schema.properties, { type: schema.resource_type, path: '', indexVar }, where, schema);
}

/** A group's member definition: its type and its properties against that type. */
function checkMember(checker: HotChecker, resource: HotResource, group: HeatResourceType): HeatResourceType | undefined {
  const member = ownEntry(MEMBER_DEFINITIONS, group.resource_type);
  if (!member || !resource.definition) return undefined;
  const properties = pairOf(resource.definition, 'properties')?.value;
  const definition = isMap(properties) ? pairOf(properties, member.property)?.value : undefined;
  if (!isMap(definition)) return undefined;
  const typePair = pairOf(definition, 'type');
  const type = scalarText(typePair?.value);
  if (type === undefined || !typePair?.value) return undefined;
  const schema = resolveType(checker, type, checker.doc.rangeOf(typePair.value as Node));
  if (!schema) return undefined;
  const indexVarPair = member.indexVar && isMap(properties) ? pairOf(properties, member.indexVar) : undefined;
  const indexVar = member.indexVar ? (scalarText(indexVarPair?.value) ?? '%index%') : undefined;
  checkDefinitionProperties(checker, definition, schema, checker.doc.rangeOf(typePair.key as Node), indexVar);
  return schema;
}

function checkResource(checker: HotChecker, resource: HotResource): void {
  const { doc, version } = checker;
  const definition = resource.definition;
  if (!definition) {
    const at = resource.value ? doc.rangeOf(resource.value) : resource.nameRange;
    checker.report('HT313', at, `resource ${resource.name} must be a mapping with at least a type`);
    return;
  }
  if (version) checkKeys(definition, version.resourceKeys, 'a resource definition', doc, checker);
  const policy = pairOf(definition, 'deletion_policy')?.value;
  const policyText = scalarText(policy);
  if (version && policy && policyText !== undefined && !version.deletionPolicies.includes(policyText))
    checker.report(
      'HT313',
      doc.rangeOf(policy as Node),
      `${policyText} is not a deletion policy: one of ${quoted(version.deletionPolicies)}`,
    );
  const typePair = pairOf(definition, 'type');
  if (!resource.type) {
    const at = typePair?.value ? doc.rangeOf(typePair.value as Node) : resource.nameRange;
    checker.report(
      'HT313',
      at,
      typePair ? 'type must be a resource type name (OS::Nova::Server)' : `resource ${resource.name} has no type`,
    );
    return;
  }
  const schema = resolveType(checker, resource.type.value, resource.type.range);
  if (!schema) return;
  checkDefinitionProperties(checker, definition, schema, resource.nameRange);
  checker.types.set(resource.name, { schema, member: checkMember(checker, resource, schema) });
}

export function checkResources(checker: HotChecker): void {
  for (const resource of checker.doc.resources) checkResource(checker, resource);
}
