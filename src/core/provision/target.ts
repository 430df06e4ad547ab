// Where provisioning reads and writes: the local filesystem (optionally under a --root standing in
// for /), or a host over its verified SSH session (SFTP, atomic writes, exec). Same contract for both.
import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { statRemote, writeFileAtomic, writeNewFile } from '../remote/remoteFiles';
import { shellCommand } from '../remote/shellQuote';
import type { SshSession } from '../remote/sshSession';

export interface FileState {
  readonly exists: boolean;
  readonly data?: Buffer;
  readonly mode?: number;
}

export interface ProvisionTarget {
  readonly description: string;
  read(path: string): Promise<FileState>;
  /** atomic: a temp file beside the target, renamed over it; the mode given (or kept) */
  write(path: string, data: Buffer, mode?: number): Promise<void>;
  /** a new file in a folder of its own (backups): no need for the temp-and-rename dance */
  writeNew(path: string, data: Buffer, mode: number): Promise<void>;
  remove(path: string): Promise<void>;
  /** runs a command; stdin as data, never as part of the command line */
  run(argv: readonly string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** the folder backups go to (~/.devstack-contrail/backups on the target) */
  backupRoot(): Promise<string>;
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
      const [data, info] = await Promise.all([readFile(this.at(path)), stat(this.at(path))]);
      return { exists: true, data, mode: info.mode & 0o7777 };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false };
      throw new Error(`${path}: ${(error as Error).message}`);
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
  async backupRoot(): Promise<string> {
    return this.root ? '/.devstack-contrail/backups' : join(homedir(), '.devstack-contrail', 'backups');
  }
}

export class SshTarget implements ProvisionTarget {
  readonly description: string;
  private home?: string;
  constructor(private readonly session: SshSession) {
    this.description = `${session.endpoint.user}@${session.endpoint.host}:${session.endpoint.port}`;
  }
  async read(path: string): Promise<FileState> {
    try {
      const [data, info] = await Promise.all([this.session.readFile(path), statRemote(this.session, path)]);
      return { exists: true, data, mode: info.mode };
    } catch (error) {
      if (/no such file/i.test((error as Error).message)) return { exists: false };
      throw error;
    }
  }
  private readonly folders = new Set<string>();
  private async ensureFolder(path: string): Promise<void> {
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    if (this.folders.has(parent)) return;
    await this.session.exec(shellCommand(['mkdir', '-p', parent]));
    this.folders.add(parent);
  }
  async write(path: string, data: Buffer, mode?: number): Promise<void> {
    await this.ensureFolder(path);
    await writeFileAtomic(this.session, path, data, { create: true, mode });
  }
  async writeNew(path: string, data: Buffer, mode: number): Promise<void> {
    await this.ensureFolder(path);
    await writeNewFile(this.session, path, data, mode);
  }
  async remove(path: string): Promise<void> {
    await this.session.exec(shellCommand(['rm', '-f', path]));
  }
  async run(argv: readonly string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const result = await this.session.exec(shellCommand(argv), { stdin, timeoutMs: 60_000 });
    return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  }
  async backupRoot(): Promise<string> {
    this.home ??= (await this.session.exec('printf %s "$HOME"')).stdout || '/tmp';
    return `${this.home}/.devstack-contrail/backups`;
  }
}
