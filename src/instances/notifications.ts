// The notifications of the Instances view (and of any view that watches hosts): the remote runtime's
// incidents (remote/incidents.ts) filtered by devstackContrail.notifications, grouped and debounced by
// core/load/noticeGrouper.ts, shown as warnings and written to the DevStack log.
import * as vscode from 'vscode';
import { readNotificationKinds } from '../config';
import type { Incident } from '../core/load/incidents';
import { NoticeGrouper, type Notice } from '../core/load/noticeGrouper';
import type { RemoteAccess } from '../hosts/remoteLoader';
import type { RemoteRuntime } from '../remote/remoteRuntime';

const SETTINGS = 'Notification Settings';
/** how many of the last notifications are kept for the log's reader and tests */
const MAX_KEPT = 50;

export class Notifications implements vscode.Disposable {
  private readonly grouper: NoticeGrouper;
  private followed?: RemoteRuntime['incidents'];
  private subscription?: { dispose(): void };
  private readonly connections: { dispose(): void };
  private readonly recent: Notice[] = [];

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly remote: RemoteAccess,
    /** a Nova server's name by id, from the clouds as last listed */
    private readonly serverName: (serverId: string) => string | undefined,
  ) {
    this.grouper = new NoticeGrouper({ notify: (notice) => this.show(notice) });
    // whoever watches a host (the Instances view, the Load panel) connects to it first: told from then on
    this.connections = remote.onDidChangeState(() => this.remote.loaded && this.follow(this.remote.loaded));
  }

  /** The remote runtime in a trusted workspace, its incidents followed. */
  runtime(): RemoteRuntime | undefined {
    if (!vscode.workspace.isTrusted) return undefined;
    const runtime = this.remote.get();
    this.follow(runtime);
    return runtime;
  }

  /** Takes the runtime's incidents from now on (once per runtime, however often asked). */
  follow(runtime: Pick<RemoteRuntime, 'incidents'>): void {
    if (this.followed === runtime.incidents) return;
    this.subscription?.dispose();
    this.followed = runtime.incidents;
    this.subscription = runtime.incidents.onIncident((incident) => this.add(incident));
  }

  add(incident: Incident): void {
    if (!readNotificationKinds().has(incident.kind)) return;
    if (incident.kind === 'containers' && incident.serverId && !incident.serverName) {
      const serverName = this.serverName(incident.serverId);
      this.grouper.add(serverName ? { ...incident, serverName } : incident);
    } else this.grouper.add(incident);
  }

  /** The notifications shown lately, oldest first. */
  shown(): readonly Notice[] {
    return this.recent;
  }

  private show(notice: Notice): void {
    this.recent.push(notice);
    if (this.recent.length > MAX_KEPT) this.recent.shift();
    this.log.warn(notice.text);
    void vscode.window.showWarningMessage(notice.text, SETTINGS).then((answer) => {
      if (answer === SETTINGS) void vscode.commands.executeCommand('workbench.action.openSettings', 'devstackContrail.notifications');
    });
  }

  dispose(): void {
    this.connections.dispose();
    this.subscription?.dispose();
    this.grouper.dispose();
  }
}
