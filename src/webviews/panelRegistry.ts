// The open panels of one kind, by key: opening one that is open reveals it. Owned by the feature that
// opens them (and disposed with it), not kept in a module.
import type * as vscode from 'vscode';

export class PanelRegistry implements vscode.Disposable {
  private readonly open = new Map<string, vscode.WebviewPanel>();

  /** The panel open under this key, revealed; undefined when there is none. */
  reveal(key: string): vscode.WebviewPanel | undefined {
    const panel = this.open.get(key);
    panel?.reveal();
    return panel;
  }

  add(key: string, panel: vscode.WebviewPanel): void {
    this.open.set(key, panel);
    panel.onDidDispose(() => {
      if (this.open.get(key) === panel) this.open.delete(key);
    });
  }

  dispose(): void {
    for (const panel of [...this.open.values()]) panel.dispose();
  }
}
