// devstack-ssh://<host>/<path>: remote files in editors, over the host's SFTP connection, so the linter
// works on them. Saves are atomic and keep the layout (remoteFiles.ts: through symbolic links; owner,
// mode, ACLs and extended attributes kept). VS Code compares the file's mtime and size with what it
// read; the runtime also compares the host's content with what was loaded (mtimes have whole seconds)
// and refuses the save when they differ. A file with other hard links, or whose owner a new file
// cannot get, is written in place only when the user says so here.
import * as vscode from 'vscode';
import type { DevstackContext } from '../context';
import type { RemoteFileErrorCode, WriteResult } from '../core/remote/remoteFiles';
import type { RemoteAccess } from './remoteLoader';

export const REMOTE_SCHEME = 'devstack-ssh';

export function remoteUri(host: string, path: string): vscode.Uri {
  return vscode.Uri.from({ scheme: REMOTE_SCHEME, authority: encodeURIComponent(host), path });
}

function hostOf(uri: vscode.Uri): string {
  return decodeURIComponent(uri.authority);
}

function mapError(error: unknown, uri: vscode.Uri): Error {
  const code = (error as { code?: string }).code;
  if (code === 'not-found') return vscode.FileSystemError.FileNotFound(uri);
  if (code === 'permission') return vscode.FileSystemError.NoPermissions(uri);
  return vscode.FileSystemError.Unavailable(`${uri.toString()}: ${(error as Error).message}`);
}

/** A rename would break the file's hard links or change its owner: the user decides whether it is written in place. */
async function askInPlace(error: Error): Promise<boolean> {
  const answer = await vscode.window.showWarningMessage(
    error.message,
    {
      modal: true,
      detail:
        'Writing in place keeps the file itself (its other names, owner and attributes); it is not atomic, but the new content is first copied to the host and checked.',
    },
    'Write in Place',
  );
  return answer === 'Write in Place';
}

class RemoteFileSystem implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  constructor(private readonly remote: RemoteAccess) {}

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    try {
      const s = await this.remote.get().stat(hostOf(uri), uri.path);
      return {
        type: s.type === 'directory' ? vscode.FileType.Directory : vscode.FileType.File,
        ctime: s.mtimeMs,
        mtime: s.mtimeMs,
        size: s.size,
      };
    } catch (error) {
      throw mapError(error, uri);
    }
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    try {
      return (await this.remote.get().readDirectory(hostOf(uri), uri.path)).map(([name, s]) => [
        name,
        s.type === 'directory' ? vscode.FileType.Directory : vscode.FileType.File,
      ]);
    } catch (error) {
      throw mapError(error, uri);
    }
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    try {
      return await this.remote.get().readFile(hostOf(uri), uri.path);
    } catch (error) {
      throw mapError(error, uri);
    }
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array, options: { create: boolean; overwrite: boolean }): Promise<void> {
    const save = (inPlace: boolean): Promise<WriteResult> =>
      this.remote.get().writeFile(hostOf(uri), uri.path, content, { create: options.create, inPlace });
    let result: WriteResult;
    try {
      try {
        result = await save(false);
      } catch (error) {
        // (a RemoteFileError of dist/remote.js: another bundle, so known by its code, not by instanceof)
        const code = (error as { code?: RemoteFileErrorCode }).code;
        if (code !== 'hard-link' && code !== 'owner') throw error;
        if (!(await askInPlace(error as Error))) throw error;
        result = await save(true);
      }
    } catch (error) {
      throw mapError(error, uri);
    }
    for (const warning of result.warnings) void vscode.window.showWarningMessage(warning);
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(`${uri.toString()}: creating folders on devstack hosts is not supported`);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(`${uri.toString()}: deleting files on devstack hosts is not supported`);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(`${uri.toString()}: renaming files on devstack hosts is not supported`);
  }
}

export function registerRemoteFileSystem(ctx: DevstackContext, remote: RemoteAccess): void {
  ctx.track(vscode.workspace.registerFileSystemProvider(REMOTE_SCHEME, new RemoteFileSystem(remote), { isCaseSensitive: true }));
}
