// Which devstack/oslo/Heat file a VS Code document is, for the core linter and language services.
import * as vscode from 'vscode';
import { CONTENT_PREFIX_CHARS, detectFileType, type FileType } from '../core/config/fileType';
import { MAX_LINT_INPUT_BYTES } from '../core/config/limits';
import type { DocumentSnapshot } from '../core/config/language/documentService';

const LANGUAGE_IDS = ['devstack-localrc', 'devstack-local-conf', 'oslo-conf', 'rootwrap-filters', 'heat-hot'] as const;

/** The schemes of documents the extension works on (files, new files, remote hosts). */
export const SCHEMES = ['file', 'untitled', 'devstack-ssh', 'vscode-remote'] as const;

export const DOCUMENT_SELECTOR: vscode.DocumentSelector = LANGUAGE_IDS.flatMap((language) =>
  SCHEMES.map((scheme) => ({ language, scheme })),
);

/** The language of each kind of file. */
export const LANGUAGE_OF_KIND: Readonly<Record<FileType['kind'], (typeof LANGUAGE_IDS)[number]>> = {
  localrc: 'devstack-localrc',
  'local.conf': 'devstack-local-conf',
  oslo: 'oslo-conf',
  hot: 'heat-hot',
};

/** The start of a document, as much as content detection reads. */
export function documentPrefix(document: vscode.TextDocument): string {
  return document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(CONTENT_PREFIX_CHARS)));
}

// an oslo-conf document's service from its content, once per version (hover and completion ask often)
const osloServices = new WeakMap<vscode.TextDocument, { version: number; type: FileType }>();

function osloTypeOf(document: vscode.TextDocument): FileType {
  const cached = osloServices.get(document);
  if (cached?.version === document.version) return cached.type;
  const detected = detectFileType(document.fileName, documentPrefix(document))?.type;
  const type: FileType = detected?.kind === 'oslo' ? detected : { kind: 'oslo' };
  osloServices.set(document, { version: document.version, type });
  return type;
}

export function fileTypeOfDocument(document: vscode.TextDocument): FileType | undefined {
  switch (document.languageId) {
    case 'devstack-localrc':
      return { kind: 'localrc' };
    case 'devstack-local-conf':
      return { kind: 'local.conf' };
    case 'oslo-conf':
      return osloTypeOf(document);
    case 'rootwrap-filters':
      return { kind: 'oslo' };
    case 'heat-hot':
      return { kind: 'hot' };
    default:
      return undefined;
  }
}

function toPosition(p: { line: number; character: number }): vscode.Position {
  return new vscode.Position(p.line, p.character);
}

export function toRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(toPosition(r.start), toPosition(r.end));
}

/** The document's length in UTF-16 code units, without copying its text (a UTF-8 byte count is at least this). */
export function documentLength(document: vscode.TextDocument): number {
  return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}

/** Over the lint size limit for certain: its text is not copied out, linted or parsed for language features. */
export function isTooLargeToRead(document: vscode.TextDocument): boolean {
  return documentLength(document) > MAX_LINT_INPUT_BYTES;
}

/** The document's current version for core's document service (its text read only if not parsed yet). */
export function snapshotOf(document: vscode.TextDocument, type: FileType): DocumentSnapshot {
  return { uri: document.uri.toString(), version: document.version, type, getText: () => document.getText() };
}
