// devstack-ssh://<host>/<path>: remote files in editors, over the host's SFTP connection, so the linter
// works on them. Saves are atomic (temp file + rename, mode kept); VS Code compares the file's mtime
// and size with what it read and offers Compare / Overwrite when the host changed it meanwhile.
import * as vscode from 'vscode';
import type { DevstackContext } from '../context';
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
      return { type: s.type === 'directory' ? vscode.FileType.Directory : vscode.FileType.File, ctime: s.mtimeMs, mtime: s.mtimeMs, size: s.size };
    } catch (error) {
      throw mapError(error, uri);
    }
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    try {
      return (await this.remote.get().readDirectory(hostOf(uri), uri.path)).map(([name, s]) => [name, s.type === 'directory' ? vscode.FileType.Directory : vscode.FileType.File]);
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
    try {
      await this.remote.get().writeFile(hostOf(uri), uri.path, content, { create: options.create });
    } catch (error) {
      throw mapError(error, uri);
    }
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
