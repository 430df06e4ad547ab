// Quick fixes from the linter's fixes, "fix all of this kind", and "disable this rule here".
import * as vscode from 'vscode';
import type { DevstackContext } from '../context';
import type { Finding, Fix } from '../core/config/lint/findings';
import { DOCUMENT_SELECTOR, toRange } from './documents';
import type { LintService } from './diagnostics';

function workspaceEdit(uri: vscode.Uri, fixes: readonly Fix[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const fix of fixes) for (const e of fix.edits) edit.replace(uri, toRange(e.range), e.newText);
  return edit;
}

/** Certain fixes whose edits do not overlap (in document order), so one WorkspaceEdit can hold them all. */
function combinableFixes(findings: readonly Finding[]): Fix[] {
  const chosen: Fix[] = [];
  const taken: vscode.Range[] = [];
  for (const f of findings) {
    const fix = f.fixes?.find((x) => x.certain);
    if (!fix) continue;
    const ranges = fix.edits.map((e) => toRange(e.range));
    if (ranges.some((r) => taken.some((t) => t.intersection(r) !== undefined && !(t.isEmpty && r.isEmpty && !t.start.isEqual(r.start)))))
      continue;
    chosen.push(fix);
    taken.push(...ranges);
  }
  return chosen;
}

class LintCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.SourceFixAll.append('devstack-contrail')];

  constructor(private readonly lints: LintService) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const linted = this.lints.result(document) ?? this.lints.lintNow(document);
    if (!linted) return [];
    const { findings } = linted.result;
    if (context.only?.contains(vscode.CodeActionKind.SourceFixAll)) return this.fixAll(document, findings);
    const actions: vscode.CodeAction[] = [];
    findings.forEach((finding, index) => {
      const diagnostic = linted.diagnostics[index];
      if (
        !diagnostic.range.intersection(range) &&
        !context.diagnostics.some((d) => d.range.isEqual(diagnostic.range) && d.message === diagnostic.message)
      )
        return;
      for (const fix of finding.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = workspaceEdit(document.uri, [fix]);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.certain;
        actions.push(action);
      }
      const same = findings.filter((f) => f.code === finding.code);
      const all = combinableFixes(same);
      if (all.length > 1) {
        const action = new vscode.CodeAction(
          `Fix all ${finding.code} problems in this file (${all.length})`,
          vscode.CodeActionKind.QuickFix,
        );
        action.edit = workspaceEdit(document.uri, all);
        action.diagnostics = same.map((f) => linted.diagnostics[findings.indexOf(f)]);
        actions.push(action);
      }
      actions.push(this.disableAction(document, finding, diagnostic));
    });
    return actions;
  }

  private fixAll(document: vscode.TextDocument, findings: readonly Finding[]): vscode.CodeAction[] {
    const fixes = combinableFixes(findings);
    if (fixes.length === 0) return [];
    const action = new vscode.CodeAction(
      `Fix all certain devstack-contrail problems (${fixes.length})`,
      vscode.CodeActionKind.SourceFixAll.append('devstack-contrail'),
    );
    action.edit = workspaceEdit(document.uri, fixes);
    return [action];
  }

  private disableAction(document: vscode.TextDocument, finding: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction {
    const line = finding.range.start.line;
    const indent = /^\s*/.exec(document.lineAt(line).text)?.[0] ?? '';
    const action = new vscode.CodeAction(`Disable ${finding.code} for this line`, vscode.CodeActionKind.QuickFix);
    action.edit = new vscode.WorkspaceEdit();
    action.edit.insert(
      document.uri,
      new vscode.Position(line, 0),
      `${indent}# devstack-contrail: disable=${finding.code}${document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n'}`,
    );
    action.diagnostics = [diagnostic];
    return action;
  }
}

export function registerCodeActions(ctx: DevstackContext, lints: LintService): void {
  ctx.track(
    vscode.languages.registerCodeActionsProvider(DOCUMENT_SELECTOR, new LintCodeActions(lints), {
      providedCodeActionKinds: LintCodeActions.kinds,
    }),
  );
}
