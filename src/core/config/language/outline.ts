// Document symbols (outline, breadcrumbs, Go to Symbol) and folding ranges.
import type { LocalrcDocument } from '../localrc';
import type { OsloDocument } from '../osloIni';
import type { Range } from '../text';
import type { ParsedFile } from '../parsedFile';
import { hotFolds, hotOutline, type HotSymbolKind } from '../hot/hotOutline';

export type SymbolKind = 'meta-section' | 'section' | 'option' | 'variable' | 'call' | HotSymbolKind;

export interface OutlineSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: SymbolKind;
  readonly range: Range;
  readonly selectionRange: Range;
  readonly children: readonly OutlineSymbol[];
}

export interface Fold {
  /** 0-based first and last line */
  readonly start: number;
  readonly end: number;
}

function short(text: string, max = 60): string {
  const one = text.split('\n')[0];
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function lastNonBlank(lines: readonly { text: string }[], from: number, before: number): number {
  let end = before - 1;
  while (end > from && lines[end].text.trim() === '') end -= 1;
  return end;
}

function osloSymbols(doc: OsloDocument, endLine: number): OutlineSymbol[] {
  // sections and options are both in line order: each section's options are the next run of them
  let first = 0;
  return doc.sections.map((section, i) => {
    const next = doc.sections[i + 1]?.line ?? endLine;
    const last = lastNonBlank(doc.lines, section.line, next);
    while (first < doc.options.length && doc.options[first].line < section.line) first += 1;
    let end = first;
    while (end < doc.options.length && doc.options[end].line < next) end += 1;
    const options = doc.options.slice(first, end);
    first = end;
    return {
      name: `[${section.name}]`,
      detail: `${options.length} option${options.length === 1 ? '' : 's'}`,
      kind: 'section' as const,
      range: { start: section.range.start, end: { line: last, character: doc.lines[last].text.length } },
      selectionRange: section.nameRange,
      children: options.map((o) => ({
        name: o.key,
        detail: short(o.value),
        kind: 'option' as const,
        range: o.range,
        selectionRange: o.keyRange,
        children: [],
      })),
    };
  });
}

function localrcSymbols(doc: LocalrcDocument): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  for (const s of doc.statements) {
    if (s.kind === 'assignment')
      out.push({ name: s.name, detail: short(s.value), kind: 'variable', range: s.range, selectionRange: s.nameRange, children: [] });
    else if (s.kind === 'call')
      out.push({
        name: s.name,
        detail: s.args.map((a) => a.raw).join(' '),
        kind: 'call',
        range: s.range,
        selectionRange: s.nameRange,
        children: [],
      });
  }
  return out;
}

export function outline(parsed: ParsedFile): OutlineSymbol[] {
  if (parsed.hot) return hotOutline(parsed.hot);
  if (parsed.localrc) return localrcSymbols(parsed.localrc);
  if (parsed.oslo) return osloSymbols(parsed.oslo, parsed.oslo.lines.length);
  const doc = parsed.localConf;
  if (!doc) return [];
  return doc.sections.map((section) => {
    const last = lastNonBlank(doc.lines, section.line, section.bodyEnd);
    return {
      name: `[[${section.phase}|${section.file}]]`,
      detail: section.body.kind === 'localrc' ? 'localrc' : 'INI',
      kind: 'meta-section' as const,
      range: { start: section.headerRange.start, end: { line: last, character: doc.lines[last].text.length } },
      selectionRange: section.headerRange,
      children:
        section.body.kind === 'localrc' ? localrcSymbols(section.body.document) : osloSymbols(section.body.document, section.bodyEnd),
    };
  });
}

/** Folding: local.conf meta-sections and INI sections, from the header to the last non-blank line; a template's mappings and lists. */
export function foldingRanges(parsed: ParsedFile): Fold[] {
  if (parsed.hot) return hotFolds(parsed.hot);
  const folds: Fold[] = [];
  const walk = (symbols: readonly OutlineSymbol[]): void => {
    for (const s of symbols) {
      if ((s.kind === 'meta-section' || s.kind === 'section') && s.range.end.line > s.range.start.line)
        folds.push({ start: s.range.start.line, end: s.range.end.line });
      walk(s.children);
    }
  };
  walk(outline(parsed));
  return folds;
}
