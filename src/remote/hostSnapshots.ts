// The one cache of what each host looks like (its devstack, services, provisioning steps, containers,
// or why it could not be read). Both trees and the commands read it; a refresh queues behind a running
// one, so the answer to a refresh asked after a change is always read after that change.
import type { StepStatus } from '../core/provision/status';
import type { HostSnapshot } from '../core/devstack/probe';
import { Emitter } from './emitter';
import { RefreshQueue } from './refreshQueue';

export interface ContainerInfo {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly state: string;
  /** "Up 5 minutes", "Exited (0) 2 hours ago" */
  readonly status: string;
  /** nova-docker names a server's container nova-<server uuid> */
  readonly novaServer?: string;
}

/** One host as last read: what the probe found, or why it could not read it. */
export interface HostView {
  readonly snapshot?: HostSnapshot;
  /** the provisioning steps as judged from the snapshot */
  readonly steps?: readonly StepStatus[];
  /** why the steps could not be judged: a provisioning setting that cannot be used */
  readonly stepsProblem?: string;
  readonly containers?: readonly ContainerInfo[];
  readonly containersError?: string;
  readonly error?: string;
}

export interface HostSnapshotsOptions {
  /** the configured hosts' names, asked at the start of each refresh */
  readonly hosts: () => readonly string[];
  /** reads one host (the probe and the container list); a throw is kept as that host's error */
  readonly read: (name: string) => Promise<HostView>;
}

/** The hosts whose view changed (refreshed, or dropped because no longer configured). */
export interface SnapshotsChange {
  readonly hosts: readonly string[];
}

/** Which hosts a refresh reads: all of them, or these. */
type Selection = 'all' | ReadonlySet<string>;

export class HostSnapshots {
  private readonly views = new Map<string, HostView>();
  private readonly changed = new Emitter<SnapshotsChange>();
  readonly onDidChange = this.changed.event;
  private readonly queue = new RefreshQueue<Selection>((selection) => this.read(selection), mergeSelections);

  constructor(private readonly options: HostSnapshotsOptions) {}

  /** The host as last refreshed; undefined before its first refresh. */
  get(name: string): HostView | undefined {
    return this.views.get(name);
  }

  /** Reads every host (or one) again; asked while a refresh runs, the answer comes from one started after it. */
  refresh(only?: string): Promise<void> {
    return this.queue.request(only === undefined ? 'all' : new Set([only]));
  }

  /** The host as cached, read first if it never was. */
  async current(name: string): Promise<HostView> {
    const cached = this.views.get(name);
    if (cached) return cached;
    await this.refresh(name);
    return this.views.get(name) ?? { error: `${name}: not a configured host` };
  }

  /** Changes every cached view without reading the hosts again (what they are judged by changed). */
  restate(transform: (view: HostView) => HostView): void {
    for (const [name, view] of this.views) this.views.set(name, transform(view));
    this.changed.fire({ hosts: [...this.views.keys()] });
  }

  private async read(selection: Selection): Promise<void> {
    const configured = this.options.hosts();
    const names = configured.filter((name) => selection === 'all' || selection.has(name));
    await Promise.all(
      names.map(async (name) => {
        let view: HostView;
        try {
          view = await this.options.read(name);
        } catch (error) {
          view = { error: (error as Error).message };
        }
        this.views.set(name, view);
      }),
    );
    const dropped = [...this.views.keys()].filter((name) => !configured.includes(name));
    for (const name of dropped) this.views.delete(name);
    this.changed.fire({ hosts: [...names, ...dropped] });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function mergeSelections(queued: Selection, added: Selection): Selection {
  if (queued === 'all' || added === 'all') return 'all';
  return new Set([...queued, ...added]);
}
