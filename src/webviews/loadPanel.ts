// The Load panel of one cloud: its compute hosts side by side, each with live CPU and memory (one sampler
// stream per SSH host, core/load/), what flavors reserve there (Placement) and the containers that make
// the load. Streams and timers run only while the panel is visible and all stop on dispose; the page
// keeps the charts' history itself. One panel per cloud; opening it again reveals it.
import * as vscode from 'vscode';
import { loadColumns, type SshHostReading } from '../core/load/loadColumns';
import type { HostReservation, Server } from '../core/openstack/types';
import { checkLoadWebviewMessage, LOAD_PANEL, toLoadColumnView, type LoadHostMessage } from '../shared/loadProtocol';
import { clip } from '../shared/protocol';
import type { PanelRegistry } from './panelRegistry';
import { pauseWhileHidden, webviewHtml, webviewOptions } from './webviewHtml';

export const LOAD_VIEW_TYPE = 'devstackContrail.load';

/** how often the cloud's servers and reservations are listed again while the panel shows */
const CLOUD_POLL_MS = 15_000;
/** readings of several hosts within this long make one message */
const POST_DEBOUNCE_MS = 250;
/** how often a host's container list is read again while a reading has a container it does not name */
const CONTAINERS_REREAD_MS = 10_000;

export interface Disposable {
  dispose(): void;
}

/** What the Load panel needs of one cloud and of the SSH hosts that run its containers. */
export interface LoadBackend {
  readonly cloudName: string;
  /** the SSH host of the cloud itself (its sshHost setting), if it has one */
  readonly cloudSshHost?: string;
  /** the cloud's servers and reservations as last listed */
  state(): { servers?: readonly Server[]; reservations?: readonly HostReservation[]; error?: string } | undefined;
  /** lists the cloud again (onDidChange fires after) */
  refresh(): Promise<void>;
  onDidChange(listener: () => void): Disposable;
  /** Nova's compute hosts (admin); none when they cannot be listed */
  hypervisors(): Promise<string[]>;
  sshHostOfCompute(computeHost: string): string | undefined;
  /** opens the live load stream of an SSH host (one per host however many watch it) */
  watch(sshHost: string, listener: () => void): Disposable;
  reading(sshHost: string): SshHostReading;
  /** reads the host's container list again (which container is which server) */
  refreshContainers(sshHost: string): Promise<void>;
  /** a host above this live CPU % is marked busy */
  busyCpuPercent(): number;
  /** opens the Inspect panel of a server of this cloud */
  inspect(serverId: string): void;
  log(message: string): void;
}

/** The Load panel of a cloud: the one open, revealed, or a new one. */
export function openLoadPanel(
  panels: PanelRegistry,
  extensionUri: vscode.Uri,
  backend: LoadBackend,
  column: vscode.ViewColumn = vscode.ViewColumn.Active,
): vscode.WebviewPanel {
  const existing = panels.reveal(backend.cloudName);
  if (existing) return existing;
  const title = clip(`Load: ${backend.cloudName}`, 60);
  const panel = vscode.window.createWebviewPanel(LOAD_VIEW_TYPE, title, column, webviewOptions(extensionUri));
  panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'devstack.svg');
  new LoadPanel(panel, extensionUri, backend);
  panels.add(backend.cloudName, panel);
  return panel;
}

class LoadPanel {
  private readonly watches = new Map<string, Disposable>();
  private subscription: Disposable | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private postTimer: NodeJS.Timeout | undefined;
  private hypervisors: string[] = [];
  private readonly containersAskedAt = new Map<string, number>();
  /** bumped by every `ready` and by pause: work started for an older page drops its results */
  private generation = 0;
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly backend: LoadBackend,
  ) {
    panel.webview.html = webviewHtml(panel.webview, extensionUri, LOAD_PANEL, `Load of ${backend.cloudName}`);
    panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw));
    pauseWhileHidden(
      panel,
      () => this.pause(),
      () => (this.disposed = true),
    );
  }

  private post(msg: LoadHostMessage): void {
    if (!this.disposed && this.panel.visible) void this.panel.webview.postMessage(msg);
  }

  private receive(raw: unknown): void {
    const checked = checkLoadWebviewMessage(raw);
    if (!checked.ok) {
      this.backend.log(`Load panel (${this.backend.cloudName}): ignored an invalid message from the webview: ${checked.error}`);
      return;
    }
    const msg = checked.value;
    // Refresh lists the cloud again and keeps the streams (a new stream would measure from nothing)
    if (msg.type === 'inspect') this.backend.inspect(msg.serverId);
    else if (msg.type === 'refresh' && this.subscription) void this.reload(this.generation);
    else this.start();
  }

  /** Stops every stream and timer: the page is hidden or gone. */
  private pause(): void {
    this.generation++;
    for (const watch of this.watches.values()) watch.dispose();
    this.watches.clear();
    this.subscription?.dispose();
    this.subscription = undefined;
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    clearTimeout(this.postTimer);
    this.postTimer = undefined;
  }

  /** Everything again: the page (re)loaded. */
  private start(): void {
    this.pause();
    if (this.disposed || !this.panel.visible) return;
    const generation = this.generation;
    this.subscription = this.backend.onDidChange(() => this.update(generation));
    this.update(generation);
    this.pollTimer = setInterval(() => void this.listCloud(), CLOUD_POLL_MS);
    void this.reload(generation);
  }

  /** The cloud's servers, reservations and compute hosts listed again. */
  private async reload(generation: number): Promise<void> {
    const [hypervisors] = await Promise.all([this.backend.hypervisors().catch(() => [] as string[]), this.listCloud()]);
    if (generation !== this.generation) return;
    this.hypervisors = hypervisors;
    this.update(generation);
  }

  /** Lists the cloud again; a failure is the cloud's state to show (the listing keeps it), or logged. */
  private async listCloud(): Promise<void> {
    try {
      await this.backend.refresh();
    } catch (error) {
      this.backend.log(`Load panel (${this.backend.cloudName}): cannot list the cloud: ${(error as Error).message}`);
    }
  }

  private schedulePost(generation: number): void {
    if (generation !== this.generation) return;
    this.postTimer ??= setTimeout(() => {
      this.postTimer = undefined;
      this.update(generation);
    }, POST_DEBOUNCE_MS);
  }

  /** The columns as known now, sent; the streams of the SSH hosts they need opened, the others closed. */
  private update(generation: number): void {
    if (generation !== this.generation || this.disposed || !this.panel.visible) return;
    const state = this.backend.state();
    const columns = loadColumns({
      hypervisors: this.hypervisors,
      servers: state?.servers ?? [],
      reservations: state?.reservations,
      sshHostOf: (host) => this.backend.sshHostOfCompute(host),
      cloudSshHost: this.backend.cloudSshHost,
      reading: (sshHost) => this.backend.reading(sshHost),
    });
    const needed = new Set(columns.flatMap((c) => (c.sshHost ? [c.sshHost] : [])));
    for (const [host, watch] of this.watches) {
      if (needed.has(host)) continue;
      watch.dispose();
      this.watches.delete(host);
    }
    for (const host of needed) {
      if (!this.watches.has(host))
        this.watches.set(
          host,
          this.backend.watch(host, () => this.schedulePost(generation)),
        );
      this.rereadContainers(host, generation);
    }
    this.post({
      type: 'load',
      cloud: this.backend.cloudName,
      columns: columns.map(toLoadColumnView),
      problem: state?.error === undefined ? undefined : clip(state.error),
      ...(state ? {} : { loading: true }),
      busyCpuPercent: this.backend.busyCpuPercent(),
    });
  }

  /** A container the host's list does not name yet (a server just booted): the list is read again, now and then. */
  private rereadContainers(host: string, generation: number): void {
    const reading = this.backend.reading(host);
    const unknown =
      !reading.containers ||
      (reading.load?.containers ?? []).some((c) => !reading.containers?.some((k) => k.id.startsWith(c.id) || c.id.startsWith(k.id)));
    if (!unknown || Date.now() - (this.containersAskedAt.get(host) ?? 0) < CONTAINERS_REREAD_MS) return;
    this.containersAskedAt.set(host, Date.now());
    this.backend.refreshContainers(host).then(
      () => this.schedulePost(generation),
      (error: unknown) => this.backend.log(`Load panel: cannot list the containers of ${host}: ${(error as Error).message}`),
    );
  }
}
