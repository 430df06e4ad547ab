// The stackrc of the devstack checkout an open file sits in, for its release (core/devstack/stackrc.ts):
// read through VS Code's file system, so a file on a host (devstack-ssh:) gets the host's own stackrc.
// Looked up once per folder; a lint that needs one not yet read goes on without it, and the document is
// linted again when it arrives. A stackrc saved or changed on disk is read again.
import * as vscode from 'vscode';
import { stackrcFolders } from '../core/devstack/stackrc';

/** a stackrc is a few KiB; anything much larger is not one */
const MAX_STACKRC_BYTES = 256 * 1024;

type Lookup = { readonly path: string; readonly text: string } | null;

export class CheckoutStackrcs implements vscode.Disposable {
  /** folder URI → its stackrc, null when it has none, a promise while it is being read */
  private readonly folders = new Map<string, Lookup | Promise<Lookup>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly relint: (uri: vscode.Uri) => void) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/stackrc');
    const forget = (uri: vscode.Uri): void => this.forget(uri);
    this.subscriptions.push(
      watcher,
      watcher.onDidChange(forget),
      watcher.onDidCreate(forget),
      watcher.onDidDelete(forget),
      vscode.workspace.onDidSaveTextDocument((d) => (d.uri.path.endsWith('/stackrc') ? forget(d.uri) : undefined)),
    );
  }

  /** The stackrc for a document, if it has been read; else undefined now, and a relint when it is. */
  for(document: vscode.Uri): { path: string; text: string } | undefined {
    if (document.scheme !== 'file' && document.scheme !== 'devstack-ssh') return undefined;
    const folders = stackrcFolders(vscode.Uri.joinPath(document, '..').path, (p) => p.replace(/\/[^/]*\/?$/, '') || '/');
    let pending = false;
    for (const folder of folders) {
      const key = document.with({ path: folder }).toString();
      let found = this.folders.get(key);
      if (found === undefined) {
        found = this.read(document.with({ path: `${folder === '/' ? '' : folder}/stackrc` }));
        this.folders.set(key, found);
        void found.then((lookup) => {
          if (this.folders.get(key) === found) this.folders.set(key, lookup);
          // also when there is none here: a stackrc one folder up may have waited for this answer
          this.relint(document);
        });
      }
      if (found instanceof Promise) {
        pending = true;
        continue;
      }
      // a nearer folder still being read decides first: its answer comes with a relint
      if (found && !pending) return found;
    }
    return undefined;
  }

  private async read(uri: vscode.Uri): Promise<Lookup> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type !== vscode.FileType.File || stat.size > MAX_STACKRC_BYTES) return null;
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      return { path: uri.scheme === 'file' ? uri.fsPath : `${uri.authority}:${uri.path}`, text };
    } catch {
      return null;
    }
  }

  private forget(stackrc: vscode.Uri): void {
    this.folders.delete(vscode.Uri.joinPath(stackrc, '..').toString());
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.path.startsWith(`${vscode.Uri.joinPath(stackrc, '..').path}/`)) this.relint(document.uri);
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
