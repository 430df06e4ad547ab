// Apply a plan: back up every file it touches (with a manifest) on the target, write each atomically,
// verify (re-read, re-parse, bash -n), and on any failure restore what this run changed. Undo restores
// the last backup set byte for byte. A plan with nothing to do writes nothing and records no backup.
// The target holds the backups, but this machine's ledger says which sets it wrote and what their
// manifests were: undo trusts nothing else the target says (its listing, a planted or edited manifest).
import { parseOsloIni } from '../config/osloIni';
import { sha256, type BackupLedger } from './backupLedger';
import { undoCommand, type CommandLine, type StepCommand, type UndoIntent } from './commands';
import type { FileChange, StepPlan } from './step';
import type { ProvisionTarget } from './target';
import { redactingLines, redactUrlCredentials } from '../text/urlCredentials';

export interface BackupManifest {
  readonly created: string;
  readonly target: string;
  /** each file as it was: the copy's name in the set and its sha256, checked before it is restored */
  readonly files: readonly {
    readonly path: string;
    readonly existed: boolean;
    readonly mode?: number;
    readonly copy?: string;
    readonly sha256?: string;
  }[];
  /** commands this run completed, in order, with what takes each back (built again by undo) */
  readonly commands?: readonly { readonly title: string; readonly undo?: UndoIntent }[];
}

export interface ApplyOutcome {
  readonly applied: readonly StepPlan[];
  readonly backup?: string;
  readonly nothingToDo: boolean;
}

export class ApplyError extends Error {
  constructor(
    readonly step: string,
    message: string,
    readonly restored: boolean,
  ) {
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

async function runCommand(target: ProvisionTarget, command: CommandLine, onOutput?: (text: string) => void): Promise<void> {
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

/** Writes the set's manifest on the target, and its digest in this machine's ledger (first). */
async function writeManifest(
  target: ProvisionTarget,
  ledger: BackupLedger,
  backup: string,
  manifest: BackupManifest,
  fresh: boolean,
): Promise<void> {
  const data = Buffer.from(JSON.stringify(manifest, null, 2));
  await ledger.record(target.description, backup, data);
  if (fresh) await target.writeNew(`${backup}/manifest.json`, data, 0o600);
  else await target.write(`${backup}/manifest.json`, data, 0o600);
}

/** Records the commands a run completed in its manifest, so that undo can take them back. */
function recordCommands(
  target: ProvisionTarget,
  ledger: BackupLedger,
  backup: string,
  manifest: BackupManifest,
  done: readonly StepCommand[],
): Promise<void> {
  return writeManifest(target, ledger, backup, { ...manifest, commands: done.map((c) => ({ title: c.title, undo: c.undo })) }, false);
}

export async function applyPlans(
  target: ProvisionTarget,
  ledger: BackupLedger,
  plans: readonly StepPlan[],
  hooks: ApplyHooks = {},
): Promise<ApplyOutcome> {
  const needed = plans.filter((p) => p.status === 'needed' && (p.changes.length > 0 || (p.commands?.length ?? 0) > 0));
  if (needed.length === 0) return { applied: [], nothingToDo: true };
  // one backup per file, of the file as it was before this run (two steps may change one file)
  const changes = needed.flatMap((p) => p.changes).filter((c, i, all) => all.findIndex((o) => o.path === c.path) === i);
  const backup = `${await target.backupRoot()}/${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const manifest: BackupManifest = {
    created: new Date().toISOString(),
    target: target.description,
    files: changes.map((c, i) => ({
      path: c.path,
      existed: c.before !== undefined,
      mode: c.mode,
      ...(c.before ? { copy: `${i}.orig`, sha256: sha256(c.before) } : {}),
    })),
  };
  for (const [i, change] of changes.entries()) if (change.before) await target.writeNew(`${backup}/${i}.orig`, change.before, 0o600);
  await writeManifest(target, ledger, backup, manifest, true);
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
        await recordCommands(target, ledger, backup, manifest, ran);
      }
      applied.push(plan);
    } catch (error) {
      let restored = false;
      try {
        await restore(target, written);
        for (const command of [...ran].reverse()) if (command.undo) await runCommand(target, undoCommand(command.undo), hooks.onOutput);
        if (ran.length > 0) await recordCommands(target, ledger, backup, manifest, []);
        restored = true;
      } catch {
        // the backup set still holds every original: undo can restore them
      }
      throw new ApplyError(plan.id, (error as Error).message, restored);
    }
  }
  return { applied, backup, nothingToDo: false };
}

/** The backup sets this machine wrote on the target and has not undone, oldest first. */
export async function listBackups(target: ProvisionTarget, ledger: BackupLedger): Promise<string[]> {
  return (await ledger.entries(target.description)).filter((e) => !e.undone).map((e) => e.backup);
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

/** The set's manifest, if it is the one this machine wrote (its digest in the ledger) and every path in it is plain. */
async function trustedManifest(target: ProvisionTarget, ledger: BackupLedger, backup: string): Promise<BackupManifest> {
  const entry = (await ledger.entries(target.description)).find((e) => e.backup === backup && !e.undone);
  const refuse = (why: string): never => {
    throw new Error(`refusing to undo from ${backup} on ${target.description}: ${why}`);
  };
  if (!entry) return refuse('this machine did not write that backup set (or undid it already)');
  const state = await target.read(`${backup}/manifest.json`);
  if (!state.data) return refuse('its manifest.json is gone');
  if (sha256(state.data) !== entry.manifestSha256)
    return refuse('its manifest.json is not the one this machine wrote (changed on the host since)');
  const manifest = JSON.parse(state.data.toString('utf8')) as BackupManifest;
  for (const file of manifest.files) {
    if (!file.path.startsWith('/') || file.path.split('/').includes('..')) refuse(`a path that is not plain: ${file.path}`);
    if (file.copy !== undefined && !/^\d+\.orig$/.test(file.copy)) refuse(`a copy name that is not the tool's: ${file.copy}`);
  }
  return manifest;
}

export async function undo(
  target: ProvisionTarget,
  ledger: BackupLedger,
  onOutput?: (text: string) => void,
): Promise<UndoOutcome | undefined> {
  const chosen = (await listBackups(target, ledger)).pop();
  if (!chosen) return undefined;
  const manifest = await trustedManifest(target, ledger, chosen);
  // every copy checked before anything is restored: a copy replaced on the host restores nothing
  const copies = new Map<string, Buffer>();
  for (const file of manifest.files) {
    if (!file.existed || !file.copy) continue;
    const copy = await target.read(`${chosen}/${file.copy}`);
    if (!copy.data) throw new Error(`${chosen}/${file.copy} is missing`);
    if (file.sha256 === undefined || sha256(copy.data) !== file.sha256)
      throw new Error(`refusing to undo from ${chosen}: ${file.copy} (the old ${file.path}) changed on the host since it was backed up`);
    copies.set(file.path, copy.data);
  }
  const restored: string[] = [];
  for (const file of manifest.files) {
    const copy = copies.get(file.path);
    if (copy) await target.write(file.path, copy, file.mode);
    else await target.remove(file.path);
    restored.push(file.path);
  }
  const undone: string[] = [];
  const kept: string[] = [];
  for (const command of [...(manifest.commands ?? [])].reverse()) {
    // a target that runs no commands (a --root tree) keeps them all
    if (!command.undo || target.commandRefusal) {
      kept.push(redactUrlCredentials(command.title));
      continue;
    }
    const line = undoCommand(command.undo);
    await runCommand(target, line, onOutput);
    undone.push(redactUrlCredentials(line.title));
  }
  await ledger.markUndone(target.description, chosen);
  await target.run(['mv', chosen, `${chosen}.undone`]);
  return { backup: chosen, restored, undone, kept };
}
