// The outline of a Heat template: its parameters, resources, outputs and conditions, each under its
// section, with the parameter's and the resource's type as detail.
import { isMap, isSeq, type Node } from 'yaml';
import type { Range } from '../text';
import { keyName, scalarText, type HotDocument, type HotEntry } from './hotDocument';

export type HotSymbolKind = 'section' | 'parameter' | 'resource' | 'output' | 'condition';

export interface HotSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: HotSymbolKind;
  readonly range: Range;
  readonly selectionRange: Range;
  readonly children: readonly HotSymbol[];
}

const SECTIONS: Readonly<Record<string, { readonly child: HotSymbolKind; readonly entries: (doc: HotDocument) => readonly HotEntry[] }>> = {
  parameters: { child: 'parameter', entries: (doc) => doc.parameters },
  resources: { child: 'resource', entries: (doc) => doc.resources },
  outputs: { child: 'output', entries: (doc) => doc.outputs },
  conditions: { child: 'condition', entries: (doc) => doc.conditions },
};

function short(text: string | undefined, max = 60): string {
  const one = (text ?? '').split('\n')[0];
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** a parameter's type, a resource's type, an output's description */
function detailOf(entry: HotEntry, field: 'type' | 'description'): string {
  if (!isMap(entry.value)) return '';
  return short(scalarText([...entry.value.items].reverse().find((p) => keyName(p) === field)?.value));
}

export function hotOutline(doc: HotDocument): HotSymbol[] {
  const seen = new Set<string>();
  const out: HotSymbol[] = [];
  // the last of a section written twice is the one Heat reads
  for (const section of [...doc.sections].reverse()) {
    const kind = Object.hasOwn(SECTIONS, section.name) ? SECTIONS[section.name] : undefined;
    if (!kind || seen.has(section.name)) continue;
    seen.add(section.name);
    const children = kind.entries(doc).map((e): HotSymbol => ({
      name: e.name,
      detail: detailOf(e, kind.child === 'output' ? 'description' : 'type'),
      kind: kind.child,
      range: e.range,
      selectionRange: e.nameRange,
      children: [],
    }));
    out.unshift({
      name: section.name,
      detail: `${children.length} ${section.name === 'parameters' ? 'parameter' : section.name.replace(/s$/, '')}${children.length === 1 ? '' : 's'}`,
      kind: 'section',
      range: section.range,
      selectionRange: section.nameRange,
      children,
    });
  }
  return out;
}

/** Folding: every key whose mapping or list runs over several lines, and every such list item (an explicit stack: any depth). */
export function hotFolds(doc: HotDocument): { start: number; end: number }[] {
  const folds: { start: number; end: number }[] = [];
  const stack: unknown[] = doc.root ? [doc.root] : [];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node))
      for (const pair of node.items) {
        const value = pair.value as Node | null;
        if (!isMap(value) && !isSeq(value)) continue;
        const start = doc.rangeOf(pair.key as Node).start.line;
        const end = doc.rangeOf(value).end.line;
        if (end > start) folds.push({ start, end });
        stack.push(value);
      }
    else if (isSeq(node))
      for (const item of node.items) {
        if (!isMap(item)) continue;
        const r = doc.rangeOf(item);
        if (r.end.line > r.start.line) folds.push({ start: r.start.line, end: r.end.line });
        stack.push(item);
      }
  }
  return folds.sort((a, b) => a.start - b.start || b.end - a.end);
}
