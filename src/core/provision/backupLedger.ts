// What this machine knows of the backup sets it wrote on each target: the set's folder and the sha256
// of its manifest as written. Undo starts from here, never from what a target lists: a manifest on the
// host that this machine did not write (planted, or changed since) is refused, not trusted.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface LedgerEntry {
  readonly backup: string;
  readonly manifestSha256: string;
  readonly undone?: boolean;
}

export interface BackupLedger {
  /** a set written (or its manifest rewritten) on the target */
  record(target: string, backup: string, manifest: Uint8Array): Promise<void>;
  /** the target's sets, oldest first */
  entries(target: string): Promise<readonly LedgerEntry[]>;
  markUndone(target: string, backup: string): Promise<void>;
}

export const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

type LedgerFile = Record<string, LedgerEntry[]>;

/** The ledger as one JSON file of this machine's (0600), rewritten whole and renamed into place. */
export class FileLedger implements BackupLedger {
  constructor(readonly path: string) {}

  /** The CLI's: $XDG_STATE_HOME (or ~/.local/state)/devstack-contrail/backups.json. */
  static forCli(env: NodeJS.ProcessEnv = process.env): FileLedger {
    return new FileLedger(join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'devstack-contrail', 'backups.json'));
  }

  private async load(): Promise<LedgerFile> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${this.path} is not a backup ledger`);
    return parsed as LedgerFile;
  }

  private async save(ledger: LedgerFile): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, JSON.stringify(ledger, null, 1), { mode: 0o600 });
    await rename(temp, this.path);
  }

  private async update(change: (ledger: LedgerFile) => void): Promise<void> {
    const ledger = await this.load();
    change(ledger);
    await this.save(ledger);
  }

  record(target: string, backup: string, manifest: Uint8Array): Promise<void> {
    return this.update((ledger) => {
      const sets = (Object.hasOwn(ledger, target) ? ledger[target] : []).filter((e) => e.backup !== backup);
      ledger[target] = [...sets, { backup, manifestSha256: sha256(manifest) }];
    });
  }

  async entries(target: string): Promise<readonly LedgerEntry[]> {
    const ledger = await this.load();
    return Object.hasOwn(ledger, target) ? ledger[target] : [];
  }

  markUndone(target: string, backup: string): Promise<void> {
    return this.update((ledger) => {
      if (Object.hasOwn(ledger, target)) ledger[target] = ledger[target].map((e) => (e.backup === backup ? { ...e, undone: true } : e));
    });
  }
}
