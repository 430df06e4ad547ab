// The one owner of the extension's state and disposables: its log, its mementos; features register through it.
import * as vscode from 'vscode';

/** What the extension keeps in VS Code's global state, by key: the one place for the keys and their types. */
export interface GlobalStateValues {
  /** the cloud of the status bar item (Pick Active Cloud…) */
  'devstackContrail.activeCloud': string;
}

/** A memento read and written only by the keys of Values, each with its type. */
export class TypedMemento<Values> {
  constructor(private readonly memento: vscode.Memento) {}

  get<K extends keyof Values & string>(key: K): Values[K] | undefined {
    return this.memento.get<Values[K]>(key);
  }

  update<K extends keyof Values & string>(key: K, value: Values[K] | undefined): Thenable<void> {
    return this.memento.update(key, value);
  }
}

export class DevstackContext implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** the extension's one output channel: commands, provisioning output, webview messages dropped */
  readonly log: vscode.LogOutputChannel;
  readonly globalState: TypedMemento<GlobalStateValues>;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = this.track(vscode.window.createOutputChannel('DevStack', { log: true }));
    this.globalState = new TypedMemento(extension.globalState);
  }

  track<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
