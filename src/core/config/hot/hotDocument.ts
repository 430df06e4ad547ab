// A Heat Orchestration Template parsed by the `yaml` library (YAML 1.1 as Heat's PyYAML loader reads
// it, with dates kept as strings), its nodes' offsets turned into our ranges, and the template's
// sections picked out: the model the HOT rules and language features read. A text YAML cannot
// parse still gives a document: YAML's own errors, at their ranges, and whatever it could read.
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Position, Range, SourceLine } from '../text';

/** A name written in the template, where it is written. */
export interface HotName {
  readonly value: string;
  readonly range: Range;
}

export type HotProblemKind = 'error' | 'warning' | 'duplicate-key' | 'too-deep';

/** What YAML itself says about the text. */
export interface HotProblem {
  readonly kind: HotProblemKind;
  readonly message: string;
  readonly range: Range;
}

/** One `name: value` of a section: a parameter, a resource, an output, a condition, or a section itself. */
export interface HotEntry {
  readonly name: string;
  readonly nameRange: Range;
  /** the key and its value */
  readonly range: Range;
  readonly value: Node | null;
}

export interface HotResource extends HotEntry {
  /** the definition, when it is a mapping */
  readonly definition?: YAMLMap;
  readonly type?: HotName;
}

export interface HotDocument {
  readonly problems: readonly HotProblem[];
  /** the top-level mapping; none when the text is not one (empty, a list, a scalar) */
  readonly root?: YAMLMap;
  readonly version?: HotName;
  readonly sections: readonly HotEntry[];
  readonly parameters: readonly HotEntry[];
  readonly resources: readonly HotResource[];
  readonly outputs: readonly HotEntry[];
  readonly conditions: readonly HotEntry[];
  /** where a node is (its value, without what follows it) */
  rangeOf(node: Node): Range;
  positionAt(offset: number): Position;
}

/** Deeper nesting of [ ] and { } than this is not parsed: the YAML composer recurses once per level. */
export const MAX_FLOW_DEPTH = 1_000;

/**
 * The deepest nesting of flow brackets outside quoted scalars and comments: a linear scan that only
 * guards the parser (a quote counts where a flow scalar can start, after [ { , : or a space).
 */
function flowDepth(text: string): { depth: number; at: number } {
  let depth = 0;
  let max = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const before = i === 0 ? '\n' : text[i - 1];
    if (c === '#' && (before === ' ' || before === '\t' || before === '\n')) {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end;
    } else if ((c === '"' || c === "'") && depth > 0 && '[{,: \t\n'.includes(before)) {
      // to the closing quote ('' in single quotes and \" in double quotes do not close)
      for (i += 1; i < text.length; i++) {
        if (c === '"' && text[i] === '\\') i += 1;
        else if (text[i] === c && !(c === "'" && text[i + 1] === "'")) break;
        else if (c === "'" && text[i] === "'") i += 1;
      }
    } else if (c === '[' || c === '{') {
      depth += 1;
      if (depth > max) [max, at] = [depth, i];
    } else if ((c === ']' || c === '}') && depth > 0) depth -= 1;
  }
  return { depth: max, at };
}

/** Offsets to positions over the lines the text was split into (a binary search per position). */
function positionFinder(lines: readonly SourceLine[]): (offset: number) => Position {
  return (offset) => {
    let low = 0;
    let high = lines.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lines[mid].offset <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: Math.min(Math.max(0, offset - lines[low].offset), lines[low].text.length) };
  };
}

/** A key's text: a string as written, a number or boolean key as YAML reads it. */
export function keyName(pair: Pair): string | undefined {
  const key = pair.key;
  if (!isScalar(key)) return undefined;
  return key.value === null ? undefined : String(key.value);
}

/** A scalar's string value (numbers and booleans as text); none for a mapping, a list, an alias or null. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return typeof node.value === 'object' ? undefined : String(node.value);
}

/** The keys written again later in their mapping (a Set per mapping, an explicit stack: linear, any depth). */
function duplicateKeys(root: unknown): Node[] {
  const found: Node[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isSeq(node)) for (const item of node.items) stack.push(item);
    if (!isMap(node)) continue;
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = pair.key;
      if (isScalar(key) && key.range) {
        const name = String(key.value);
        if (seen.has(name)) found.push(key);
        seen.add(name);
      }
      stack.push(pair.value);
    }
  }
  return found;
}

const SECTION_KEYS = { parameters: 'parameters', resources: 'resources', outputs: 'outputs', conditions: 'conditions' } as const;

interface Ranges {
  positionAt(offset: number): Position;
  rangeAt(start: number, end: number): Range;
  rangeOf(node: Node): Range;
}

function rangesOver(lines: readonly SourceLine[]): Ranges {
  const positionAt = positionFinder(lines);
  const rangeAt = (start: number, end: number): Range => {
    const from = positionAt(start);
    const to = positionAt(end);
    // a block's range runs to the start of the next line: it ends at the end of its own last line
    if (to.character === 0 && to.line > from.line && end >= lines[to.line].offset) {
      const line = to.line - 1;
      return { start: from, end: { line, character: lines[line].text.length } };
    }
    return { start: from, end: to };
  };
  const rangeOf = (node: Node): Range => (node.range ? rangeAt(node.range[0], node.range[1]) : rangeAt(0, 0));
  return { positionAt, rangeAt, rangeOf };
}

function parseYaml(text: string): Document.Parsed {
  return parseDocument(text, {
    version: '1.1',
    prettyErrors: false,
    // the library compares each key with every earlier one (quadratic in a mapping's size): duplicateKeys does it linearly
    uniqueKeys: false,
    // Heat's loader reads timestamps as strings: heat_template_version: 2016-10-14 is text
    customTags: (tags) => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
  });
}

function problemsOf(doc: Document.Parsed, { rangeAt, rangeOf }: Ranges): HotProblem[] {
  return [
    ...doc.errors.map((e): HotProblem => ({ kind: 'error', message: e.message, range: rangeAt(e.pos[0], Math.max(e.pos[1], e.pos[0])) })),
    ...doc.warnings.map((e): HotProblem => ({ kind: 'warning', message: e.message, range: rangeAt(e.pos[0], e.pos[1]) })),
    ...duplicateKeys(doc.contents).map((key): HotProblem => ({
      kind: 'duplicate-key',
      message: 'Map keys must be unique',
      range: rangeOf(key),
    })),
  ];
}

/** The `name: value` pairs of a mapping (none for anything else). */
function entriesOf(node: Node | null, { rangeAt, rangeOf }: Ranges): HotEntry[] {
  if (!isMap(node)) return [];
  return node.items.flatMap((pair): HotEntry[] => {
    const name = keyName(pair);
    const key = pair.key as Node;
    if (name === undefined || !key.range) return [];
    const value = (pair.value as Node | null) ?? null;
    const end = value?.range ? value.range[1] : key.range[1];
    return [{ name, nameRange: rangeOf(key), range: rangeAt(key.range[0], end), value }];
  });
}

function resourceOf(entry: HotEntry, { rangeOf }: Ranges): HotResource {
  const definition = isMap(entry.value) ? entry.value : undefined;
  const typePair = definition ? [...definition.items].reverse().find((p) => keyName(p) === 'type') : undefined;
  const typeText = scalarText(typePair?.value);
  const typeNode = typePair?.value as Node | undefined;
  return { ...entry, definition, type: typeText !== undefined && typeNode ? { value: typeText, range: rangeOf(typeNode) } : undefined };
}

export function parseHot(text: string, lines: readonly SourceLine[]): HotDocument {
  const ranges = rangesOver(lines);
  const empty = {
    sections: [],
    parameters: [],
    resources: [],
    outputs: [],
    conditions: [],
    rangeOf: ranges.rangeOf,
    positionAt: ranges.positionAt,
  };
  const deep = flowDepth(text);
  if (deep.depth > MAX_FLOW_DEPTH) {
    const message = `not parsed: [ ] or { } nested more than ${MAX_FLOW_DEPTH} levels deep (no Heat template needs that many)`;
    return { ...empty, problems: [{ kind: 'too-deep', message, range: ranges.rangeAt(deep.at, deep.at + 1) }] };
  }
  const doc = parseYaml(text);
  const problems = problemsOf(doc, ranges);
  const root = isMap(doc.contents) ? doc.contents : undefined;
  if (!root) return { ...empty, problems };
  const sections = entriesOf(root, ranges);
  // PyYAML keeps the last of keys written twice
  const last = (name: string): HotEntry | undefined => [...sections].reverse().find((s) => s.name === name);
  const section = (name: string): HotEntry[] => entriesOf(last(name)?.value ?? null, ranges);
  const versionEntry = last('heat_template_version');
  const versionText = scalarText(versionEntry?.value);
  const version =
    versionEntry?.value && versionText !== undefined ? { value: versionText, range: ranges.rangeOf(versionEntry.value) } : undefined;
  return {
    ...empty,
    problems,
    root,
    version,
    sections,
    parameters: section(SECTION_KEYS.parameters),
    resources: section(SECTION_KEYS.resources).map((entry) => resourceOf(entry, ranges)),
    outputs: section(SECTION_KEYS.outputs),
    conditions: section(SECTION_KEYS.conditions),
  };
}
