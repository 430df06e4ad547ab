// The intrinsic functions a template calls and what they name: each call valid for the template's
// version (and in conditions, for conditions), get_param's parameter, get_resource's and get_attr's
// resource, get_attr's attribute, depends_on's resources; then the dependency cycles these make.
// One walk with an explicit stack (no recursion, whatever the nesting), and Tarjan's strongly
// connected components over the dependencies: linear in the template's size.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { HeatTemplateVersion } from '../../heat/heatSchema';
import { functionNamed } from '../../heat/heatSchema';
import { ownEntry } from '../../ownEntry';
import type { Range } from '../text';
import { keyName, scalarText, type HotEntry, type HotResource } from './hotDocument';
import { allFunctionNames, didYouMean, firstVersionWith, functionCalled, type HotChecker } from './hotChecker';
import { pairOf } from './hotProperties';
import { MEMBER_DEFINITIONS } from './hotResources';
import { findCycles, type Dependency } from './hotCycles';

/** Heat's HOT pseudo parameters (heat/engine/hot/parameters.py HOTParameters.PSEUDO_PARAMETERS). */
export const PSEUDO_PARAMETERS = ['OS::stack_id', 'OS::stack_name', 'OS::region', 'OS::project_id'] as const;

/** Types whose attributes come from elsewhere (a nested template's outputs, a software config's outputs): not checked. */
const OPEN_ATTRIBUTE_TYPES = new Set([
  'OS::Heat::Stack',
  'AWS::CloudFormation::Stack',
  'OS::Heat::SoftwareDeployment',
  'OS::Heat::SoftwareDeploymentGroup',
  'OS::Heat::SoftwareDeployments',
  'OS::Heat::StructuredDeployment',
  'OS::Heat::StructuredDeploymentGroup',
  'OS::Heat::StructuredDeployments',
  'OS::Heat::ResourceChain',
]);

type Context = 'resource' | 'output' | 'condition';

interface Walk {
  readonly checker: HotChecker;
  readonly names: ReadonlySet<string>;
  readonly parameters: ReadonlyMap<string, HotEntry>;
  readonly resources: ReadonlyMap<string, HotResource>;
  /** the names, for "did you mean" (one list each: its index is built once) */
  readonly parameterNames: readonly string[];
  readonly resourceNames: readonly string[];
  /** the dependencies found so far, per resource */
  readonly dependencies: Map<string, Dependency[]>;
}

/** Why a function may not be called here, for this version; undefined when it may. */
function versionProblem(name: string, version: HeatTemplateVersion, context: Context, walk: Walk): string | undefined {
  const heat = walk.checker.heat;
  if (context === 'condition') {
    if (functionNamed(version.conditionFunctions, name)) return undefined;
    if (version.invalidInConditions.includes(name)) return `${name} cannot be used in conditions (Heat refuses it there)`;
  } else if (functionNamed(version.functions, name)) return undefined;
  if (version.removedFunctions.includes(name)) {
    const removedIn = firstVersionWith(heat, (v) => v.removedFunctions.includes(name));
    return `${name} was removed in heat_template_version ${removedIn?.name ?? 'a later version'}: this template is ${version.name}`;
  }
  if (context !== 'condition' && functionNamed(version.conditionFunctions, name))
    return `${name} is a condition function: only the conditions section has it (here Heat takes it as plain data)`;
  const from = firstVersionWith(heat, (v) =>
    context === 'condition' ? functionNamed(v.conditionFunctions, name) !== undefined : functionNamed(v.functions, name) !== undefined,
  );
  if (!from) return `${name} is not a function ${context === 'condition' ? 'of conditions' : 'of resources and outputs'} in any version`;
  return `${name} needs heat_template_version ${from.name} or later: this template is ${version.name} (Heat takes it as plain data)`;
}

function addDependency(walk: Walk, from: string | undefined, to: string, range: Range, via: Dependency['via']): void {
  if (from === undefined || !walk.resources.has(to)) return;
  const list = walk.dependencies.get(from) ?? [];
  list.push({ to, range, via });
  walk.dependencies.set(from, list);
}

function checkResourceName(walk: Walk, node: Node, fn: string): string | undefined {
  const name = scalarText(node);
  if (name === undefined) return undefined;
  const range = walk.checker.doc.rangeOf(node);
  const resource = walk.resources.get(name);
  walk.checker.spans.push({ kind: 'resource-ref', range, name, resource });
  if (!resource)
    walk.checker.report(
      'HT309',
      range,
      () => `${fn} names no resource of this template: ${name}${didYouMean(walk.checker.closest(walk.resourceNames, name))}`,
    );
  return resource ? name : undefined;
}

/** get_attr's attribute: one the type has (or a group's members have). */
function checkAttribute(walk: Walk, resource: HotResource, node: Node): void {
  const name = scalarText(node);
  const types = walk.checker.types.get(resource.name);
  if (name === undefined || !types?.schema) return;
  const range = walk.checker.doc.rangeOf(node);
  const own = ownEntry(types.schema.attributes, name);
  const member = types.member ? ownEntry(types.member.attributes, name) : undefined;
  walk.checker.spans.push({ kind: 'attribute-ref', range, name, resource, schema: own ?? member });
  if (own || member || OPEN_ATTRIBUTE_TYPES.has(types.schema.resource_type)) return;
  if (types.member && /^resource\.\d+(\.|$)/.test(name)) return;
  // a group's members' attributes pass through it: with no member type known, any attribute may be one
  if (!types.member && ownEntry(MEMBER_DEFINITIONS, types.schema.resource_type)) return;
  const names = [...new Set([...Object.keys(types.schema.attributes), ...Object.keys(types.member?.attributes ?? {})])];
  walk.checker.report(
    'HT310',
    range,
    () =>
      `${types.schema?.resource_type} has no attribute ${name}${didYouMean(walk.checker.closest(names, name))}${names.length <= 15 ? `: it has ${names.join(', ')}` : ''}`,
  );
}

/** One call's arguments: what they name. */
function checkCall(walk: Walk, fn: string, args: Node | null, keyRange: Range, context: Context, owner: string | undefined): void {
  const { checker } = walk;
  if (fn === 'get_param') {
    const first = isSeq(args) ? (args.items[0] as Node | undefined) : args;
    const name = first ? scalarText(first) : undefined;
    if (name === undefined || !first) return;
    const range = checker.doc.rangeOf(first);
    const parameter = walk.parameters.get(name);
    checker.spans.push({ kind: 'parameter-ref', range, name, parameter });
    if (!walk.parameters.has(name) && !(PSEUDO_PARAMETERS as readonly string[]).includes(name))
      checker.report(
        'HT308',
        range,
        () => `get_param names no parameter of this template: ${name}${didYouMean(checker.closest(walk.parameterNames, name))}`,
      );
  } else if (fn === 'get_resource') {
    if (!args || !isScalar(args)) {
      if (!args || !checker.isFunction(args))
        checker.report('HT313', args ? checker.doc.rangeOf(args) : keyRange, 'get_resource takes a resource name');
      return;
    }
    const name = checkResourceName(walk, args, 'get_resource');
    if (name !== undefined) addDependency(walk, owner, name, checker.doc.rangeOf(args), 'get_resource');
  } else if (fn === 'get_attr') {
    if (!isSeq(args) || args.items.length < 2) {
      if (!args || !checker.isFunction(args))
        checker.report('HT313', args ? checker.doc.rangeOf(args) : keyRange, 'get_attr takes a list: [resource, attribute, key or index…]');
      return;
    }
    const [first, second] = args.items as Node[];
    const name = checkResourceName(walk, first, 'get_attr');
    if (name === undefined) return;
    if (context !== 'output') addDependency(walk, owner, name, checker.doc.rangeOf(first), 'get_attr');
    const resource = walk.resources.get(name);
    if (resource && second) checkAttribute(walk, resource, second);
  }
}

/** Every call under a node, with an explicit stack. */
function walkCalls(walk: Walk, root: Node | null, context: Context, owner: string | undefined): void {
  const { checker } = walk;
  const stack: (Node | null)[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i] as Node | null);
      continue;
    }
    if (!isMap(node)) continue;
    const fn = functionCalled(node, walk.names);
    if (fn !== undefined) {
      const pair = node.items[0];
      const keyRange = checker.doc.rangeOf(pair.key as Node);
      const version = checker.version;
      const spec = version && (context === 'condition' ? version.conditionFunctions : version.functions);
      checker.spans.push({ kind: 'function', range: keyRange, name: fn, fn: spec ? functionNamed(spec, fn) : undefined });
      const problem = version && versionProblem(fn, version, context, walk);
      if (problem) checker.report('HT311', keyRange, problem);
      checkCall(walk, fn, (pair.value as Node | null) ?? null, keyRange, context, owner);
    }
    for (let i = node.items.length - 1; i >= 0; i--) stack.push((node.items[i].value as Node | null) ?? null);
  }
}

/** depends_on: a resource name or a list of them. */
function dependsOn(walk: Walk, resource: HotResource): void {
  const value = pairOf(resource.definition, 'depends_on')?.value as Node | null | undefined;
  if (!value || (isScalar(value) && value.value === null)) return;
  const items = isSeq(value) ? (value.items as (Node | null)[]) : [value];
  for (const item of items) {
    if (!item || !isScalar(item)) {
      walk.checker.report('HT313', walk.checker.doc.rangeOf(item ?? value), 'depends_on takes a resource name or a list of them');
      continue;
    }
    const name = checkResourceName(walk, item, 'depends_on');
    if (name !== undefined) addDependency(walk, resource.name, name, walk.checker.doc.rangeOf(item), 'depends_on');
  }
}

/** parameter_groups: each group's parameters are the template's. */
function parameterGroups(walk: Walk): void {
  const groups = walk.checker.doc.sections.find((s) => s.name === 'parameter_groups')?.value;
  if (!isSeq(groups)) return;
  for (const group of groups.items) {
    const list = isMap(group) ? pairOf(group, 'parameters')?.value : undefined;
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      const name = scalarText(item);
      if (name !== undefined && !walk.parameters.has(name))
        walk.checker.report(
          'HT308',
          walk.checker.doc.rangeOf(item as Node),
          `parameter_groups names no parameter of this template: ${name}`,
        );
    }
  }
}

export function checkReferences(checker: HotChecker): void {
  const { doc } = checker;
  const walk: Walk = {
    checker,
    names: allFunctionNames(checker.heat),
    parameters: new Map(doc.parameters.map((p) => [p.name, p])),
    resources: new Map(doc.resources.map((r) => [r.name, r])),
    parameterNames: doc.parameters.map((p) => p.name),
    resourceNames: doc.resources.map((r) => r.name),
    dependencies: new Map(),
  };
  for (const resource of doc.resources) {
    if (!resource.definition) continue;
    dependsOn(walk, resource);
    for (const pair of resource.definition.items) {
      const key = keyName(pair);
      if (key === 'type' || key === 'depends_on' || key === 'description') continue;
      walkCalls(walk, (pair.value as Node | null) ?? null, 'resource', resource.name);
    }
  }
  for (const output of doc.outputs) walkCalls(walk, output.value, 'output', undefined);
  for (const condition of doc.conditions) walkCalls(walk, condition.value, 'condition', undefined);
  parameterGroups(walk);
  for (const cycle of findCycles(
    doc.resources.map((r) => r.name),
    walk.dependencies,
  )) {
    const chain = [...cycle.map((d, i) => (i === 0 ? `${d.from} → ${d.to}` : d.to))].join(' → ');
    const how = cycle.map((d) => `${d.from} ${d.via === 'depends_on' ? 'depends_on' : `uses ${d.via} of`} ${d.to}`).join('; ');
    checker.report('HT312', cycle[0].range, `dependency cycle ${chain}: ${how}; Heat refuses the stack (Circular Dependency Found)`);
  }
}
