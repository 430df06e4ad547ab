// "Apply Contrail Setup…" and "Undo Contrail Setup" on a host of the Hosts view: plan, a diff editor per
// file (host ↔ proposed), a choice of steps, then apply with backups under a cancellable progress.
import * as vscode from 'vscode';
import { readProvisionSettings } from '../config';
import type { DevstackContext } from '../context';
import type { ApplyOutcome } from '../core/provision/apply';
import type { StepId } from '../core/provision/registry';
import { InvalidSettingError, type ProvisionSettings } from '../core/provision/settings';
import type { StepPlan } from '../core/provision/step';
import { hostName, type HostsFeature } from './hostsView';

const PLAN_SCHEME = 'devstack-contrail-plan';

/** Contents of the diff editors' two sides, by URI. */
class PlanDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  set(uri: vscode.Uri, text: string): void {
    this.contents.set(uri.toString(), text);
  }
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }
}

export interface ApplySetupOptions {
  /** skip the choice of steps and take every needed one (automation, tests) */
  readonly acceptAll?: boolean;
  readonly steps?: readonly StepId[];
}

/** The settings, or undefined after saying which one cannot be used (a value git would read as an option). */
function settings(): ProvisionSettings | undefined {
  try {
    return readProvisionSettings();
  } catch (error) {
    if (!(error instanceof InvalidSettingError)) throw error;
    void vscode.window.showErrorMessage(`Contrail setup: ${error.message}`);
    return undefined;
  }
}

async function showDiffs(documents: PlanDocuments, host: string, plans: readonly StepPlan[]): Promise<void> {
  const stamp = Date.now();
  for (const change of plans.flatMap((p) => p.changes)) {
    const left = vscode.Uri.from({ scheme: PLAN_SCHEME, authority: encodeURIComponent(host), path: change.path, query: `host-${stamp}` });
    const right = vscode.Uri.from({
      scheme: PLAN_SCHEME,
      authority: encodeURIComponent(host),
      path: change.path,
      query: `proposed-${stamp}`,
    });
    documents.set(left, change.before?.toString('utf8') ?? '');
    documents.set(right, change.after.toString('utf8'));
    await vscode.commands.executeCommand(
      'vscode.diff',
      left,
      right,
      `${host}:${change.path} (${change.before ? 'host ↔ proposed' : 'new file'})`,
      { preview: false },
    );
  }
}

/** The plan's diff documents, and where the commands a step runs write their output. */
export interface Provisioning {
  readonly documents: PlanDocuments;
  /** the output of the commands a step runs (git clone, pip install), to the log line by line as it comes */
  commandOutput(): (text: string) => void;
  readonly log: vscode.LogOutputChannel;
}

export function registerProvisioning(ctx: DevstackContext): Provisioning {
  const documents = new PlanDocuments();
  ctx.track(vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, documents));
  return { documents, commandOutput: () => logLines(ctx.log), log: ctx.log };
}

/** Streamed output as log lines: a line is logged once complete, as its last carriage return left it (clone progress). */
function logLines(log: vscode.LogOutputChannel): (text: string) => void {
  let partial = '';
  return (text) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const shown = line
        .split('\r')
        .filter((l) => l.trim())
        .pop();
      if (shown) log.info(shown);
    }
  };
}

/** "Apply Contrail Setup…": returns what was applied (for automation and tests). */
/** The steps to apply, all picked at first (the diffs are open beside); none when the user cancels. */
async function pickSteps(host: string, needed: StepPlan[]): Promise<StepPlan[]> {
  const picks = await vscode.window.showQuickPick(
    needed.map((p) => ({ label: p.id, description: p.message, picked: true, plan: p })),
    {
      canPickMany: true,
      title: `Apply to ${host} (the diffs are open)`,
      placeHolder: 'Steps to apply; files are backed up first and can be restored with Undo',
      ignoreFocusOut: true,
    },
  );
  return (picks ?? []).map((p) => p.plan);
}

/** Applies under a cancellable notification that names each step and the last line a command printed. */
function applyWithProgress(
  remote: HostsFeature['remote'],
  host: string,
  chosen: StepPlan[],
  log: ((text: string) => void) | undefined,
): Thenable<ApplyOutcome> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Applying the Contrail setup to ${host}`, cancellable: true },
    async (progress, token) =>
      remote.get().provisioning.apply(host, chosen, {
        onStep: (p) => {
          log?.(`\n== ${host}: ${p.id}\n`);
          progress.report({ message: p.id, increment: 100 / chosen.length });
        },
        // the last line of a command's output (clone progress, pip) as the notification's message
        onOutput:
          log &&
          ((text) => {
            log(text);
            const line = text
              .split(/[\r\n]+/)
              .filter((l) => l.trim())
              .pop();
            if (line) progress.report({ message: line.slice(0, 120) });
          }),
        cancelled: () => token.isCancellationRequested,
      }),
  );
}

export async function applySetup(
  { documents, commandOutput, log: output }: Provisioning,
  { remote }: HostsFeature,
  node: unknown,
  options?: unknown,
): Promise<unknown> {
  const host = hostName(node);
  if (!host) return;
  const opts = (options ?? {}) as ApplySetupOptions;
  const checked = settings();
  if (!checked) return;
  const { plans } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Planning the Contrail setup of ${host}…` },
    () => remote.get().provisioning.plan(host, checked, opts.steps),
  );
  const needed = plans.filter((p) => p.status === 'needed');
  // conflicts and unreadable files need a person; the other steps can still be applied
  const conflicts = plans.filter((p) => p.status === 'conflict' || p.status === 'unreadable');
  for (const c of conflicts) void vscode.window.showWarningMessage(`${host}: ${c.id}: ${c.message}`);
  if (needed.length === 0) {
    void vscode.window.showInformationMessage(
      `${host}: the Contrail setup is already applied${conflicts.length ? ` (${conflicts.length} step(s) to resolve by hand)` : ''}.`,
    );
    return { applied: [], plans };
  }
  await showDiffs(documents, host, needed);
  const chosen = opts.acceptAll ? needed : await pickSteps(host, needed);
  if (chosen.length === 0) return { applied: [], plans };
  const log = chosen.some((p) => p.commands?.length) ? commandOutput() : undefined;
  if (log) output.show(true);
  const outcome = await applyWithProgress(remote, host, chosen, log);
  // apply read the host again before returning: the Hosts tree already shows what it left
  void vscode.window.showInformationMessage(
    `${host}: applied ${outcome.applied.map((p) => p.id).join(', ')}; backup in ${outcome.backup}. "Undo Contrail Setup" restores it.`,
  );
  return { applied: outcome.applied.map((p) => p.id), backup: outcome.backup, plans };
}

/** "Undo Contrail Setup": restores the last backup set. */
export async function undoSetup(
  { commandOutput }: Provisioning,
  { remote }: HostsFeature,
  node: unknown,
  options?: unknown,
): Promise<unknown> {
  const host = hostName(node);
  if (!host) return;
  if (!(options as ApplySetupOptions | undefined)?.acceptAll) {
    const answer = await vscode.window.showWarningMessage(
      `Restore the files of ${host} from the last backup set?`,
      { modal: true },
      'Undo',
    );
    if (answer !== 'Undo') return;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Undoing the Contrail setup of ${host}…` },
    () => remote.get().provisioning.undo(host, commandOutput()),
  );
  const commands = result && result.undone.length ? `; took back: ${result.undone.join(', ')}` : '';
  void vscode.window.showInformationMessage(
    result ? `${host}: restored ${result.restored.length} file(s) from ${result.backup}${commands}.` : `${host}: nothing to undo.`,
  );
  return result;
}
