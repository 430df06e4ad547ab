// Remote files over SFTP: stat, read, and writes that are atomic (a temp file beside the target, then
// posix-rename over it, mode kept) and refuse to overwrite a file that changed since it was read.
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { SFTPWrapper, Stats } from 'ssh2';
import type { SshSession } from './sshSession';

export interface RemoteStat {
  readonly type: 'file' | 'directory' | 'other';
  readonly size: number;
  readonly mtimeMs: number;
  readonly mode: number;
}

export class RemoteFileError extends Error {
  constructor(message: string, readonly code: 'not-found' | 'permission' | 'changed' | 'owner' | 'other') {
    super(message);
    this.name = 'RemoteFileError';
  }
}

function classify(error: Error & { code?: number }, where: string): RemoteFileError {
  // SFTP status codes: 2 no such file, 3 permission denied
  if (error.code === 2) return new RemoteFileError(`${where}: no such file`, 'not-found');
  if (error.code === 3) return new RemoteFileError(`${where}: permission denied`, 'permission');
  return new RemoteFileError(`${where}: ${error.message}`, 'other');
}

function call<T>(session: SshSession, where: string, fn: (done: (error: (Error & { code?: number }) | null | undefined, value?: T) => void) => void): Promise<T> {
  return session.whileConnected(new Promise((resolve, reject) => fn((error, value) => (error ? reject(classify(error, where)) : resolve(value as T)))));
}

function toStat(stats: Stats): RemoteStat {
  return { type: stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other', size: stats.size, mtimeMs: stats.mtime * 1000, mode: stats.mode & 0o7777 };
}

export async function statRemote(session: SshSession, path: string): Promise<RemoteStat> {
  const sftp = await session.sftp();
  return toStat(await call<Stats>(session, `${session.endpoint.host}:${path}`, (done) => sftp.stat(path, done)));
}

export async function readDirectoryRemote(session: SshSession, path: string): Promise<[string, RemoteStat][]> {
  const sftp = await session.sftp();
  const list = await call<{ filename: string; attrs: Stats }[]>(session, `${session.endpoint.host}:${path}`, (done) => sftp.readdir(path, done as never));
  return list.map((entry) => [entry.filename, toStat(entry.attrs)]);
}

export interface WriteOptions {
  /** refuse when the file's mtime or size differs from this (what the editor read) */
  readonly expected?: { readonly mtimeMs: number; readonly size: number };
  readonly create?: boolean;
  /** the new file's mode (default: the old file's, or 0644) */
  readonly mode?: number;
  /** refuse (code 'owner') rather than leave a file of another owner owned by this user */
  readonly keepOwner?: boolean;
}

async function exists(session: SshSession, sftp: SFTPWrapper, path: string): Promise<Stats | undefined> {
  return session.whileConnected(new Promise((resolve) => sftp.stat(path, (error, stats) => resolve(error ? undefined : stats))));
}

/** Writes atomically; on any failure the old file is left exactly as it was. */
export async function writeFileAtomic(session: SshSession, path: string, data: Uint8Array, options: WriteOptions = {}): Promise<RemoteStat> {
  const where = `${session.endpoint.host}:${path}`;
  const sftp = await session.sftp();
  const current = await exists(session, sftp, path);
  if (!current && !options.create) throw new RemoteFileError(`${where}: no such file`, 'not-found');
  if (current && options.expected && (current.mtime * 1000 !== options.expected.mtimeMs || current.size !== options.expected.size)) {
    throw new RemoteFileError(`${where} changed on the host since it was opened (now ${current.size} bytes, modified ${new Date(current.mtime * 1000).toISOString()})`, 'changed');
  }
  const temp = posix.join(posix.dirname(path), `.${posix.basename(path)}.devstack-contrail-${randomBytes(4).toString('hex')}.tmp`);
  const mode = options.mode ?? (current ? current.mode & 0o7777 : 0o644);
  try {
    await call<void>(session, where, (done) => sftp.writeFile(temp, Buffer.from(data), { mode }, done));
    await call<void>(session, where, (done) => sftp.chmod(temp, mode, done));
    if (options.keepOwner && current) {
      const made = await exists(session, sftp, temp);
      if (made && (made.uid !== current.uid || made.gid !== current.gid)) {
        // the rename would hand the file to this user: give it the old owner, or refuse
        await call<void>(session, where, (done) => sftp.chown(temp, current.uid, current.gid, done)).catch(() => {
          throw new RemoteFileError(`${where} belongs to uid ${current.uid}:${current.gid}; written as ${session.endpoint.user} it would change owner`, 'owner');
        });
      }
    }
    await call<void>(session, where, (done) => sftp.ext_openssh_rename(temp, path, done));
  } catch (error) {
    await session.whileConnected(new Promise<void>((resolve) => sftp.unlink(temp, () => resolve()))).catch(() => undefined);
    throw error instanceof RemoteFileError ? error : new RemoteFileError(`${where}: ${(error as Error).message}`, 'other');
  }
  return statRemote(session, path);
}

/** Writes a new file in one SFTP call (for files nothing else reads yet, such as a backup set's). */
export async function writeNewFile(session: SshSession, path: string, data: Uint8Array, mode = 0o600): Promise<void> {
  const sftp = await session.sftp();
  await call<void>(session, `${session.endpoint.host}:${path}`, (done) => sftp.writeFile(path, Buffer.from(data), { mode }, done));
}
