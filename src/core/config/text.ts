// Positions, ranges and line access shared by the parsers. Lines and characters are 0-based (as in
// the VS Code API); the CLI adds 1 when it prints.

export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export function range(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

export function lineRange(line: number, start: number, end: number): Range {
  return range(line, start, line, end);
}

export interface SourceLine {
  /** the line's text without its end-of-line */
  readonly text: string;
  /** '\n', '\r\n', '\r' or '' for the last line */
  readonly eol: string;
  /** offset of the line's first character in the whole text */
  readonly offset: number;
}

/** Splits text into lines keeping each line's own end-of-line, so joining them gives the text back. */
export function splitLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let start = 0;
  // indexOf beats a regex here (this runs on every keystroke); each search is redone only once passed
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  while (lf >= 0 || cr >= 0) {
    const at = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
    const eol = at === cr && text.charCodeAt(cr + 1) === 10 ? '\r\n' : text[at];
    lines.push({ text: text.slice(start, at), eol, offset: start });
    start = at + eol.length;
    if (lf >= 0 && lf < start) lf = text.indexOf('\n', start);
    if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
  }
  lines.push({ text: text.slice(start), eol: '', offset: start });
  return lines;
}

/** The length of the first line (up to the first CR or LF), without splitting the text. */
export function firstLineLength(text: string): number {
  const end = text.search(/[\r\n]/);
  return end < 0 ? text.length : end;
}

export function offsetAt(lines: readonly SourceLine[], position: Position): number {
  const line = lines[Math.min(position.line, lines.length - 1)];
  return line.offset + Math.min(position.character, line.text.length + line.eol.length);
}

/** Applies non-overlapping edits (in any order) to text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = splitLines(text);
  const spans = edits
    .map((e) => ({ start: offsetAt(lines, e.range.start), end: offsetAt(lines, e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  let limit = Infinity;
  for (const span of spans) {
    if (span.end > limit) throw new Error('overlapping edits');
    result = result.slice(0, span.start) + span.text + result.slice(span.end);
    limit = span.start;
  }
  return result;
}

export function containsPosition(r: Range, p: Position): boolean {
  if (p.line < r.start.line || p.line > r.end.line) return false;
  if (p.line === r.start.line && p.character < r.start.character) return false;
  if (p.line === r.end.line && p.character > r.end.character) return false;
  return true;
}
