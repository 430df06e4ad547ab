// The Inspect panel of one server: its Nova state refreshed every few seconds while the panel is visible,
// its container's details, live stats, log (tail, then follow), interfaces and processes; Stop / Start /
// Delete (confirmed in the panel first), and a shell in the container. Streams run only while the panel is
// visible and all stop on dispose. One panel per server; opening it again reveals it.
import * as vscode from 'vscode';
import type { LogLine, Stoppable } from '../core/docker/types';
import type { Server } from '../core/openstack/types';
import type { InstanceBackend, InstanceContainer } from './instanceBackend';
import {
  checkWebviewMessage,
  clip,
  LIMITS,
  SERVER_ID,
  toContainerDetails,
  toInterfaces,
  toLogLines,
  toProcessTable,
  toServerView,
  type InspectHostMessage,
  type InspectWebviewMessage,
  type InstanceAction,
} from '../shared/protocol';
import type { PanelRegistry } from './panelRegistry';
import { pauseWhileHidden, webviewHtml, webviewOptions } from './webviewHtml';

export const INSPECT_VIEW_TYPE = 'devstackContrail.inspectInstance';

const IDLE_POLL_MS = 5000;
/** while Nova works on the server (task_state set, BUILD): the change shows within a second or two */
const BUSY_POLL_MS = 1500;
const LOG_TAIL = 500;
const LOG_FLUSH_MS = 150;

const panelKey = (backend: InstanceBackend, serverId: string) => `${backend.cloudName}\u0000${serverId}`;

/** The Inspect panel of a server: the one open, revealed, or a new one. */
export function openInspectPanel(
  panels: PanelRegistry,
  extensionUri: vscode.Uri,
  backend: InstanceBackend,
  serverId: string,
  column: vscode.ViewColumn = vscode.ViewColumn.Active,
): vscode.WebviewPanel | undefined {
  if (!SERVER_ID.test(serverId)) return undefined;
  const existing = panels.reveal(panelKey(backend, serverId));
  if (existing) return existing;
  const panel = vscode.window.createWebviewPanel(INSPECT_VIEW_TYPE, `Server ${serverId.slice(0, 8)}`, column, webviewOptions(extensionUri));
  panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'devstack.svg');
  new InspectPanel(panel, extensionUri, backend, serverId);
  panels.add(panelKey(backend, serverId), panel);
  return panel;
}

const message = (error: unknown) => clip(error instanceof Error ? error.message : String(error));

class InspectPanel {
  private server: Server | undefined;
  private gone = false;
  private container: InstanceContainer | undefined;
  private containerRunning = false;
  private following = true;
  private logs: Stoppable | undefined;
  private stats: Stoppable | undefined;
  private pendingLines: LogLine[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private busy: InstanceAction | 'openShell' | undefined;
  /** bumped by every `ready` and by dispose: work started for an older page drops its results */
  private generation = 0;
  private disposed = false;
  private readonly log: (message: string) => void;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly backend: InstanceBackend,
    private readonly serverId: string,
  ) {
    this.log = (m) => backend.log(m);
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'inspect', `Server ${serverId}`);
    panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw));
    pauseWhileHidden(
      panel,
      () => this.pause(),
      () => (this.disposed = true),
    );
  }

  private post(msg: InspectHostMessage): void {
    if (!this.disposed && this.panel.visible) void this.panel.webview.postMessage(msg);
  }

  private receive(raw: unknown): void {
    const checked = checkWebviewMessage(raw, 'inspect');
    if (!checked.ok) {
      this.log(`Inspect panel (${this.serverId}): ignored an invalid message from the webview: ${checked.error}`);
      return;
    }
    const msg: InspectWebviewMessage = checked.value;
    switch (msg.type) {
      case 'ready':
      case 'refresh':
        void this.start();
        break;
      case 'followLogs':
        this.following = msg.follow;
        this.restartLogs();
        break;
      case 'action':
        void this.act(msg.action);
        break;
      case 'openShell':
        void this.openShell();
        break;
    }
  }

  /** Stops every timer and stream; the page is hidden or gone. */
  private pause(): void {
    this.generation++;
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    this.stopStreams();
  }

  private stopStreams(): void {
    this.logs?.stop();
    this.logs = undefined;
    this.stats?.stop();
    this.stats = undefined;
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pendingLines = [];
  }

  /** Everything again: the page (re)loaded or asked for a refresh. */
  private async start(): Promise<void> {
    this.pause();
    const generation = this.generation;
    await this.refresh(generation, true);
    if (generation !== this.generation || this.gone) return;
    this.restartLogs();
    this.schedulePoll(generation);
  }

  private schedulePoll(generation: number): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    if (this.disposed || this.gone || generation !== this.generation || !this.panel.visible) return;
    const busy = this.server?.status === 'BUILD' || Boolean(this.server?.taskState);
    this.pollTimer = setTimeout(
      async () => {
        await this.refresh(generation, false);
        this.schedulePoll(generation);
      },
      busy ? BUSY_POLL_MS : IDLE_POLL_MS,
    );
  }

  /** Reads the server and its container; on a change of state (or `full`) also interfaces and streams. */
  private async refresh(generation: number, full: boolean): Promise<void> {
    let server: Server | undefined;
    try {
      server = await this.backend.getServer(this.serverId);
    } catch (error) {
      if (generation === this.generation) this.post({ type: 'error', message: `Cannot read server ${this.serverId}: ${message(error)}` });
      return;
    }
    if (generation !== this.generation) return;
    if (!server) return this.serverGone();
    const changed = full || server.status !== this.server?.status || !this.container;
    this.server = server;
    this.panel.title = clip(server.name || server.id, 60);
    this.post({ type: 'server', server: toServerView(server) });
    if (changed) {
      try {
        this.container = await this.backend.container(server);
      } catch (error) {
        this.container = undefined;
        if (generation === this.generation) this.post({ type: 'container', details: null, reason: message(error) });
        return;
      }
      if (generation !== this.generation) return;
    }
    await this.refreshContainer(generation, changed, full);
  }

  /** `changed`: the server changed state, read the interfaces again; `fromStart`: the page (re)loaded. */
  private async refreshContainer(generation: number, changed: boolean, fromStart: boolean): Promise<void> {
    const container = this.container;
    if (!container) {
      const reason = `No container nova-${this.serverId} on the host yet: nova-docker creates it when the server is scheduled and spawned.`;
      this.post({ type: 'container', details: null, reason });
      this.setRunning(false);
      return;
    }
    try {
      const details = await container.inspect();
      if (generation !== this.generation) return;
      this.post({ type: 'container', details: toContainerDetails(details) });
      const running = details.state === 'running';
      if (running !== this.containerRunning || fromStart) this.setRunning(running, fromStart);
    } catch (error) {
      if (generation !== this.generation) return;
      this.container = undefined;
      this.post({ type: 'container', details: null, reason: message(error) });
      this.setRunning(false);
      return;
    }
    const [top, interfaces] = await Promise.allSettled([container.top(), changed ? container.interfaces() : Promise.resolve(undefined)]);
    if (generation !== this.generation) return;
    this.post(
      top.status === 'fulfilled'
        ? { type: 'top', table: toProcessTable(top.value) }
        : { type: 'top', table: null, reason: message(top.reason) },
    );
    if (interfaces.status === 'rejected') this.post({ type: 'interfaces', list: null, reason: message(interfaces.reason) });
    else if (interfaces.value) this.post({ type: 'interfaces', list: toInterfaces(interfaces.value) });
  }

  /** A container that (re)started gets a stats stream and, when following, a fresh log (`start` restarts the log itself). */
  private setRunning(running: boolean, fromStart = false): void {
    const started = running && !this.containerRunning;
    this.containerRunning = running;
    if (!running) {
      this.stats?.stop();
      this.stats = undefined;
      return;
    }
    if (!this.stats) this.startStats();
    if (started && !fromStart && this.following) this.restartLogs();
  }

  private startStats(): void {
    const container = this.container;
    if (!container || !this.panel.visible) return;
    const stream = container.streamStats(
      (sample) => this.post({ type: 'stats', sample }),
      () => {
        if (this.stats === stream) this.stats = undefined;
      },
    );
    this.stats = stream;
  }

  /** The last lines again, then new ones while following. */
  private restartLogs(): void {
    this.logs?.stop();
    this.logs = undefined;
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pendingLines = [];
    const container = this.container;
    this.post({ type: 'logLines', lines: [], reset: true });
    if (!container || !this.panel.visible) {
      this.post({ type: 'logsFollowing', following: false, reason: container ? undefined : 'no container to read a log from' });
      return;
    }
    const follow = this.following && this.containerRunning;
    const stream = container.followLogs(
      { tail: LOG_TAIL, follow },
      (line) => this.queueLine(line),
      (error) => {
        if (this.logs !== stream) return;
        this.flushLines();
        this.logs = undefined;
        if (error || follow)
          this.post({ type: 'logsFollowing', following: false, reason: error ? message(error) : 'the container stopped' });
      },
    );
    this.logs = stream;
    this.post({ type: 'logsFollowing', following: follow, reason: this.following && !follow ? 'the container is not running' : undefined });
  }

  private queueLine(line: LogLine): void {
    this.pendingLines.push(line);
    // a flood keeps only what the page can show: the newest lines
    if (this.pendingLines.length > LIMITS.logBatch) this.pendingLines.splice(0, this.pendingLines.length - LIMITS.logBatch);
    this.flushTimer ??= setTimeout(() => this.flushLines(), LOG_FLUSH_MS);
  }

  private flushLines(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pendingLines.length === 0) return;
    const lines = toLogLines(this.pendingLines);
    this.pendingLines = [];
    this.post({ type: 'logLines', lines, reset: false });
  }

  private serverGone(): void {
    this.gone = true;
    this.stopStreams();
    this.container = undefined;
    this.containerRunning = false;
    const reason = `Server ${this.server?.name ?? this.serverId} no longer exists: it was deleted.`;
    this.post({ type: 'server', server: null, reason });
    this.post({
      type: 'container',
      details: null,
      reason: `container nova-${this.serverId} is gone: the server was deleted or nova-compute removed it`,
    });
    this.post({ type: 'logsFollowing', following: false, reason: 'the server was deleted' });
  }

  private async act(action: InstanceAction): Promise<void> {
    const server = this.server;
    if (this.busy || !server || this.gone) {
      this.post({
        type: 'actionResult',
        action,
        ok: false,
        message: this.busy ? `Wait for ${this.busy} to finish.` : 'The server is not loaded.',
      });
      return;
    }
    this.busy = action;
    try {
      // Stop and Delete were confirmed in the panel (its confirmation bar) before the message was sent
      await this.backend.act(server.id, action);
      this.post({ type: 'actionResult', action, ok: true });
    } catch (error) {
      this.post({ type: 'actionResult', action, ok: false, message: `${action} failed: ${message(error)}` });
    } finally {
      this.busy = undefined;
    }
    // show the transition at once, then poll fast while Nova works
    const generation = this.generation;
    await this.refresh(generation, false);
    this.schedulePoll(generation);
  }

  private async openShell(): Promise<void> {
    if (!this.server || this.gone) return;
    try {
      await this.backend.openShell(this.server);
      this.post({ type: 'actionResult', action: 'openShell', ok: true });
    } catch (error) {
      this.post({ type: 'actionResult', action: 'openShell', ok: false, message: message(error) });
    }
  }
}
