// Which devstack/oslo file a VS Code document is, for the core linter and language services.
import * as vscode from 'vscode';
import { MAX_LINT_INPUT_BYTES } from '../core/config/limits';
import { fileTypeOf, type FileType } from '../core/config/lint/lint';

export const LANGUAGE_IDS = ['devstack-localrc', 'devstack-local-conf', 'oslo-conf', 'rootwrap-filters'] as const;

export const DOCUMENT_SELECTOR: vscode.DocumentSelector = LANGUAGE_IDS.flatMap((language) => [
  { language, scheme: 'file' }, { language, scheme: 'untitled' }, { language, scheme: 'devstack-ssh' }, { language, scheme: 'vscode-remote' },
]);

export function fileTypeOfDocument(document: vscode.TextDocument): FileType | undefined {
  switch (document.languageId) {
    case 'devstack-localrc': return { kind: 'localrc' };
    case 'devstack-local-conf': return { kind: 'local.conf' };
    case 'oslo-conf': {
      const byName = fileTypeOf(document.fileName);
      return byName?.kind === 'oslo' ? byName : { kind: 'oslo' };
    }
    case 'rootwrap-filters': return { kind: 'oslo' };
    default: return undefined;
  }
}

export function toPosition(p: { line: number; character: number }): vscode.Position {
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
