// The Boot panel: a form for new servers of one cloud, then their status polled every second until each
// is ACTIVE or ERROR (with Nova's fault message). One panel per cloud; opening it again reveals it. While
// it is open it watches each compute host's live load and shows its headroom for the chosen flavor and
// the host it recommends, where a boot can be placed (bootPlacement.ts).
import * as vscode from 'vscode';
import { readBusyCpuPercent } from '../config';
import type { Server } from '../core/openstack/types';
import { BootPlacement } from './bootPlacement';
import type { InstanceBackend } from './instanceBackend';
import {
  bootRequestProblems,
  checkWebviewMessage,
  clip,
  fieldText,
  LIMITS,
  toFlavorView,
  toImageView,
  toNetworkView,
  type BootHostMessage,
  type BootProgressEntry,
  type BootWebviewMessage,
} from '../shared/protocol';
import type { PanelRegistry } from './panelRegistry';
import { webviewHtml, webviewOptions } from './webviewHtml';

export const BOOT_VIEW_TYPE = 'devstackContrail.bootInstances';

/** how often a building server is asked for, counted from the start of one poll to the next */
const POLL_MS = 1000;
/** once Nova is spawning a server ACTIVE is a moment away: asked for more often, so it shows at once */
const SPAWNING_POLL_MS = 250;
/** Nova gives up on a build itself well before this; past it the panel stops asking and says so. */
const BUILD_TIMEOUT_MS = 15 * 60_000;

export interface BootPanelHooks {
  /** after every server of a boot reached ACTIVE or ERROR (refresh a tree, …) */
  onBooted?: (serverIds: string[]) => void;
  /** the user asked to inspect a server listed in the panel */
  onInspect?: (serverId: string) => void;
}

/** The Boot panel of the backend's cloud: the one open, revealed, or a new one. */
export function openBootPanel(
  panels: PanelRegistry,
  extensionUri: vscode.Uri,
  backend: InstanceBackend,
  hooks: BootPanelHooks = {},
): vscode.WebviewPanel {
  const existing = panels.reveal(backend.cloudName);
  if (existing) return existing;
  const panel = vscode.window.createWebviewPanel(
    BOOT_VIEW_TYPE,
    `Boot: ${backend.cloudName}`,
    vscode.ViewColumn.Active,
    webviewOptions(extensionUri),
  );
  panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'devstack.svg');
  new BootPanel(panel, extensionUri, backend, hooks);
  panels.add(backend.cloudName, panel);
  return panel;
}

/** Nova's words for a server that failed, with the hint core/openstack may add. */
function faultText(server: Server): string | undefined {
  const fault = server.fault;
  if (!fault) return undefined;
  return clip([fault.message, fault.hint].filter((part): part is string => Boolean(part)).join(' — '));
}

const isFinal = (status: string) => status !== 'BUILD';

class BootPanel {
  private readonly tracked = new Map<string, BootProgressEntry>();
  private readonly startedAt = new Map<string, number>();
  private batches: string[][] = [];
  private pollTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly log: (message: string) => void;
  private readonly placement: BootPlacement;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly backend: InstanceBackend,
    private readonly hooks: BootPanelHooks,
  ) {
    this.log = (m) => backend.log(m);
    this.placement = new BootPlacement(backend, (message) => this.post(message), readBusyCpuPercent);
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'boot', `Boot: ${backend.cloudName}`);
    panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw));
    panel.onDidDispose(() => {
      this.disposed = true;
      clearTimeout(this.pollTimer);
      this.placement.dispose();
    });
  }

  private post(message: BootHostMessage): void {
    if (!this.disposed && this.panel.visible) void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const checked = checkWebviewMessage(raw, 'boot');
    if (!checked.ok) {
      this.log(`Boot panel (${this.backend.cloudName}): ignored an invalid message from the webview: ${checked.error}`);
      return;
    }
    const message: BootWebviewMessage = checked.value;
    switch (message.type) {
      case 'ready':
        void this.sendOptions();
        this.placement.start();
        if (this.tracked.size > 0) this.sendProgress();
        break;
      case 'refresh':
        void this.sendOptions();
        this.placement.refresh();
        break;
      case 'boot':
        void this.boot(message.request, message.placeByLoad === true);
        break;
      case 'placementFlavor':
        this.placement.chooseFlavor(message.flavorId);
        break;
      case 'inspect':
        if (this.tracked.has(message.serverId)) this.hooks.onInspect?.(message.serverId);
        break;
    }
  }

  private async sendOptions(): Promise<void> {
    try {
      const choices = await this.backend.bootOptions();
      this.placement.setFlavors(choices.flavors);
      const cap = <T>(items: T[]) => items.slice(0, LIMITS.choices);
      this.post({
        type: 'bootOptions',
        cloud: fieldText(this.backend.cloudName, LIMITS.name),
        images: cap(choices.images).map(toImageView),
        flavors: cap(choices.flavors).map(toFlavorView),
        networks: cap(choices.networks).map(toNetworkView),
        hosts: cap(choices.hosts).map((h) => fieldText(h, LIMITS.word)),
      });
    } catch (error) {
      this.post({
        type: 'error',
        message: clip(`Cannot list images, flavors and networks of ${this.backend.cloudName}: ${(error as Error).message}`),
      });
    }
  }

  private async boot(asked: Parameters<InstanceBackend['boot']>[0], placeByLoad: boolean): Promise<void> {
    const problems = Object.values(bootRequestProblems(asked));
    if (problems.length > 0) {
      this.post({ type: 'error', message: problems.join(' ') });
      return;
    }
    let request = asked;
    let notice: string | undefined;
    if (placeByLoad) {
      // judged now, on the latest readings: the host shown a moment ago may have become busy
      const placed = this.placement.place(request.flavorId);
      if ('problem' in placed) {
        this.post({
          type: 'error',
          message: clip(
            `Cannot place by live load: ${placed.problem}. Clear "Place on the host live load recommends" to let Nova's scheduler decide.`,
          ),
        });
        return;
      }
      request = { ...request, host: placed.host };
      // one request, one host: a count lands together (the CLI's `boot --count` measures between boots)
      const all = request.count > 1 ? `all ${request.count} ` : '';
      notice = clip(`Placed ${all}on ${placed.host} by live load: ${placed.reason}`);
    }
    let ids: string[];
    try {
      ids = await this.backend.boot(request);
    } catch (error) {
      this.post({ type: 'error', message: clip(`Nova did not boot ${request.name}: ${(error as Error).message}`) });
      return;
    }
    const now = Date.now();
    ids.forEach((id, index) => {
      this.tracked.set(id, { id, name: ids.length > 1 ? `${request.name}-${index + 1}` : request.name, status: 'BUILD' });
      this.startedAt.set(id, now);
    });
    this.batches.push(ids);
    if (notice) this.post({ type: 'bootNotice', message: notice });
    this.sendProgress();
    this.schedulePoll(0);
  }

  private schedulePoll(delay = POLL_MS): void {
    if (this.disposed || this.pollTimer) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      void this.poll();
    }, delay);
  }

  private async poll(): Promise<void> {
    const started = Date.now();
    let spawning = false;
    const pending = [...this.tracked.values()].filter((entry) => !isFinal(entry.status));
    await Promise.all(
      pending.map(async (entry) => {
        try {
          const server = await this.backend.getServer(entry.id);
          if (!server) {
            this.tracked.set(entry.id, { ...entry, status: 'DELETED', fault: 'The server was deleted while it was being built.' });
            return;
          }
          if (server.taskState === 'spawning') spawning = true;
          const fault =
            server.status === 'ERROR'
              ? (faultText(server) ?? "Nova set the server to ERROR without a fault message: see nova-compute's log.")
              : undefined;
          this.tracked.set(entry.id, {
            id: entry.id,
            name: fieldText(server.name, LIMITS.name),
            status: fieldText(server.status, LIMITS.word),
            ...(fault ? { fault } : {}),
          });
        } catch (error) {
          // a failed poll (network blip, token renewal) is retried; it ends the wait only past the timeout
          this.log(`Boot panel: polling server ${entry.id} failed: ${(error as Error).message}`);
        }
        if (!isFinal(this.tracked.get(entry.id)?.status ?? '') && Date.now() - (this.startedAt.get(entry.id) ?? 0) > BUILD_TIMEOUT_MS) {
          this.tracked.set(entry.id, {
            ...entry,
            status: 'TIMEOUT',
            fault: `Still building after ${BUILD_TIMEOUT_MS / 60_000} minutes: check nova-compute and nova-scheduler on the host.`,
          });
        }
      }),
    );
    if (this.disposed) return;
    this.sendProgress();
    this.batches = this.batches.filter((ids) => {
      if (!ids.every((id) => isFinal(this.tracked.get(id)?.status ?? 'BUILD'))) return true;
      this.hooks.onBooted?.(ids);
      this.placement.refresh(); // Placement holds the new servers' flavors now
      return false;
    });
    const period = spawning ? SPAWNING_POLL_MS : POLL_MS;
    if ([...this.tracked.values()].some((entry) => !isFinal(entry.status))) this.schedulePoll(Math.max(0, period - (Date.now() - started)));
  }

  private sendProgress(): void {
    const servers = [...this.tracked.values()].slice(-LIMITS.bootCount * 10);
    this.post({ type: 'bootProgress', servers, finished: servers.every((entry) => isFinal(entry.status)) });
  }
}
