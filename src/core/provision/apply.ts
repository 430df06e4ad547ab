// Apply a plan: back up every file it touches (with a manifest) on the target, write each atomically,
// verify (re-read, re-parse, bash -n), and on any failure restore what this run changed. Undo restores
// the last backup set byte for byte. A plan with nothing to do writes nothing and records no backup.
import { parseOsloIni } from '../config/osloIni';
import type { FileChange, StepPlan } from './steps';
import type { ProvisionTarget } from './target';

export interface BackupManifest {
  readonly created: string;
  readonly target: string;
  readonly files: readonly { readonly path: string; readonly existed: boolean; readonly mode?: number; readonly copy?: string }[];
}

export interface ApplyOutcome {
  readonly applied: readonly StepPlan[];
  readonly backup?: string;
  readonly nothingToDo: boolean;
}

export class ApplyError extends Error {
  constructor(readonly step: string, message: string, readonly restored: boolean) {
    super(`step ${step} failed: ${message}${restored ? '; the files this run changed were restored' : ''}`);
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

export async function applyPlans(target: ProvisionTarget, plans: readonly StepPlan[], hooks: { onStep?: (plan: StepPlan) => void; cancelled?: () => boolean } = {}): Promise<ApplyOutcome> {
  const needed = plans.filter((p) => p.status === 'needed' && p.changes.length > 0);
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
      applied.push(plan);
    } catch (error) {
      let restored = false;
      try {
        await restore(target, written);
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

/** Restores a backup set (the last one by default) and marks it undone. */
export async function undo(target: ProvisionTarget, backup?: string): Promise<{ backup: string; restored: string[] } | undefined> {
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
  await target.run(['mv', chosen, `${chosen}.undone`]);
  return { backup: chosen, restored };
}
