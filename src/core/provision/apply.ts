// Apply a plan: back up every file it touches (with a manifest) on the target, write each atomically,
// verify (re-read, re-parse, bash -n), and on any failure restore what this run changed. Undo restores
// the last backup set byte for byte. A plan with nothing to do writes nothing and records no backup.
import { parseOsloIni } from '../config/osloIni';
import type { StepCommand } from './novaDockerStep';
import type { FileChange, StepPlan } from './steps';
import type { ProvisionTarget } from './target';
import { redactingLines, redactUrlCredentials } from '../text/urlCredentials';

export interface BackupManifest {
  readonly created: string;
  readonly target: string;
  readonly files: readonly { readonly path: string; readonly existed: boolean; readonly mode?: number; readonly copy?: string }[];
  /** commands this run completed, in order, with what undo runs to take each back */
  readonly commands?: readonly { readonly title: string; readonly undo?: StepCommand['undo'] }[];
}

export interface ApplyOutcome {
  readonly applied: readonly StepPlan[];
  readonly backup?: string;
  readonly nothingToDo: boolean;
}

export class ApplyError extends Error {
  constructor(readonly step: string, message: string, readonly restored: boolean) {
    // a failing command's output may quote a repository URL with its token
    super(redactUrlCredentials(`step ${step} failed: ${message}${restored ? '; the files this run changed were restored' : ''}`));
    this.name = 'ApplyError';
  }
}

async function verify(target: ProvisionTarget, change: FileChange): Promise<void> {
  const now = await target.read(change.path);
  if (!now.exists || !now.data?.equals(change.after)) throw new Error(`${change.path} does not read back as written`);
  if (change.check === 'bash') {
    const result = await target.run(['bash', '-n', change.path]);
    if (result.code !== 0) throw new Error(`bash -n ${change.path}: ${result.stderr.trim()}`);
  } else if (change.check === 'ini') {
    const problems = parseOsloIni(change.after.toString('utf8')).problems;
    if (problems.length > 0) throw new Error(`${change.path} line ${problems[0].range.start.line + 1}: ${problems[0].message}`);
  }
}

async function restore(target: ProvisionTarget, changes: readonly FileChange[]): Promise<void> {
  for (const change of [...changes].reverse()) {
    if (change.before) await target.write(change.path, change.before, change.mode);
    else await target.remove(change.path);
  }
}

export interface ApplyHooks {
  onStep?: (plan: StepPlan) => void;
  /** output of the step's commands (git clone, pip install), as it comes */
  onOutput?: (text: string) => void;
  cancelled?: () => boolean;
}

async function runCommand(target: ProvisionTarget, command: StepCommand | NonNullable<StepCommand['undo']>, onOutput?: (text: string) => void): Promise<void> {
  // titles are redacted when planned; one read back from an older manifest may not be
  onOutput?.(`$ ${redactUrlCredentials(command.title)}\n`);
  // git echoes the repository URL (with its token) in progress and errors
  const lines = onOutput && redactingLines(onOutput);
  const result = await target.runStreaming(command.argv, { asRoot: command.asRoot, onOutput: lines?.write, timeoutMs: 15 * 60_000 });
  lines?.flush();
  if (result.code !== 0) {
    const tail = redactUrlCredentials((result.stderr.trim() || result.stdout.trim()).split('\n').slice(-3).join(' / '));
    throw new Error(`${command.title} exited with ${result.code ?? 'a signal'}${tail ? `: ${tail}` : ''}`);
  }
}

/** Records the commands a run completed in its manifest, so that undo can take them back. */
async function recordCommands(target: ProvisionTarget, backup: string, manifest: BackupManifest, done: readonly StepCommand[]): Promise<void> {
  const updated: BackupManifest = { ...manifest, commands: done.map((c) => ({ title: c.title, undo: c.undo })) };
  await target.write(`${backup}/manifest.json`, Buffer.from(JSON.stringify(updated, null, 2)), 0o600);
}

export async function applyPlans(target: ProvisionTarget, plans: readonly StepPlan[], hooks: ApplyHooks = {}): Promise<ApplyOutcome> {
  const needed = plans.filter((p) => p.status === 'needed' && (p.changes.length > 0 || (p.commands?.length ?? 0) > 0));
  if (needed.length === 0) return { applied: [], nothingToDo: true };
  // one backup per file, of the file as it was before this run (two steps may change one file)
  const changes = needed.flatMap((p) => p.changes).filter((c, i, all) => all.findIndex((o) => o.path === c.path) === i);
  const backup = `${await target.backupRoot()}/${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const manifest: BackupManifest = {
    created: new Date().toISOString(), target: target.description,
    files: changes.map((c, i) => ({ path: c.path, existed: c.before !== undefined, mode: c.mode, copy: c.before ? `${i}.orig` : undefined })),
  };
  for (const [i, change] of changes.entries()) if (change.before) await target.writeNew(`${backup}/${i}.orig`, change.before, 0o600);
  await target.writeNew(`${backup}/manifest.json`, Buffer.from(JSON.stringify(manifest, null, 2)), 0o600);
  const written: FileChange[] = [];
  const ran: StepCommand[] = [];
  const applied: StepPlan[] = [];
  for (const plan of needed) {
    if (hooks.cancelled?.()) break;
    hooks.onStep?.(plan);
    try {
      for (const change of plan.changes) {
        await target.write(change.path, change.after, change.mode);
        written.push(change);
        await verify(target, change);
      }
      for (const command of plan.commands ?? []) {
        await runCommand(target, command, hooks.onOutput);
        ran.push(command);
        await recordCommands(target, backup, manifest, ran);
      }
      applied.push(plan);
    } catch (error) {
      let restored = false;
      try {
        await restore(target, written);
        for (const command of [...ran].reverse()) if (command.undo) await runCommand(target, command.undo, hooks.onOutput);
        if (ran.length > 0) await recordCommands(target, backup, manifest, []);
        restored = true;
      } catch {
        // the backup set still holds every original: undo can restore them
      }
      throw new ApplyError(plan.id, (error as Error).message, restored);
    }
  }
  return { applied, backup, nothingToDo: false };
}

/** The backup sets on the target, oldest first (undone ones excluded). */
export async function listBackups(target: ProvisionTarget): Promise<string[]> {
  const root = await target.backupRoot();
  const result = await target.run(['ls', '-1', root]);
  if (result.code !== 0) return [];
  return result.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.endsWith('.undone')).sort().map((name) => `${root}/${name}`);
}

/** Restores a backup set (the last one by default), takes back the commands it ran, and marks it undone. */
export interface UndoOutcome {
  readonly backup: string;
  readonly restored: readonly string[];
  /** commands taken back (pip uninstall, rm -rf of a checkout this setup cloned) */
  readonly undone: readonly string[];
  /** commands whose result stays (nothing to take back) */
  readonly kept: readonly string[];
}

export async function undo(target: ProvisionTarget, backup?: string, onOutput?: (text: string) => void): Promise<UndoOutcome | undefined> {
  const chosen = backup ?? (await listBackups(target)).pop();
  if (!chosen) return undefined;
  const manifestState = await target.read(`${chosen}/manifest.json`);
  if (!manifestState.data) throw new Error(`${chosen}: no manifest.json`);
  const manifest = JSON.parse(manifestState.data.toString('utf8')) as BackupManifest;
  const restored: string[] = [];
  for (const file of manifest.files) {
    if (file.existed && file.copy) {
      const copy = await target.read(`${chosen}/${file.copy}`);
      if (!copy.data) throw new Error(`${chosen}/${file.copy} is missing`);
      await target.write(file.path, copy.data, file.mode);
    } else {
      await target.remove(file.path);
    }
    restored.push(file.path);
  }
  const undone: string[] = [];
  const kept: string[] = [];
  for (const command of [...(manifest.commands ?? [])].reverse()) {
    // a target that runs no commands (a --root tree, whose manifest could name any) keeps them all
    if (!command.undo || target.commandRefusal) { kept.push(redactUrlCredentials(command.title)); continue; }
    await runCommand(target, command.undo, onOutput);
    undone.push(redactUrlCredentials(command.undo.title));
  }
  await target.run(['mv', chosen, `${chosen}.undone`]);
  return { backup: chosen, restored, undone, kept };
}
