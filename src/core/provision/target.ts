// Where provisioning reads and writes: the local filesystem (optionally under a --root standing in
// for /), or a host over its verified SSH session (SFTP, atomic writes, exec). Same contract for both.
import { execFile, spawn } from 'node:child_process';
import { lchown, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { inputFileRefusal } from '../inputFile';
import {
  commitArgv,
  commitOutcome,
  RemoteFileError,
  statRemote,
  writeFileAtomic,
  writeNewFile,
  type WriteOptions,
} from '../remote/remoteFiles';
import { shellCommand } from '../remote/shellQuote';
import type { ExecResult, SshSession } from '../remote/sshSession';
import { UnreadableFileError, type CommandResult, type FileState } from './reads';

export { UnreadableFileError, type CommandResult, type FileState } from './reads';

const ERRNO_REASONS: Readonly<Record<string, string>> = {
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
};

export interface ProvisionTarget {
  readonly description: string;
  /** a missing file is `exists: false`; one that is there but unreadable throws UnreadableFileError */
  read(path: string): Promise<FileState>;
  /**
   * atomic: a temp file beside the target, renamed over it; the mode given (or kept). Over SSH: through
   * symbolic links to the real file, owner, ACLs and extended attributes kept, and a file with other
   * hard links written in place from the checked temp file (see remoteFiles.ts).
   */
  write(path: string, data: Buffer, mode?: number): Promise<void>;
  /** a new file in a folder of its own (backups): no need for the temp-and-rename dance */
  writeNew(path: string, data: Buffer, mode: number): Promise<void>;
  remove(path: string): Promise<void>;
  /** runs a command; stdin as data, never as part of the command line */
  run(argv: readonly string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** a long command (git clone, pip install), as the user or as root, its output streamed as it comes */
  runStreaming(argv: readonly string[], options: StreamingOptions): Promise<CommandResult>;
  /** the folder backups go to (~/.devstack-contrail/backups on the target) */
  backupRoot(): Promise<string>;
  /** set when this target runs no step commands (git, pip, python), saying why: the steps that need them are skipped */
  readonly commandRefusal?: string;
}

export interface StreamingOptions {
  readonly asRoot?: boolean;
  readonly onOutput?: (text: string) => void;
  readonly timeoutMs?: number;
}

/**
 * A --root tree is files, not a system to run: git in it would honour its .git/config (core.fsmonitor,
 * hooks), pip install -e runs its setup.py, and its venv/bin/python is its own program, all as the user
 * running the CLI (often root). A chroot would not make that sound (root in a chroot is still root), so
 * the command steps are refused there and belong to the host itself.
 */
const ROOT_COMMAND_REFUSAL =
  '--root mode does not run commands from the tree (its git config, setup.py and venv python would run as this user)';

/** The owner a write gives its file: the old file's, or that of a folder not root's (as a user's own checkout is). */
interface Owner {
  readonly uid: number;
  readonly gid: number;
}

export class LocalTarget implements ProvisionTarget {
  readonly description: string;
  readonly commandRefusal?: string;
  private readonly root: string;
  constructor(root = '') {
    this.description = root ? `local files under ${root}` : 'local files';
    this.root = root && resolve(root);
    if (root) this.commandRefusal = ROOT_COMMAND_REFUSAL;
  }
  private at(path: string): string {
    if (!this.root || !path.startsWith('/')) return path;
    const full = join(this.root, path);
    // a path with ../ (a manifest's, say) stays inside the tree
    if (full !== this.root && !full.startsWith(this.root === '/' ? '/' : `${this.root}/`)) throw new Error(`${path}: outside ${this.root}`);
    return full;
  }
  async read(path: string): Promise<FileState> {
    try {
      // the stat first: a FIFO would block the read forever, a device or a huge file flood it
      const info = await stat(this.at(path));
      const refusal = inputFileRefusal(info);
      if (refusal) throw new UnreadableFileError(path, refusal);
      return { exists: true, data: await readFile(this.at(path)), mode: info.mode & 0o7777 };
    } catch (error) {
      if (error instanceof UnreadableFileError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'ENOENT') return { exists: false };
      throw new UnreadableFileError(path, ERRNO_REASONS[code] ?? (error as Error).message);
    }
  }
  /** mkdir -p; as root, folders it makes under a folder that is not root's get that folder's owner */
  private async ensureFolder(folder: string): Promise<Owner | undefined> {
    const first = await mkdir(folder, { recursive: true });
    const owner = await ownerUnlessRoot(first === undefined ? folder : dirname(first));
    if (first !== undefined && owner) {
      // lchown: a folder swapped for a link meanwhile is not followed
      for (let dir = folder; ; dir = dirname(dir)) {
        await lchown(dir, owner.uid, owner.gid);
        if (dir === first || dir === dirname(dir)) break;
      }
    }
    return owner;
  }
  /**
   * Atomic, and the file keeps what it had: its owner and group (as root: a stack user's 640 file stays
   * theirs), its mode unless one is given, and setuid/setgid/sticky bits only if it had them. A new file
   * takes the owner of its folder when that is not root's (a file in a user's checkout stays the user's).
   */
  async write(path: string, data: Buffer, mode?: number): Promise<void> {
    const file = this.at(path);
    const folderOwner = await this.ensureFolder(dirname(file));
    const old = await stat(file).catch(() => undefined);
    const owner = process.getuid?.() !== 0 ? undefined : old ? { uid: old.uid, gid: old.gid } : folderOwner;
    const keep = ((mode ?? (old ? old.mode : 0o644)) & 0o777) | ((old?.mode ?? 0) & 0o7000);
    const temp = join(dirname(file), `.${randomBytes(4).toString('hex')}.devstack-contrail.tmp`);
    try {
      // O_EXCL, and the owner and mode set on the open file: nothing a folder's owner swaps in is followed
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(data);
        if (owner) await handle.chown(owner.uid, owner.gid);
        await handle.chmod(keep);
      } finally {
        await handle.close();
      }
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw new Error(`${path}: ${(error as Error).message}`);
    }
  }
  writeNew(path: string, data: Buffer, mode: number): Promise<void> {
    return this.write(path, data, mode);
  }
  async remove(path: string): Promise<void> {
    await rm(this.at(path), { force: true });
  }
  run(argv: readonly string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = execFile(
        argv[0],
        argv.slice(1).map((a) => (a.startsWith('/') ? this.at(a) : a)),
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
      child.stdin?.on('error', () => undefined); // a command that reads no stdin may exit first (EPIPE)
      child.stdin?.end(stdin ?? '');
    });
  }
  runStreaming(argv: readonly string[], options: StreamingOptions): Promise<CommandResult> {
    // the steps skip their commands on a --root tree; this also holds for an undo whose manifest names some
    if (this.commandRefusal)
      return Promise.resolve({ code: null, stdout: '', stderr: `${this.commandRefusal}: not run: ${argv.join(' ')}` });
    const full = options.asRoot && process.getuid?.() !== 0 ? ['sudo', '-n', ...argv] : [...argv];
    return new Promise((resolve) => {
      const child = spawn(full[0], full.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
      const out: string[] = [];
      const errors: string[] = [];
      const timer = options.timeoutMs ? setTimeout(() => child.kill(), options.timeoutMs) : undefined;
      const collect = (into: string[]) => (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        into.push(text);
        options.onOutput?.(text);
      };
      child.stdout.on('data', collect(out));
      child.stderr.on('data', collect(errors));
      child.on('error', (error) => errors.push(error.message));
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout: out.join(''), stderr: errors.join('') });
      });
    });
  }
  async backupRoot(): Promise<string> {
    return this.root ? '/.devstack-contrail/backups' : join(homedir(), '.devstack-contrail', 'backups');
  }
}

/** As root, the owner of a folder that is not root's; otherwise none (the process's own is right). */
async function ownerUnlessRoot(folder: string): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const info = await stat(folder);
  return info.uid === 0 ? undefined : { uid: info.uid, gid: info.gid };
}

export interface SudoOptions {
  /** asked once, when `sudo -n` says a password is needed; undefined: give up */
  readonly password?: () => Promise<string | undefined>;
  /** what a write could not keep (extended attributes on a host whose cp cannot copy them) */
  readonly onWarning?: (message: string) => void;
}

export class SshTarget implements ProvisionTarget {
  readonly description: string;
  private home?: string;
  private sudoPassword?: string;
  constructor(
    private readonly session: SshSession,
    private readonly sudo: SudoOptions = {},
  ) {
    this.description = `${session.endpoint.user}@${session.endpoint.host}:${session.endpoint.port}`;
  }

  /**
   * Runs argv as root: `sudo -n` first; if sudo wants a password, it is asked once and given alone on
   * stdin (`sudo -k -S`: -k makes sudo read it every time, even where its timestamp is global, so it
   * can never be left in the stream for the command). Data never follows it: root writes are staged.
   */
  private async asRoot(argv: readonly string[], options: StreamingOptions = {}): Promise<ExecResult> {
    const exec = { timeoutMs: options.timeoutMs ?? 60_000, onOutput: options.onOutput };
    if (this.sudoPassword === undefined) {
      const direct = await this.session.exec(shellCommand(['sudo', '-n', ...argv]), exec);
      if (direct.exitCode === 0 || !/password is required|a terminal is required/.test(direct.stderr)) return direct;
      const password = await this.sudo.password?.();
      if (password === undefined)
        throw new Error(`${this.description}: sudo needs a password (none given), so it cannot run ${argv[0]} as root`);
      this.sudoPassword = password;
    }
    const result = await this.session.exec(shellCommand(['sudo', '-k', '-S', '-p', '', ...argv]), {
      ...exec,
      stdin: `${this.sudoPassword}\n`,
    });
    if (/Sorry, try again|incorrect password/.test(result.stderr)) {
      this.sudoPassword = undefined;
      throw new Error(`sudo ${argv[0]}: wrong sudo password`);
    }
    return result;
  }
  private async mustAsRoot(argv: readonly string[]): Promise<void> {
    const result = await this.asRoot(argv);
    if (result.exitCode !== 0) throw new Error(`sudo ${argv[0]}: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
  }
  /**
   * A root-owned file: the bytes go first to a file of the connecting user's own (SFTP, binary-safe),
   * then the host side of a save, as root, copies them beside the target and renames only if all of
   * them arrived intact. A link dropped at any point leaves the target as it was, or wholly new.
   */
  private async writeAsRoot(path: string, data: Buffer, options: WriteOptions): Promise<readonly string[]> {
    const staging = await (this.staging ??= this.prepareStaging());
    const staged = `${staging}/${randomBytes(8).toString('hex')}.staged`;
    try {
      await writeNewFile(this.session, staged, data, 0o600);
      return commitOutcome(this.session.endpoint.host, path, path, await this.asRoot(commitArgv(path, { staged }, data, options))).warnings;
    } finally {
      await this.session.exec(shellCommand(['rm', '-f', '--', staged])).catch(() => undefined); // (a dead link: the sweep above)
    }
  }
  async read(path: string): Promise<FileState> {
    try {
      const info = await statRemote(this.session, path);
      const refusal = inputFileRefusal({ isFile: () => info.type === 'file', size: info.size });
      if (refusal) throw new UnreadableFileError(path, refusal);
      return { exists: true, data: await this.session.readFile(path), mode: info.mode };
    } catch (error) {
      if (error instanceof UnreadableFileError) throw error;
      if (error instanceof RemoteFileError && error.code === 'not-found') return { exists: false };
      if (/no such file/i.test((error as Error).message)) return { exists: false };
      if (error instanceof RemoteFileError && error.code === 'permission') throw new UnreadableFileError(path, 'permission denied');
      throw error;
    }
  }
  private readonly folders = new Set<string>();
  private async ensureFolder(path: string): Promise<void> {
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    if (this.folders.has(parent)) return;
    const made = await this.session.exec(shellCommand(['mkdir', '-p', parent]));
    if (made.exitCode !== 0) await this.mustAsRoot(['mkdir', '-p', parent]);
    this.folders.add(parent);
  }
  async write(path: string, data: Buffer, mode?: number): Promise<void> {
    await this.ensureFolder(path);
    // a file with other hard links (or one whose owner a new file cannot get) is written in place
    const options = { create: true, mode, inPlace: true };
    let warnings: readonly string[];
    try {
      warnings = (await writeFileAtomic(this.session, path, data, options)).warnings;
    } catch (error) {
      if (!(error instanceof RemoteFileError) || error.code !== 'permission') throw error;
      // a root-owned file or folder (/etc/nova/rootwrap.d): the same save through sudo, which can
      // give the new file the old one's owner
      warnings = await this.writeAsRoot(path, data, options);
    }
    for (const warning of warnings) this.sudo.onWarning?.(warning);
  }
  async writeNew(path: string, data: Buffer, mode: number): Promise<void> {
    await this.ensureFolder(path);
    await writeNewFile(this.session, path, data, mode);
  }
  async remove(path: string): Promise<void> {
    const removed = await this.session.exec(shellCommand(['rm', '-f', path]));
    if (removed.exitCode !== 0) await this.mustAsRoot(['rm', '-f', path]);
  }
  async run(argv: readonly string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const result = await this.session.exec(shellCommand(argv), { stdin, timeoutMs: 60_000 });
    return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  }
  async runStreaming(argv: readonly string[], options: StreamingOptions): Promise<CommandResult> {
    const result = options.asRoot
      ? await this.asRoot(argv, options)
      : await this.session.exec(shellCommand(argv), { timeoutMs: options.timeoutMs ?? 60_000, onOutput: options.onOutput });
    return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  }
  private staging?: Promise<string>;
  /** the folder for staged root writes, made once per target, with what an earlier dropped link left there swept */
  private async prepareStaging(): Promise<string> {
    const staging = `${await this.stateDir()}/staging`;
    // (a day old: never another window's write in progress)
    const made = await this.session.exec(
      shellCommand(['sh', '-c', 'mkdir -p -m 700 -- "$1" && find "$1" -maxdepth 1 -name "*.staged" -mmin +1440 -delete', 'sh', staging]),
    );
    if (made.exitCode !== 0) {
      this.staging = undefined;
      throw new Error(`${this.description}: cannot make ${staging} for a root write: ${made.stderr.trim()}`);
    }
    return staging;
  }
  /** ~/.devstack-contrail on the host: backups, and staged root writes */
  private async stateDir(): Promise<string> {
    this.home ??= (await this.session.exec('printf %s "$HOME"')).stdout || '/tmp';
    return `${this.home}/.devstack-contrail`;
  }
  async backupRoot(): Promise<string> {
    return `${await this.stateDir()}/backups`;
  }
}
