// A file split into lines once and parsed as its kind: what the linter and every language feature
// read (the document service keeps one per document version).
import type { FileType } from './fileType';
import { parseHot, type HotDocument } from './hot/hotDocument';
import { parseLocalConfLines, type LocalConfDocument } from './localConf';
import { parseLocalrcLines, type LocalrcDocument } from './localrc';
import { parseOsloLines, type OsloDocument } from './osloIni';
import { splitLines, type SourceLine } from './text';

export interface ParsedFile {
  readonly type: FileType;
  readonly lines: readonly SourceLine[];
  /** exactly one of these four, by type.kind */
  readonly localrc?: LocalrcDocument;
  readonly localConf?: LocalConfDocument;
  readonly oslo?: OsloDocument;
  readonly hot?: HotDocument;
}

/** The file's text again from its lines (a Heat template is parsed from the text, by the yaml library). */
const joined = (lines: readonly SourceLine[]): string => lines.map((l) => l.text + l.eol).join('');

/** `text`: the text the lines were split from, when the caller has it (else they are joined again) */
export function parseFileLines(lines: readonly SourceLine[], type: FileType, text?: string): ParsedFile {
  if (type.kind === 'localrc') return { type, lines, localrc: parseLocalrcLines(lines) };
  if (type.kind === 'local.conf') return { type, lines, localConf: parseLocalConfLines(lines) };
  if (type.kind === 'hot') return { type, lines, hot: parseHot(text ?? joined(lines), lines) };
  return { type, lines, oslo: parseOsloLines(lines) };
}

export function parseFile(text: string, type: FileType): ParsedFile {
  return parseFileLines(splitLines(text), type, text);
}
