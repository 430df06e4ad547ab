// Gives a document one of our languages when VS Code opened it as plain text, INI or properties (or
// a shell script named like a localrc) and core's detection says it is ours: seed-local.conf,
// nova.conf.rpmnew, an extension-less file that starts with [[local|localrc]]. Only a bounded prefix
// of the text is read; the decision is core's (kindToAdopt), this file only applies it.
import * as vscode from 'vscode';
import type { DevstackContext } from '../context';
import { kindToAdopt } from '../core/config/fileType';
import { documentPrefix, LANGUAGE_OF_KIND, SCHEMES } from './documents';

async function adoptLanguage(document: vscode.TextDocument): Promise<void> {
  if (!(SCHEMES as readonly string[]).includes(document.uri.scheme)) return;
  const detection = kindToAdopt(document.languageId, document.fileName, documentPrefix(document));
  if (!detection) return;
  // VS Code closes and reopens the document in its new language: the linter sees it as opened
  await vscode.languages.setTextDocumentLanguage(document, LANGUAGE_OF_KIND[detection.type.kind]);
}

export function registerLanguageDetection(ctx: DevstackContext): void {
  const adopt = (document: vscode.TextDocument): void => {
    adoptLanguage(document).catch(() => undefined); // a document closed meanwhile keeps its language
  };
  ctx.track(vscode.workspace.onDidOpenTextDocument(adopt));
  for (const document of vscode.workspace.textDocuments) adopt(document);
}
