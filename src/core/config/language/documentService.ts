// The language features over open documents, shaped like a language server's: a document is named by
// uri and version (LSP's VersionedTextDocumentIdentifier), and each version is split and parsed once,
// however many requests (lint, completion, hover, outline, folding) ask about it. The editor calls it
// today; a language server could wrap it without change.
import type { FileType } from '../fileType';
import { sizeOverLimit } from '../limits';
import { lintParsed, notLintedResult, type LintOptions, type LintResult } from '../lint/lint';
import { parseFile, type ParsedFile } from '../parsedFile';
import { firstLineLength, type Position } from '../text';
import type { Release } from '../../schema/releases';
import { completionsAt, type Completion } from './completion';
import { hoverAt, type Hover } from './hover';
import { foldingRanges, outline, type Fold, type OutlineSymbol } from './outline';

/** One version of a document, as the editor holds it. */
export interface DocumentSnapshot {
  readonly uri: string;
  readonly version: number;
  readonly type: FileType;
  /** its text: read only when this version is not parsed yet */
  getText(): string;
}

type Parse = (text: string, type: FileType) => ParsedFile;

interface Entry {
  readonly version: number;
  readonly type: FileType;
  /** none: the text is over the lint size limit and was not parsed */
  readonly file?: ParsedFile;
  readonly overLimit?: { readonly bytes: number; readonly firstLineLength: number };
}

const sameType = (a: FileType, b: FileType): boolean =>
  a.kind === b.kind && (a.kind !== 'oslo' || b.kind !== 'oslo' || a.service === b.service);

export class DocumentService {
  private readonly entries = new Map<string, Entry>();

  /** parse: how a text is parsed (a test counts the calls) */
  constructor(private readonly parse: Parse = parseFile) {}

  private entry(document: DocumentSnapshot): Entry {
    const known = this.entries.get(document.uri);
    if (known && known.version === document.version && sameType(known.type, document.type)) return known;
    const text = document.getText();
    const bytes = sizeOverLimit(text);
    const entry: Entry =
      bytes === undefined
        ? { version: document.version, type: document.type, file: this.parse(text, document.type) }
        : { version: document.version, type: document.type, overLimit: { bytes, firstLineLength: firstLineLength(text) } };
    this.entries.set(document.uri, entry);
    return entry;
  }

  /** The parse of this version; none for a document over the lint size limit. */
  parsed(document: DocumentSnapshot): ParsedFile | undefined {
    return this.entry(document).file;
  }

  lint(document: DocumentSnapshot, options: Omit<LintOptions, 'type'> = {}): LintResult {
    const { file, overLimit } = this.entry(document);
    if (file) return lintParsed(file, { ...options, type: document.type });
    return notLintedResult(document.type, overLimit?.bytes ?? 0, overLimit?.firstLineLength ?? 0, options);
  }

  completions(document: DocumentSnapshot, position: Position, release: Release): Completion[] {
    const file = this.parsed(document);
    return file ? completionsAt(file, position, release) : [];
  }

  hover(document: DocumentSnapshot, position: Position, release: Release): Hover | undefined {
    const file = this.parsed(document);
    return file && hoverAt(file, position, release);
  }

  outline(document: DocumentSnapshot): OutlineSymbol[] {
    const file = this.parsed(document);
    return file ? outline(file) : [];
  }

  foldingRanges(document: DocumentSnapshot): Fold[] {
    const file = this.parsed(document);
    return file ? foldingRanges(file) : [];
  }

  /** The document was closed: its parse is dropped. */
  close(uri: string): void {
    this.entries.delete(uri);
  }
}
