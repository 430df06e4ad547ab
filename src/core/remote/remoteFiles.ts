// Remote files over SFTP: stat, read, and saves that keep the user's layout. A save goes to the real
// file behind any symbolic link; the new content is sent to a temp file beside it and checked there;
// the temp file gets the old file's mode, owner, ACLs and extended attributes (cp --attributes-only);
// then, just before the rename over the old file, the host's current content is compared with what the
// caller loaded (a content hash: SFTP mtimes have whole seconds). A file with other hard links, or
// whose owner the new file cannot be given, is not renamed over: it is refused with a typed reason, or
// (when the caller says so) written in place from the checked temp file, which keeps the inode.
import { createHash, randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { SFTPWrapper, Stats } from 'ssh2';
import { shellCommand } from './shellQuote';
import type { SshSession } from './sshSession';

export interface RemoteStat {
  readonly type: 'file' | 'directory' | 'other';
  readonly size: number;
  readonly mtimeMs: number;
  readonly mode: number;
}

export type RemoteFileErrorCode = 'not-found' | 'permission' | 'changed' | 'owner' | 'hard-link' | 'disk-full' | 'other';

export class RemoteFileError extends Error {
  constructor(
    message: string,
    readonly code: RemoteFileErrorCode,
    readonly detail: { readonly links?: number; readonly path?: string } = {},
  ) {
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

function call<T>(
  session: SshSession,
  where: string,
  fn: (done: (error: (Error & { code?: number }) | null | undefined, value?: T) => void) => void,
): Promise<T> {
  return session.whileConnected(
    new Promise((resolve, reject) => fn((error, value) => (error ? reject(classify(error, where)) : resolve(value as T)))),
  );
}

function toStat(stats: Stats): RemoteStat {
  return {
    type: stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other',
    size: stats.size,
    mtimeMs: stats.mtime * 1000,
    mode: stats.mode & 0o7777,
  };
}

export async function statRemote(session: SshSession, path: string): Promise<RemoteStat> {
  const sftp = await session.sftp();
  return toStat(await call<Stats>(session, `${session.endpoint.host}:${path}`, (done) => sftp.stat(path, done)));
}

export async function readDirectoryRemote(session: SshSession, path: string): Promise<[string, RemoteStat][]> {
  const sftp = await session.sftp();
  const list = await call<{ filename: string; attrs: Stats }[]>(session, `${session.endpoint.host}:${path}`, (done) =>
    sftp.readdir(path, done as never),
  );
  return list.map((entry) => [entry.filename, toStat(entry.attrs)]);
}

/** The SHA-256 (hex) of content, as `sha256sum` prints it: what a save compares with the host's copy. */
export function contentSha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface WriteOptions {
  /** refuse (code 'changed') unless the host's file still has this content hash (contentSha256 of what was loaded) */
  readonly expectedSha256?: string;
  readonly create?: boolean;
  /** the new file's mode (default: the old file's, or 0644) */
  readonly mode?: number;
  /**
   * When a rename would break the file's other hard links or hand it to this user (code 'hard-link'
   * or 'owner' otherwise): write the checked temp file's content into the file itself instead.
   */
  readonly inPlace?: boolean;
}

export interface WriteResult extends RemoteStat {
  /** the file written: the target of the symbolic link(s), if the path was one */
  readonly realPath: string;
  /** written into the existing file (its links, owner and attributes untouched) rather than renamed over it */
  readonly inPlace: boolean;
  /** what could not be kept, for the user to see (e.g. extended attributes on a host whose cp cannot copy them) */
  readonly warnings: readonly string[];
}

/**
 * The host side of a save, run as the user or (through sudo) as root. $1 the file (links are followed
 * here, as whoever runs it), $2 the temp file beside the real file, or '-': make one there and copy the
 * staged file $7 into it; $3 the expected hash of the file ('' none), $4 the hash of the new content,
 * $5 a mode to set ('' keep), $6 'in-place' when allowed. Nothing is renamed unless the temp file holds
 * exactly the new content; the temp file goes on every exit, a signal from a dropped link included,
 * and a temp file of this file that a dropped link left an hour ago goes too. Exit 0 with "renamed" or
 * "in-place" (and "warning …" lines); otherwise the exit code names the refusal.
 */
const COMMIT = [
  't=$2; want=$3; sum=$4; mode=$5; inplace=$6',
  "trap 'rm -f -- \"$t\"' EXIT; trap 'exit 1' HUP INT TERM PIPE",
  'f=$(readlink -f -- "$1") && [ -n "$f" ] || { echo "no such folder"; exit 78; }',
  'd=$(dirname -- "$f"); b=$(basename -- "$f")',
  'find "$d" -maxdepth 1 -name ".$b.devstack-contrail-*.tmp" -mmin +60 -delete 2>/dev/null',
  'if [ "$t" = - ]; then t=$(mktemp "$d/.$b.devstack-contrail-XXXXXX.tmp") || exit 76; cat -- "$7" > "$t" || { echo "copying $7 failed"; exit 76; }; fi',
  'fail() { printf "%s\\n" "$2"; exit "$1"; }',
  'hash() { sha256sum < "$1" | cut -c1-64; }',
  '[ "$(hash "$t")" = "$sum" ] || fail 70 "the content sent did not arrive intact"',
  'if [ -e "$f" ] || [ -L "$f" ]; then',
  '  [ -f "$f" ] || fail 71 "not a regular file"',
  '  if [ -n "$want" ]; then have=$(hash "$f"); [ "$have" = "$want" ] || fail 72 "$have"; fi',
  '  links=$(stat -c %h -- "$f"); owner=$(stat -c %u:%g -- "$f")',
  '  if ! out=$(cp --attributes-only --preserve=mode,ownership,xattr -- "$f" "$t" 2>&1); then printf "warning %s\\n" "$out" | tr "\\n" " "; echo; fi',
  '  [ -z "$mode" ] || chmod "$mode" "$t"',
  '  if [ "$links" -gt 1 ] || [ "$(stat -c %u:%g -- "$t")" != "$owner" ]; then',
  '    [ "$inplace" = in-place ] || fail 73 "$links $owner"',
  '    [ -w "$f" ] || fail 74 "permission denied"',
  '    cat -- "$t" > "$f" || { echo "writing into the file failed part-way; the new content is in $t"; t=; exit 79; }',
  '    [ -z "$mode" ] || chmod "$mode" "$f"',
  '    [ "$(hash "$f")" = "$sum" ] || { echo "the file does not hold what was written"; exit 75; }',
  '    echo in-place; exit 0',
  '  fi',
  'elif [ -n "$want" ]; then',
  '  fail 72 "deleted"',
  'else',
  '  chmod "${mode:-644}" "$t"',
  'fi',
  'mv -fT -- "$t" "$f" || fail 77 "the rename failed"',
  'echo renamed',
].join('\n');

/** The argv of the host side of a save, for the user (exec) or for root (sudo): the temp file already there, or a staged copy. */
export function commitArgv(
  realPath: string,
  from: { readonly temp: string } | { readonly staged: string },
  data: Uint8Array,
  options: WriteOptions,
): string[] {
  return [
    'sh',
    '-c',
    COMMIT,
    'sh',
    realPath,
    'temp' in from ? from.temp : '-',
    options.expectedSha256 ?? '',
    contentSha256(data),
    options.mode === undefined ? '' : options.mode.toString(8),
    options.inPlace ? 'in-place' : '',
    'staged' in from ? from.staged : '',
  ];
}

/** What the host side said: done (how, with warnings), or a RemoteFileError that says what happened and what to do. */
export function commitOutcome(
  host: string,
  path: string,
  realPath: string,
  result: { exitCode: number | null; stdout: string; stderr: string },
): { inPlace: boolean; warnings: string[] } {
  const where = `${host}:${path}`;
  if (result.exitCode !== 0 && /No space left on device/i.test(result.stderr)) {
    throw diskFull(host, realPath);
  }
  const lines = result.stdout.split('\n').filter((l) => l !== '');
  const warnings = lines
    .filter((l) => l.startsWith('warning '))
    .map(
      (l) =>
        `${where}: its extended attributes or ACLs may not have been kept (cp --attributes-only --preserve=xattr on the host: ${l.slice(8).trim()})`,
    );
  const last = lines.filter((l) => !l.startsWith('warning ')).pop() ?? result.stderr.trim();
  if (result.exitCode === 0) return { inPlace: last === 'in-place', warnings };
  throw commitRefusal(where, realPath === path ? '' : ` (the file behind the link: ${realPath})`, realPath, result.exitCode, last);
}

/** The error of a save the host-side script refused, by its exit code (the script's own codes, 71–79). */
function commitRefusal(where: string, at: string, realPath: string, exitCode: number | null, last: string): RemoteFileError {
  switch (exitCode) {
    case 72:
      return new RemoteFileError(
        `${where} changed on the host since it was opened${at}: its content is not what was loaded, so it was not overwritten. ` +
          'Keep your edits elsewhere, reload the file, and apply them again.',
        'changed',
        { path: realPath },
      );
    case 73: {
      const [links, owner] = last.split(' ');
      if (Number(links) > 1) {
        return new RemoteFileError(
          `${where}${at} has ${links} hard links: saving by renaming a new file over it would break them. ` +
            'It can be written in place instead (the content is first copied to the host and checked).',
          'hard-link',
          { links: Number(links), path: realPath },
        );
      }
      return new RemoteFileError(
        `${where}${at} belongs to uid:gid ${owner}; a new file written as this user would change its owner. ` +
          'It can be written in place instead, which keeps the owner.',
        'owner',
        { path: realPath },
      );
    }
    case 71:
      return new RemoteFileError(`${where}${at} is not a regular file`, 'other', { path: realPath });
    case 74:
      return new RemoteFileError(`${where}${at}: permission denied (to write it in place)`, 'permission', { path: realPath });
    case 78:
      return new RemoteFileError(`${where}: no such folder`, 'not-found', { path: realPath });
    case 79:
      return new RemoteFileError(`${where}${at}: ${last}`, 'other', { path: realPath });
    default:
      return new RemoteFileError(`${where}${at}: ${last || `the save failed (exit ${exitCode})`}; the file was left as it was`, 'other', {
        path: realPath,
      });
  }
}

async function exists(session: SshSession, sftp: SFTPWrapper, path: string): Promise<Stats | undefined> {
  return session.whileConnected(new Promise((resolve) => sftp.stat(path, (error, stats) => resolve(error ? undefined : stats))));
}

/** The one message for a save that found no room, from the host side's stderr or from SFTP. */
function diskFull(host: string, realPath: string): RemoteFileError {
  return new RemoteFileError(`disk full on ${host} (${realPath}); the file was left as it was`, 'disk-full', { path: realPath });
}

/** SFTP says only "Failure" when a write finds the disk full: ask the host whether there is room. */
async function lacksRoomFor(session: SshSession, folder: string, bytes: number): Promise<boolean> {
  const result = await session.exec(shellCommand(['df', '-Pk', '--', folder])).catch(() => undefined);
  const available = Number(result?.stdout.trim().split('\n').pop()?.split(/\s+/)[3]);
  return Number.isFinite(available) && available * 1024 < bytes + 4096;
}

/**
 * The file a path names once symbolic links are followed (as readlink -f: the last part may be
 * missing), asked of the SFTP server (realpath(3) there): no command to start for it.
 */
export async function realPathRemote(session: SshSession, path: string): Promise<string> {
  const sftp = await session.sftp();
  const where = `${session.endpoint.host}:${path}`;
  const real = (p: string): Promise<string> => call<string>(session, where, (done) => sftp.realpath(p, done));
  try {
    return await real(path);
  } catch (error) {
    if (!(error instanceof RemoteFileError) || error.code !== 'not-found') throw error;
    // a new file, or a link to a file not there yet
    const link = await call<string>(session, where, (done) => sftp.readlink(path, done)).catch(() => undefined);
    if (link !== undefined) return realPathRemote(session, posix.resolve(posix.dirname(path), link));
    const folder = await real(posix.dirname(path)).catch((e: unknown) => {
      throw e instanceof RemoteFileError && e.code === 'not-found'
        ? new RemoteFileError(`${where}: no such file or folder`, 'not-found')
        : e;
    });
    return posix.join(folder, posix.basename(path));
  }
}

/** Saves a file (see the top of this file); on any failure or refusal the old file is left exactly as it was. */
export async function writeFileAtomic(
  session: SshSession,
  path: string,
  data: Uint8Array,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const where = `${session.endpoint.host}:${path}`;
  const sftp = await session.sftp();
  const realPath = await realPathRemote(session, path);
  const current = await exists(session, sftp, realPath);
  if (!current && !options.create) throw new RemoteFileError(`${where}: no such file`, 'not-found');
  const temp = posix.join(posix.dirname(realPath), `.${posix.basename(realPath)}.devstack-contrail-${randomBytes(4).toString('hex')}.tmp`);
  const mode = options.mode ?? (current ? current.mode & 0o7777 : 0o644);
  try {
    await call<void>(session, where, (done) => sftp.writeFile(temp, Buffer.from(data), { mode }, done));
  } catch (error) {
    await session.whileConnected(new Promise<void>((resolve) => sftp.unlink(temp, () => resolve()))).catch(() => undefined);
    if (await lacksRoomFor(session, posix.dirname(realPath), data.length)) {
      throw diskFull(session.endpoint.host, realPath);
    }
    throw error instanceof RemoteFileError ? error : new RemoteFileError(`${where}: ${(error as Error).message}`, 'other');
  }
  let result;
  try {
    result = await session.exec(shellCommand(commitArgv(realPath, { temp }, data, options)));
  } catch (error) {
    await session.whileConnected(new Promise<void>((resolve) => sftp.unlink(temp, () => resolve()))).catch(() => undefined);
    throw new RemoteFileError(`${where}: ${(error as Error).message}; the file was left as it was`, 'other');
  }
  const outcome = commitOutcome(session.endpoint.host, path, realPath, result);
  return { ...(await statRemote(session, realPath)), realPath, ...outcome };
}

/** Writes a new file in one SFTP call (for files nothing else reads yet, such as a backup set's). */
export async function writeNewFile(session: SshSession, path: string, data: Uint8Array, mode = 0o600): Promise<void> {
  const sftp = await session.sftp();
  await call<void>(session, `${session.endpoint.host}:${path}`, (done) => sftp.writeFile(path, Buffer.from(data), { mode }, done));
}
