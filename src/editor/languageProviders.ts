// Completion, hover, outline and folding: thin adapters over src/core/config/language.
import * as vscode from 'vscode';
import type { DevstackContext } from '../context';
import type { CompletionKind } from '../core/config/language/completion';
import type { DocumentSnapshot } from '../core/config/language/documentService';
import type { OutlineSymbol, SymbolKind } from '../core/config/language/outline';
import type { Release } from '../core/schema/releases';
import { DEFAULT_RELEASE } from '../core/config/lint/release';
import { DOCUMENT_SELECTOR, fileTypeOfDocument, isTooLargeToRead, snapshotOf, toRange } from './documents';
import type { LintService } from './diagnostics';

const COMPLETION_KIND: Record<CompletionKind, vscode.CompletionItemKind> = {
  variable: vscode.CompletionItemKind.Variable,
  function: vscode.CompletionItemKind.Function,
  service: vscode.CompletionItemKind.Module,
  section: vscode.CompletionItemKind.Class,
  option: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
  phase: vscode.CompletionItemKind.Keyword,
  file: vscode.CompletionItemKind.File,
  snippet: vscode.CompletionItemKind.Snippet,
  type: vscode.CompletionItemKind.Class,
  property: vscode.CompletionItemKind.Property,
  reference: vscode.CompletionItemKind.Reference,
};

const SYMBOL_KIND: Record<SymbolKind, vscode.SymbolKind> = {
  'meta-section': vscode.SymbolKind.Namespace,
  section: vscode.SymbolKind.Module,
  option: vscode.SymbolKind.Property,
  variable: vscode.SymbolKind.Variable,
  call: vscode.SymbolKind.Function,
  parameter: vscode.SymbolKind.Variable,
  resource: vscode.SymbolKind.Object,
  output: vscode.SymbolKind.Field,
  condition: vscode.SymbolKind.Boolean,
};

/** The document for language features; none for a document over the lint size limit (never parsed). */
function readable(document: vscode.TextDocument): DocumentSnapshot | undefined {
  const type = isTooLargeToRead(document) ? undefined : fileTypeOfDocument(document);
  return type && snapshotOf(document, type);
}

function releaseOf(lints: LintService, document: vscode.TextDocument): Release {
  return (lints.result(document) ?? lints.lintNow(document))?.result.release.release ?? DEFAULT_RELEASE;
}

function toSymbol(s: OutlineSymbol): vscode.DocumentSymbol {
  const symbol = new vscode.DocumentSymbol(s.name, s.detail, SYMBOL_KIND[s.kind], toRange(s.range), toRange(s.selectionRange));
  symbol.children = s.children.map(toSymbol);
  return symbol;
}

/** A completion of core's language service as VS Code shows it. */
function toCompletionItem(c: ReturnType<LintService['documents']['completions']>[number]): vscode.CompletionItem {
  const item = new vscode.CompletionItem(c.label, COMPLETION_KIND[c.kind]);
  item.detail = c.detail;
  if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
  item.range = toRange(c.range);
  item.sortText = c.sortText;
  if (c.insertText !== undefined) item.insertText = c.kind === 'snippet' ? new vscode.SnippetString(c.insertText) : c.insertText;
  if (c.deprecated) item.tags = [vscode.CompletionItemTag.Deprecated];
  if (
    c.kind === 'option' ||
    (c.kind === 'variable' && c.insertText?.endsWith('=')) ||
    (c.kind === 'property' && c.insertText?.endsWith(': '))
  )
    item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest values' };
  return item;
}

export function registerLanguageProviders(ctx: DevstackContext, lints: LintService): void {
  ctx.track(
    vscode.languages.registerCompletionItemProvider(
      DOCUMENT_SELECTOR,
      {
        provideCompletionItems(document, position) {
          const snapshot = readable(document);
          return snapshot ? lints.documents.completions(snapshot, position, releaseOf(lints, document)).map(toCompletionItem) : [];
        },
      },
      '[',
      '|',
      '$',
      '=',
      ' ',
      '{',
      ':',
      ',',
    ),
  );
  ctx.track(
    vscode.languages.registerHoverProvider(DOCUMENT_SELECTOR, {
      provideHover(document, position) {
        const snapshot = readable(document);
        const hover = snapshot && lints.documents.hover(snapshot, position, releaseOf(lints, document));
        return hover ? new vscode.Hover(new vscode.MarkdownString(hover.markdown), toRange(hover.range)) : undefined;
      },
    }),
  );
  ctx.track(
    vscode.languages.registerDocumentSymbolProvider(
      DOCUMENT_SELECTOR,
      {
        provideDocumentSymbols(document) {
          const snapshot = readable(document);
          return snapshot ? lints.documents.outline(snapshot).map(toSymbol) : [];
        },
      },
      { label: 'DevStack' },
    ),
  );
  ctx.track(
    vscode.languages.registerFoldingRangeProvider(DOCUMENT_SELECTOR, {
      provideFoldingRanges(document) {
        const snapshot = readable(document);
        return snapshot
          ? lints.documents.foldingRanges(snapshot).map((f) => new vscode.FoldingRange(f.start, f.end, vscode.FoldingRangeKind.Region))
          : [];
      },
    }),
  );
}
