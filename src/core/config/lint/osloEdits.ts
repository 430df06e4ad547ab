// Line-preserving edits of oslo INI documents: rename, move to another section, delete, insert above.
// Each touches only the lines it must, like devstack's iniset.
import type { OsloDocument, OsloOption } from '../osloIni';
import { normalizeGroup } from '../../schema/catalog';
import { range, type TextEdit } from '../text';

function eolOf(doc: OsloDocument): string {
  return doc.lines.find((l) => l.eol !== '')?.eol ?? '\n';
}

/** Deletes the option's lines (continuations included). */
export function deleteOptionEdit(doc: OsloDocument, option: OsloOption): TextEdit {
  const next = option.endLine + 1;
  if (next < doc.lines.length) return { range: range(option.line, 0, next, 0), newText: '' };
  // the last line of the file: take the end-of-line before it instead
  const previous = option.line - 1;
  if (previous >= 0)
    return { range: range(previous, doc.lines[previous].text.length, option.endLine, doc.lines[option.endLine].text.length), newText: '' };
  return { range: range(option.line, 0, option.endLine, doc.lines[option.endLine].text.length), newText: '' };
}

export function renameKeyEdit(option: OsloOption, newKey: string): TextEdit {
  return { range: option.keyRange, newText: newKey };
}

/** Per document: the first section of each group, and the last two options of each section. */
interface SectionIndex {
  readonly firstOfGroup: ReadonlyMap<string, number>;
  /** by section index; two, because the last one may be the option being moved out */
  readonly lastOptions: readonly (readonly OsloOption[])[];
}

// built once per document: a lint makes a move fix for every misplaced option, each needing this
const sectionIndexes = new WeakMap<OsloDocument, SectionIndex>();

function sectionIndexOf(doc: OsloDocument): SectionIndex {
  const cached = sectionIndexes.get(doc);
  if (cached) return cached;
  const firstOfGroup = new Map<string, number>();
  doc.sections.forEach((s, i) => {
    if (!firstOfGroup.has(normalizeGroup(s.name))) firstOfGroup.set(normalizeGroup(s.name), i);
  });
  const lastOptions: OsloOption[][] = doc.sections.map(() => []);
  let section = -1;
  for (const option of doc.options) {
    while (section + 1 < doc.sections.length && doc.sections[section + 1].line < option.line) section += 1;
    if (section < 0) continue;
    const tail = lastOptions[section];
    tail.push(option);
    if (tail.length > 2) tail.shift();
  }
  const index = { firstOfGroup, lastOptions };
  sectionIndexes.set(doc, index);
  return index;
}

/** Where a new line for `group` goes: after the group's last line in [firstLine, endLine), or a new section at the end. */
function insertIntoSectionEdit(
  doc: OsloDocument,
  group: string,
  text: string,
  bounds: { firstLine: number; endLine: number },
  moving?: OsloOption,
): TextEdit {
  const moved = (line: number): boolean => moving !== undefined && line >= moving.line && line <= moving.endLine;
  const eol = eolOf(doc);
  const index = sectionIndexOf(doc);
  const found = index.firstOfGroup.get(normalizeGroup(group));
  if (found !== undefined) {
    const kept = index.lastOptions[found].filter((o) => !moved(o.line));
    const last = Math.max(doc.sections[found].line, kept[kept.length - 1]?.endLine ?? -1);
    return { range: range(last, doc.lines[last].text.length, last, doc.lines[last].text.length), newText: `${eol}${text}` };
  }
  // a new section after the last non-blank line of the region
  let last = bounds.endLine - 1;
  while (last > bounds.firstLine && (doc.lines[last].text.trim() === '' || moved(last))) last -= 1;
  const at = Math.max(last, 0);
  const prefix = doc.lines[at]?.text.trim() === '' && at === bounds.firstLine ? '' : `${eol}${eol}`;
  return { range: range(at, doc.lines[at].text.length, at, doc.lines[at].text.length), newText: `${prefix}[${group}]${eol}${text}` };
}

export function moveOptionEdits(
  doc: OsloDocument,
  option: OsloOption,
  group: string,
  key: string,
  bounds: { firstLine: number; endLine: number },
): TextEdit[] {
  return [
    deleteOptionEdit(doc, option),
    insertIntoSectionEdit(doc, group, `${key} = ${option.value.replace(/\n/g, `${eolOf(doc)}    `)}`, bounds, option),
  ];
}

/** Splits `value  # comment` into `value` and a comment line above the option. */
export function inlineCommentEdits(doc: OsloDocument, option: OsloOption, hashIndex: number): TextEdit[] {
  const lineText = doc.lines[option.line].text;
  const comment = lineText.slice(hashIndex).trimEnd();
  const valueEnd = lineText.slice(0, hashIndex).trimEnd().length;
  return [
    { range: range(option.line, 0, option.line, 0), newText: `${comment}${eolOf(doc)}` },
    { range: range(option.line, valueEnd, option.line, lineText.length), newText: '' },
  ];
}

/**
 * devstack's `iniset FILE SECTION OPTION VALUE` as one edit: replaces the value of the last such option
 * in the section (the one oslo.config reads), or adds the option — and the section if need be.
 */
export function setOptionEdit(doc: OsloDocument, section: string, key: string, value: string): TextEdit {
  const target = normalizeGroup(section);
  const existing = [...doc.options]
    .reverse()
    .find((o) => o.section !== undefined && normalizeGroup(o.section) === target && o.key.replace(/-/g, '_') === key.replace(/-/g, '_'));
  if (existing) {
    const end =
      existing.endLine === existing.line
        ? existing.valueRange.end
        : { line: existing.endLine, character: doc.lines[existing.endLine].text.length };
    return { range: { start: existing.valueRange.start, end }, newText: value };
  }
  return insertIntoSectionEdit(doc, section, `${key} = ${value}`, { firstLine: 0, endLine: doc.lines.length });
}
