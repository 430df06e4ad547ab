// The one owner of the extension's state and disposables; features register through it.
import * as vscode from 'vscode';

export type CommandHandler = (...args: unknown[]) => unknown;

export class DevstackContext implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {}

  track<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  registerCommand(id: string, handler: CommandHandler): void {
    this.track(vscode.commands.registerCommand(id, handler));
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
