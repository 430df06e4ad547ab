// Lints open devstack/oslo documents on open and on change (debounced; a run for an old version is
// dropped) and publishes the findings as diagnostics whose code links to docs/rules.md.
import * as vscode from 'vscode';
import { affectsLint, readLintSettings } from '../config';
import type { DevstackContext } from '../context';
import { DocumentService, type DocumentSnapshot } from '../core/config/language/documentService';
import { notLintedResult, type LintOptions, type LintResult } from '../core/config/lint/lint';
import type { Finding } from '../core/config/lint/findings';
import { ruleTags, type RuleTag } from '../core/config/lint/ruleCatalog';
import { CheckoutStackrcs } from './checkoutStackrc';
import { documentLength, fileTypeOfDocument, isTooLargeToRead, snapshotOf, toRange } from './documents';

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

const TAG: Record<RuleTag, vscode.DiagnosticTag> = {
  deprecated: vscode.DiagnosticTag.Deprecated,
  unnecessary: vscode.DiagnosticTag.Unnecessary,
};

/** how long typing must pause before a lint; a full lint of 10,000 lines takes under 10 ms */
const DEBOUNCE_MS = 25;
/** a lint slower than this (tens of thousands of lines) blocks the extension host noticeably */
const SLOW_LINT_MS = 50;
/** after an edit, such a document waits this many times as long as its last lint: the host stays free while typing */
const SLOW_LINT_PAUSE_FACTOR = 3;

export interface LintedDocument {
  readonly version: number;
  readonly result: LintResult;
  /** diagnostics in the order of result.findings */
  readonly diagnostics: readonly vscode.Diagnostic[];
  /** how long the lint itself took (ms) */
  readonly durationMs: number;
}

/** What a Heat template is checked against besides the offline data: a cloud's schemas and facts (cloudTemplateChecks.ts). */
export type HeatTemplateOptions = (
  document: vscode.TextDocument,
  snapshot: DocumentSnapshot,
) => Pick<LintOptions, 'heat' | 'cloudFacts'> | undefined;

export class LintService implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('devstack-contrail');
  private readonly results = new Map<string, LintedDocument>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** fires after a document's diagnostics were published */
  readonly onDidLint = this.changed.event;
  /** each document version parsed once, for the lint and every language feature */
  readonly documents = new DocumentService();

  /** the stackrc of the checkout each document sits in (its release), read in the background */
  private readonly stackrcs = new CheckoutStackrcs((uri) => {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (document) this.schedule(document);
  });

  /** a Heat template's cloud checks, when there are any */
  private heatOptions?: HeatTemplateOptions;

  constructor(private readonly rulesDoc: vscode.Uri) {}

  /** Heat templates are linted with what this gives from now on. */
  setHeatTemplateOptions(options: HeatTemplateOptions): void {
    this.heatOptions = options;
  }

  result(document: vscode.TextDocument): LintedDocument | undefined {
    const linted = this.results.get(document.uri.toString());
    return linted && linted.version === document.version ? linted : undefined;
  }

  /** Lints now (used on open, and by features that need the result of the current version). */
  lintNow(document: vscode.TextDocument): LintedDocument | undefined {
    const type = fileTypeOfDocument(document);
    if (!type) return undefined;
    const key = document.uri.toString();
    const settings = readLintSettings(document.uri);
    if (!settings.enabled) {
      this.collection.delete(document.uri);
      this.results.delete(key);
      return undefined;
    }
    const started = performance.now();
    const options = {
      fileName: document.fileName,
      release: settings.release,
      releaseOrigin: 'setting devstackContrail.release',
      severity: settings.severity,
      stackrc: this.stackrcs.for(document.uri),
    };
    // a huge document is not copied out of the editor just to be refused (core checks the exact size)
    const tooLarge = isTooLargeToRead(document);
    const snapshot = snapshotOf(document, type);
    const heat = type.kind === 'hot' && !tooLarge ? this.heatOptions?.(document, snapshot) : undefined;
    const result = tooLarge
      ? notLintedResult(type, documentLength(document), document.lineAt(0).text.length, options)
      : this.documents.lint(snapshot, { ...options, ...heat });
    const diagnostics = result.findings.map((f) => this.toDiagnostic(f));
    const linted = { version: document.version, result, diagnostics, durationMs: performance.now() - started };
    this.results.set(key, linted);
    this.collection.set(document.uri, diagnostics);
    this.changed.fire(document.uri);
    return linted;
  }

  schedule(document: vscode.TextDocument): void {
    if (!fileTypeOfDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    const version = document.version;
    // a big document's lint blocks the extension host while it runs: wait for a longer pause in typing
    const last = this.results.get(key)?.durationMs ?? 0;
    const delay = last > SLOW_LINT_MS ? SLOW_LINT_PAUSE_FACTOR * last : DEBOUNCE_MS;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        // a newer edit has its own timer; a closed document is gone
        if (document.isClosed || document.version !== version) return;
        this.lintNow(document);
      }, delay),
    );
  }

  forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.results.delete(key);
    this.collection.delete(document.uri);
    this.documents.close(key);
  }

  relintAll(): void {
    for (const document of vscode.workspace.textDocuments) if (fileTypeOfDocument(document)) this.lintNow(document);
  }

  private toDiagnostic(f: Finding): vscode.Diagnostic {
    const diagnostic = new vscode.Diagnostic(toRange(f.range), f.message, SEVERITY[f.severity]);
    diagnostic.source = 'devstack-contrail';
    diagnostic.code = { value: f.code, target: this.rulesDoc.with({ fragment: f.code.toLowerCase() }) };
    const tags = ruleTags(f.code);
    if (tags.length > 0) diagnostic.tags = tags.map((tag) => TAG[tag]);
    return diagnostic;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.stackrcs.dispose();
    this.collection.dispose();
    this.changed.dispose();
  }
}

export function registerDiagnostics(ctx: DevstackContext): LintService {
  const service = ctx.track(new LintService(vscode.Uri.joinPath(ctx.extension.extensionUri, 'docs', 'rules.md')));
  ctx.track(vscode.workspace.onDidOpenTextDocument((d) => service.schedule(d)));
  ctx.track(
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) service.schedule(e.document);
    }),
  );
  ctx.track(vscode.workspace.onDidCloseTextDocument((d) => service.forget(d)));
  ctx.track(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsLint(e)) service.relintAll();
    }),
  );
  // documents already open when the extension activated (the one that activated it among them):
  // linted just after activate() returns, which must do no I/O (the option data is read on first lint)
  for (const document of vscode.workspace.textDocuments) service.schedule(document);
  return service;
}
