// Where provisioning reads and writes: the local filesystem (optionally under a --root standing in
// for /), or a host over its verified SSH session (SFTP, atomic writes, exec). Same contract for both.
import { execFile, spawn } from 'node:child_process';
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { inputFileRefusal } from '../inputFile';
import { commitArgv, commitOutcome, RemoteFileError, statRemote, writeFileAtomic, writeNewFile } from '../remote/remoteFiles';
import { shellCommand } from '../remote/shellQuote';
import type { ExecResult, SshSession } from '../remote/sshSession';

export interface FileState {
  readonly exists: boolean;
  readonly data?: Buffer;
  readonly mode?: number;
}

/** A file that is there but cannot be read as a config file (not a regular file, too big, no permission). */
export class UnreadableFileError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'UnreadableFileError';
  }
}

const ERRNO_REASONS: Readonly<Record<string, string>> = {
  ENOTDIR: 'a part of the path is a file, not a folder', EACCES: 'permission denied', EPERM: 'not permitted', ELOOP: 'too many symbolic links', EIO: 'input/output error',
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
}

export interface CommandResult { readonly code: number | null; readonly stdout: string; readonly stderr: string }

export interface StreamingOptions {
  readonly asRoot?: boolean;
  readonly onOutput?: (text: string) => void;
  readonly timeoutMs?: number;
}

export class LocalTarget implements ProvisionTarget {
  readonly description: string;
  constructor(private readonly root = '') {
    this.description = root ? `local files under ${root}` : 'local files';
  }
  private at(path: string): string {
    return this.root && path.startsWith('/') ? join(this.root, path) : path;
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
  async write(path: string, data: Buffer, mode?: number): Promise<void> {
    const file = this.at(path);
    await mkdir(dirname(file), { recursive: true });
    const temp = join(dirname(file), `.${randomBytes(4).toString('hex')}.devstack-contrail.tmp`);
    const keep = mode ?? (await this.read(path)).mode ?? 0o644;
    try {
      await writeFile(temp, data, { mode: keep });
      await chmod(temp, keep);
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
      const child = execFile(argv[0], argv.slice(1).map((a) => (a.startsWith('/') ? this.at(a) : a)), (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
      child.stdin?.on('error', () => undefined); // a command that reads no stdin may exit first (EPIPE)
      child.stdin?.end(stdin ?? '');
    });
  }
  runStreaming(argv: readonly string[], options: StreamingOptions): Promise<CommandResult> {
    const mapped = argv.map((a) => (a.startsWith('/') ? this.at(a) : a));
    const full = options.asRoot && process.getuid?.() !== 0 ? ['sudo', '-n', ...mapped] : mapped;
    return new Promise((resolve) => {
      const child = spawn(full[0], full.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
      const out: string[] = [];
      const errors: string[] = [];
      const timer = options.timeoutMs ? setTimeout(() => child.kill(), options.timeoutMs) : undefined;
      const collect = (into: string[]) => (chunk: Buffer) => { const text = chunk.toString('utf8'); into.push(text); options.onOutput?.(text); };
      child.stdout.on('data', collect(out));
      child.stderr.on('data', collect(errors));
      child.on('error', (error) => errors.push(error.message));
      child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout: out.join(''), stderr: errors.join('') }); });
    });
  }
  async backupRoot(): Promise<string> {
    return this.root ? '/.devstack-contrail/backups' : join(homedir(), '.devstack-contrail', 'backups');
  }
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
  constructor(private readonly session: SshSession, private readonly sudo: SudoOptions = {}) {
    this.description = `${session.endpoint.user}@${session.endpoint.host}:${session.endpoint.port}`;
  }

  /**
   * Runs argv as root: `sudo -n` first; if sudo wants a password, it is asked once and given on
   * stdin (`sudo -S`), never on a command line. `-k`: sudo then always reads that password line, even
   * when it has cached this connection's credentials (it would otherwise leave the line in the
   * command's stdin, in the middle of a file's content).
   */
  private async asRoot(argv: readonly string[], stdin = ''): Promise<void> {
    const result = await this.execAsRoot(argv, stdin, {});
    if (result.exitCode !== 0) throw new Error(`sudo ${argv[0]}: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
  }
  private async execAsRoot(argv: readonly string[], stdin: string | Buffer, options: StreamingOptions): Promise<ExecResult> {
    const exec = { timeoutMs: options.timeoutMs ?? 60_000, onOutput: options.onOutput };
    if (this.sudoPassword === undefined) {
      const direct = await this.session.exec(shellCommand(['sudo', '-n', ...argv]), { ...exec, stdin });
      if (direct.exitCode === 0 || !/password is required|a terminal is required/.test(direct.stderr)) return direct;
      const password = await this.sudo.password?.();
      if (password === undefined) throw new Error(`${this.description}: sudo needs a password (none given), so it cannot run ${argv[0]} as root`);
      this.sudoPassword = password;
    }
    const result = await this.session.exec(shellCommand(['sudo', '-k', '-S', '-p', '', ...argv]), { ...exec, stdin: Buffer.concat([Buffer.from(`${this.sudoPassword}\n`), Buffer.from(stdin)]) });
    if (/Sorry, try again|incorrect password/.test(result.stderr)) {
      this.sudoPassword = undefined;
      throw new Error(`sudo ${argv[0]}: wrong sudo password`);
    }
    return result;
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
    if (made.exitCode !== 0) await this.asRoot(['mkdir', '-p', parent]);
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
      const where = `${this.description}:${path}`;
      warnings = commitOutcome(where, path, path, await this.execAsRoot(commitArgv(path, '-', data, options), data, {})).warnings;
    }
    for (const warning of warnings) this.sudo.onWarning?.(warning);
  }
  async writeNew(path: string, data: Buffer, mode: number): Promise<void> {
    await this.ensureFolder(path);
    await writeNewFile(this.session, path, data, mode);
  }
  async remove(path: string): Promise<void> {
    const removed = await this.session.exec(shellCommand(['rm', '-f', path]));
    if (removed.exitCode !== 0) await this.asRoot(['rm', '-f', path]);
  }
  async run(argv: readonly string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const result = await this.session.exec(shellCommand(argv), { stdin, timeoutMs: 60_000 });
    return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  }
  async runStreaming(argv: readonly string[], options: StreamingOptions): Promise<CommandResult> {
    const result = options.asRoot
      ? await this.execAsRoot(argv, '', options)
      : await this.session.exec(shellCommand(argv), { timeoutMs: options.timeoutMs ?? 60_000, onOutput: options.onOutput });
    return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  }
  async backupRoot(): Promise<string> {
    this.home ??= (await this.session.exec('printf %s "$HOME"')).stdout || '/tmp';
    return `${this.home}/.devstack-contrail/backups`;
  }
}
