// devstack's local.conf: meta-sections `[[ phase | file ]]`, whose bodies are a localrc
// ([[local|localrc]]) or oslo INI for the file named (a $VARIABLE devstack knows, or a path).
import { parseLocalrcLines, type LocalrcDocument } from './localrc';
import { parseOsloLines, type OsloDocument } from './osloIni';
import { lineRange, splitLines, type Range, type SourceLine } from './text';

export interface MetaSection {
  readonly phase: string;
  readonly file: string;
  readonly line: number;
  readonly headerRange: Range;
  readonly phaseRange: Range;
  readonly fileRange: Range;
  /** body lines: [bodyStart, bodyEnd) */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  readonly body:
    { readonly kind: 'localrc'; readonly document: LocalrcDocument } | { readonly kind: 'ini'; readonly document: OsloDocument };
}

export interface LocalConfProblem {
  readonly code: 'outside-meta-section' | 'bad-meta-header';
  readonly message: string;
  readonly range: Range;
}

export interface LocalConfDocument {
  readonly lines: readonly SourceLine[];
  readonly sections: readonly MetaSection[];
  readonly problems: readonly LocalConfProblem[];
}

const HEADER = /^\[\[\s*([^|\]]*?)\s*\|\s*([^\]]*?)\s*\]\]\s*$/;

export function isLocalrcSection(phase: string, file: string): boolean {
  return phase === 'local' && file === 'localrc';
}

export function parseLocalConf(text: string): LocalConfDocument {
  return parseLocalConfLines(splitLines(text));
}

export function parseLocalConfLines(lines: readonly SourceLine[]): LocalConfDocument {
  const headers: { line: number; match: RegExpExecArray }[] = [];
  /** every line starting with [[, valid or not, ends the body before it */
  const boundaries: number[] = [];
  const problems: LocalConfProblem[] = [];
  lines.forEach((l, index) => {
    if (!l.text.startsWith('[[')) return;
    boundaries.push(index);
    const match = HEADER.exec(l.text);
    if (match) headers.push({ line: index, match });
    else
      problems.push({
        code: 'bad-meta-header',
        message: `"${l.text.trim()}" is not a meta-section header of the form [[phase|file]]`,
        range: lineRange(index, 0, l.text.length),
      });
  });
  const firstHeader = headers.length > 0 ? headers[0].line : lines.length;
  for (let line = 0; line < firstHeader; line++) {
    const t = lines[line].text.trim();
    // a line starting with [[ before the first header is a bad header, already reported
    if (t !== '' && !t.startsWith('#') && !lines[line].text.startsWith('[[')) {
      problems.push({
        code: 'outside-meta-section',
        message: 'local.conf ignores lines before the first [[phase|file]] header',
        range: lineRange(line, 0, lines[line].text.length),
      });
    }
  }
  // headers and boundaries are both in line order: the next boundary is found by walking, not searching
  let next = 0;
  const sections = headers.map(({ line, match }): MetaSection => {
    const text = lines[line].text;
    const phase = match[1];
    const file = match[2];
    const phaseStart = text.indexOf(phase, 2);
    const fileStart = text.indexOf(file, text.indexOf('|') + 1);
    const bodyStart = line + 1;
    while (next < boundaries.length && boundaries[next] <= line) next += 1;
    const bodyEnd = boundaries[next] ?? lines.length;
    const body = isLocalrcSection(phase, file)
      ? { kind: 'localrc' as const, document: parseLocalrcLines(lines, { firstLine: bodyStart, endLine: bodyEnd }) }
      : { kind: 'ini' as const, document: parseOsloLines(lines, { firstLine: bodyStart, endLine: bodyEnd }) };
    return {
      phase,
      file,
      line,
      bodyStart,
      bodyEnd,
      body,
      headerRange: lineRange(line, 0, text.trimEnd().length),
      phaseRange: lineRange(line, phaseStart, phaseStart + phase.length),
      fileRange: lineRange(line, fileStart, fileStart + file.length),
    };
  });
  return { lines, sections, problems };
}
