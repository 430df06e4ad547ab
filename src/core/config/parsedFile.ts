// A file split into lines once and parsed as its kind: what the linter and every language feature
// read (the document service keeps one per document version).
import type { FileType } from './fileType';
import { parseLocalConfLines, type LocalConfDocument } from './localConf';
import { parseLocalrcLines, type LocalrcDocument } from './localrc';
import { parseOsloLines, type OsloDocument } from './osloIni';
import { splitLines, type SourceLine } from './text';

export interface ParsedFile {
  readonly type: FileType;
  readonly lines: readonly SourceLine[];
  /** exactly one of these three, by type.kind */
  readonly localrc?: LocalrcDocument;
  readonly localConf?: LocalConfDocument;
  readonly oslo?: OsloDocument;
}

export function parseFileLines(lines: readonly SourceLine[], type: FileType): ParsedFile {
  if (type.kind === 'localrc') return { type, lines, localrc: parseLocalrcLines(lines) };
  if (type.kind === 'local.conf') return { type, lines, localConf: parseLocalConfLines(lines) };
  return { type, lines, oslo: parseOsloLines(lines) };
}

export function parseFile(text: string, type: FileType): ParsedFile {
  return parseFileLines(splitLines(text), type);
}
