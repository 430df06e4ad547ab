// What the HOT rule modules share: the checker (the document, the schemas, where findings and hover
// spans go), what makes a mapping a function call, and the small helpers of their messages.
import { isMap, type Node, type YAMLMap } from 'yaml';
import { markdownCode } from '../../text/markdown';
import type {
  HeatAttributeSchema,
  HeatFunction,
  HeatPropertySchema,
  HeatResourceType,
  HeatSchemaSource,
  HeatTemplateVersion,
} from '../../heat/heatSchema';
import type { Severity } from '../lint/findings';
import type { RuleCode } from '../lint/ruleCatalog';
import type { Range } from '../text';
import { keyName, type HotDocument, type HotEntry, type HotResource } from './hotDocument';

/** What sits at a range of the template, for hover. */
export type HotSpan =
  | { readonly kind: 'resource-type'; readonly range: Range; readonly name: string; readonly schema?: HeatResourceType }
  | { readonly kind: 'property'; readonly range: Range; readonly name: string; readonly owner: string; readonly schema: HeatPropertySchema }
  | { readonly kind: 'parameter-ref'; readonly range: Range; readonly name: string; readonly parameter?: HotEntry }
  | { readonly kind: 'resource-ref'; readonly range: Range; readonly name: string; readonly resource?: HotResource }
  | {
      readonly kind: 'attribute-ref';
      readonly range: Range;
      readonly name: string;
      readonly resource: HotResource;
      readonly schema?: HeatAttributeSchema;
    }
  | { readonly kind: 'function'; readonly range: Range; readonly name: string; readonly fn?: HeatFunction }
  | { readonly kind: 'version'; readonly range: Range; readonly version: HeatTemplateVersion };

/** What the rule modules share: the document, the schemas, where findings and spans go. */
export interface HotChecker {
  readonly doc: HotDocument;
  readonly heat: HeatSchemaSource;
  readonly version?: HeatTemplateVersion;
  readonly spans: HotSpan[];
  readonly types: Map<string, { schema?: HeatResourceType; member?: HeatResourceType }>;
  report(code: RuleCode, range: Range, message: string | (() => string), severity?: Severity): void;
  /** a mapping of one key that is a function of some Heat version: its value comes only when Heat runs */
  isFunction(node: unknown): boolean;
  /** "did you mean" over a list of names (the index is built once per list) */
  closest(names: readonly string[], name: string): string | undefined;
}

/** Every function name any version knows (of resources, of conditions, or removed): what makes a one-key mapping a call. */
const functionNames = new WeakMap<HeatSchemaSource, ReadonlySet<string>>();

export function allFunctionNames(heat: HeatSchemaSource): ReadonlySet<string> {
  let names = functionNames.get(heat);
  if (!names) {
    names = new Set(
      heat
        .templateVersions()
        .flatMap((v) => [...v.functions.map((f) => f.functions), ...v.conditionFunctions.map((f) => f.functions), ...v.removedFunctions]),
    );
    functionNames.set(heat, names);
  }
  return names;
}

/** The name of the function a one-key mapping calls, if it is one. */
export function functionCalled(node: unknown, names: ReadonlySet<string>): string | undefined {
  if (!isMap(node) || node.items.length !== 1) return undefined;
  const name = keyName(node.items[0]);
  return name !== undefined && names.has(name) ? name : undefined;
}

export const quoted = (names: readonly string[]): string => names.map(markdownCode).join(', ');
export const didYouMean = (suggestion: string | undefined): string => (suggestion ? ` (did you mean ${suggestion}?)` : '');

/** The first version (oldest first) that has a name in a list it keeps, for "came in 2016-10-14". */
export function firstVersionWith(heat: HeatSchemaSource, has: (v: HeatTemplateVersion) => boolean): HeatTemplateVersion | undefined {
  return heat.templateVersions().find(has);
}

/** Keys of a definition that the version does not read. */
export function checkKeys(map: YAMLMap, allowed: readonly string[], what: string, doc: HotDocument, checker: HotChecker): void {
  for (const pair of map.items) {
    const name = keyName(pair);
    if (name === undefined || allowed.includes(name)) continue;
    const key = pair.key as Node;
    checker.report(
      'HT313',
      doc.rangeOf(key),
      () => `${name} is not a key of ${what}${didYouMean(checker.closest(allowed, name))}: it has ${quoted(allowed)}`,
    );
  }
}
