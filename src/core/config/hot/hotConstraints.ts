// Heat's custom constraints that need a cloud (glance.image, nova.flavor, neutron.network,
// neutron.subnet, nova.keypair), checked against what a cloud has: a property's literal value, a
// parameter's default (its own constraints say so), and the default of a parameter a property takes
// with get_param. Other values from functions are known only when Heat runs; with no cloud, nothing.
import { isAlias, isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { NameIndex } from '../../text/editDistance';
import { CLOUD_CONSTRAINTS, isCloudConstraint, type CloudConstraint, type CloudFacts, type CloudList } from '../../heat/cloudFacts';
import type { HeatConstraint, HeatPropertySchema, HeatResourceType, HeatSchemaSource } from '../../heat/heatSchema';
import { propertySchema } from '../../heat/heatSchema';
import { ownEntry } from '../../ownEntry';
import type { RawFinding } from '../lint/findings';
import { keyName, scalarText, type HotDocument, type HotEntry } from './hotDocument';
import { allFunctionNames, didYouMean, functionCalled } from './hotChecker';
import type { HotAnalysis } from './hotAnalysis';
import { pairOf } from './hotProperties';
import { MEMBER_DEFINITIONS } from './hotResources';

export interface CloudConstraintInputs {
  readonly doc: HotDocument;
  /** the template's analysis: each resource's type schema */
  readonly analysis: HotAnalysis;
  readonly heat: HeatSchemaSource;
  readonly facts: CloudFacts;
  /** parameters given a value (stack create --param): Heat does not use their defaults */
  readonly givenParameters?: readonly string[];
}

/** How many of a cloud's names a message lists. */
const NAMES_SHOWN = 5;

interface Walk {
  readonly doc: HotDocument;
  readonly facts: CloudFacts;
  readonly functionNames: ReadonlySet<string>;
  readonly parameters: ReadonlyMap<string, HotEntry>;
  readonly given: ReadonlySet<string>;
  /** values already checked (a default that several properties take), by offset and constraint */
  readonly checked: Set<string>;
  readonly indexes: Map<CloudConstraint, NameIndex>;
  readonly findings: RawFinding[];
}

/** The first of a schema's constraints that the cloud's facts can check. */
function cloudConstraintOf(constraints: readonly HeatConstraint[] | undefined, facts: CloudFacts): CloudConstraint | undefined {
  for (const c of constraints ?? []) {
    const name = c.custom_constraint;
    if (name !== undefined && isCloudConstraint(name) && facts.lists[name]) return name;
  }
  return undefined;
}

/** "it has busybox, cirros and 3 more" */
function whatItHas(list: CloudList, noun: string): string {
  if (list.names.length === 0) return `it has no ${noun}s`;
  const shown = list.names.slice(0, NAMES_SHOWN).join(', ');
  const more = list.names.length - NAMES_SHOWN;
  return `it has ${shown}${more > 0 ? ` and ${more} more` : ''}`;
}

/** A literal name or id against the cloud's list: HT316 at the value when the cloud has none such. */
function checkName(walk: Walk, node: Node, constraint: CloudConstraint, what: string): void {
  const value = scalarText(node);
  const list = walk.facts.lists[constraint];
  if (value === undefined || value === '' || !list || list.known.has(value) || !node.range) return;
  const key = `${node.range[0]}:${constraint}`;
  if (walk.checked.has(key)) return;
  walk.checked.add(key);
  const noun = CLOUD_CONSTRAINTS[constraint].noun;
  walk.findings.push({
    code: 'HT316',
    range: walk.doc.rangeOf(node),
    message: () => {
      let index = walk.indexes.get(constraint);
      if (!index) walk.indexes.set(constraint, (index = new NameIndex(list.names)));
      return `${what}: cloud ${walk.facts.cloud} has no ${noun} ${value}${didYouMean(index.closest(value))}; ${whatItHas(list, noun)}`;
    },
  });
}

const parameterMap = (entry: HotEntry | undefined): YAMLMap | undefined => (isMap(entry?.value) ? entry.value : undefined);

/** A parameter's own cloud constraint (constraints: - custom_constraint: glance.image). */
function parameterConstraint(walk: Walk, parameter: YAMLMap): CloudConstraint | undefined {
  const list = pairOf(parameter, 'constraints')?.value;
  if (!isSeq(list)) return undefined;
  const constraints = list.items.flatMap((item): HeatConstraint[] => {
    const custom = isMap(item) ? scalarText(pairOf(item, 'custom_constraint')?.value) : undefined;
    return custom === undefined ? [] : [{ custom_constraint: custom }];
  });
  return cloudConstraintOf(constraints, walk.facts);
}

/** The literal default of a parameter of type string that Heat would use (none given for it). */
function usedDefault(walk: Walk, name: string, parameter: YAMLMap): Node | undefined {
  if (walk.given.has(name)) return undefined;
  const type = scalarText(pairOf(parameter, 'type')?.value);
  const value = pairOf(parameter, 'default')?.value;
  return type === 'string' && isScalar(value) ? value : undefined;
}

/** { get_param: name } where a cloud constraint applies: the parameter's default is checked, unless its own constraint does that. */
function viaParameter(walk: Walk, call: YAMLMap, constraint: CloudConstraint, what: string): void {
  const args = call.items[0]?.value;
  const nameNode = isSeq(args) ? (args.items.length === 1 ? args.items[0] : undefined) : args;
  const name = scalarText(nameNode);
  const parameter = name === undefined ? undefined : parameterMap(walk.parameters.get(name));
  if (name === undefined || !parameter || parameterConstraint(walk, parameter) === constraint) return;
  const value = usedDefault(walk, name, parameter);
  if (value) checkName(walk, value, constraint, `default of parameter ${name} (given to ${what})`);
}

/** One value against its schema: a literal where a cloud constraint applies, else down a map's or a list's schema. */
function walkValue(walk: Walk, node: unknown, schema: HeatPropertySchema, path: string, owner: string, indexVar?: string): void {
  if (node === null || node === undefined || isAlias(node) || (isScalar(node) && node.value === null)) return;
  const constraint = cloudConstraintOf(schema.constraints, walk.facts);
  const what = `${path} of ${owner}`;
  const fn = functionCalled(node, walk.functionNames);
  if (fn !== undefined) {
    if (constraint && fn === 'get_param') viaParameter(walk, node as YAMLMap, constraint, what);
    return;
  }
  if (constraint) {
    const text = scalarText(node);
    // a group member's name with its index in it is replaced before Heat checks it
    if (isScalar(node) && text !== undefined && !(indexVar && text.includes(indexVar))) checkName(walk, node, constraint, what);
    return;
  }
  if (!schema.schema) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      const name = keyName(pair);
      const nested = name === undefined ? undefined : propertySchema(schema.schema, name);
      if (nested) walkValue(walk, pair.value, nested, `${path}.${name}`, owner, indexVar);
    }
  } else if (isSeq(node)) {
    const item = propertySchema(schema.schema, '*');
    if (item) node.items.forEach((value, i) => walkValue(walk, value, item, `${path}[${i}]`, owner, indexVar));
  }
}

function walkProperties(walk: Walk, properties: unknown, type: HeatResourceType, indexVar?: string): void {
  if (!isMap(properties)) return;
  for (const pair of properties.items) {
    const name = keyName(pair);
    const schema = name === undefined ? undefined : propertySchema(type.properties, name);
    if (schema && name !== undefined) walkValue(walk, pair.value, schema, name, type.resource_type, indexVar);
  }
}

/** Each resource's properties, and a group's member definition's against the member's type. */
function checkResources(walk: Walk, analysis: HotAnalysis): void {
  for (const resource of walk.doc.resources) {
    const types = analysis.types.get(resource.name);
    if (!types?.schema || !resource.definition) continue;
    const properties = pairOf(resource.definition, 'properties')?.value;
    walkProperties(walk, properties, types.schema);
    const member = ownEntry(MEMBER_DEFINITIONS, types.schema.resource_type);
    if (!types.member || !member || !isMap(properties)) continue;
    const definition = pairOf(properties, member.property)?.value;
    if (!isMap(definition)) continue;
    const indexVar = member.indexVar ? (scalarText(pairOf(properties, member.indexVar)?.value) ?? '%index%') : undefined;
    walkProperties(walk, pairOf(definition, 'properties')?.value, types.member, indexVar);
  }
}

/** HT316: the names a template gives that the cloud of the facts does not have. */
export function cloudConstraintFindings(inputs: CloudConstraintInputs): RawFinding[] {
  const { doc, facts } = inputs;
  const walk: Walk = {
    doc,
    facts,
    functionNames: allFunctionNames(inputs.heat),
    parameters: new Map(doc.parameters.map((p) => [p.name, p])),
    given: new Set(inputs.givenParameters ?? []),
    checked: new Set(),
    indexes: new Map(),
    findings: [],
  };
  for (const entry of doc.parameters) {
    const parameter = parameterMap(entry);
    const constraint = parameter && parameterConstraint(walk, parameter);
    const value = constraint && usedDefault(walk, entry.name, parameter);
    if (constraint && value) checkName(walk, value, constraint, `default of parameter ${entry.name}`);
  }
  checkResources(walk, inputs.analysis);
  return walk.findings;
}
