// The status bar item that says which release the active config file is checked against; clicking
// it picks another (the setting devstackContrail.release).
import * as vscode from 'vscode';
import type { CommandId } from '../commands/ids';
import { readLintSettings, writeRelease } from '../config';
import type { DevstackContext } from '../context';
import { RELEASES, RELEASE_LABELS } from '../core/schema/releases';
import { escapeMarkdown } from '../core/text/markdown';
import { fileTypeOfDocument } from './documents';
import type { LintService } from './diagnostics';

export const PICK_RELEASE_COMMAND: CommandId = 'devstackContrail.pickRelease';

export function registerReleaseStatus(ctx: DevstackContext, lints: LintService): vscode.StatusBarItem {
  const item = ctx.track(vscode.window.createStatusBarItem('devstackContrail.release', vscode.StatusBarAlignment.Right, 100));
  item.name = 'DevStack release';
  item.command = PICK_RELEASE_COMMAND;
  const update = (): void => {
    const document = vscode.window.activeTextEditor?.document;
    // the result of the last lint: the status follows diagnostics, it never lints by itself
    const linted = document && fileTypeOfDocument(document) ? lints.result(document) : undefined;
    // a Heat template is checked against Heat's data, which no devstack release changes
    if (!linted || linted.result.type.kind === 'hot') {
      item.hide();
      return;
    }
    const { release, reason } = linted.result.release;
    item.text = `$(versions) ${RELEASE_LABELS[release].split(' ')[0]}`;
    // the reason quotes the document (NOVA_BRANCH=…, the modeline): shown as written
    item.tooltip = new vscode.MarkdownString(
      `Checked against **${RELEASE_LABELS[release]}** — ${escapeMarkdown(reason)}.\n\nClick to choose another release.`,
    );
    item.show();
  };
  ctx.track(vscode.window.onDidChangeActiveTextEditor(update));
  ctx.track(
    lints.onDidLint((uri) => {
      if (uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) update();
    }),
  );
  update();
  return item;
}

/** "Choose the Release Config Files Are Checked Against…": writes devstackContrail.release. */
export async function pickRelease(): Promise<void> {
  const current = readLintSettings(vscode.window.activeTextEditor?.document.uri).release;
  const picks: (vscode.QuickPickItem & { release: string })[] = [
    { release: 'auto', label: 'Auto', description: 'modeline, *_BRANCH values, or the release that fits the file best' },
    ...[...RELEASES].reverse().map((r) => ({ release: r, label: RELEASE_LABELS[r] })),
  ].map((p) => ({ ...p, picked: p.release === current, detail: p.release === current ? 'current setting' : undefined }));
  const choice = await vscode.window.showQuickPick(picks, {
    title: 'Check devstack and OpenStack config files against…',
    placeHolder: 'A "# devstack-contrail: release=…" comment in a file still wins',
  });
  if (choice) await writeRelease(choice.release);
}
