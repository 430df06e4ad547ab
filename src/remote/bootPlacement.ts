// The live headroom of one cloud's compute hosts while its Boot form is open (no vscode): Nova's
// hypervisors and Placement's reservations read when asked, each compute host's live load watched over
// the SSH host that runs it, and the placement advice for a flavor from core/load/placement.ts.
import type { Disposable } from '../core/load/loadMonitor';
import {
  byHostName,
  hostPinningProblem,
  placeByLiveLoad,
  placementHosts,
  type PlacementAdvice,
  type PlacementFlavor,
} from '../core/load/placement';
import type { OpenStackClient } from '../core/openstack/client';
import { OpenStackError } from '../core/openstack/errors';
import type { HostReservation, Hypervisor } from '../core/openstack/types';
import type { LiveLoad } from './liveLoad';

export interface BootPlacementSource {
  readonly client: () => Promise<OpenStackClient>;
  readonly load: LiveLoad;
  /** the SSH host that runs a compute host's containers, or undefined when none is known for it */
  readonly sshHostOf: (computeHost: string, computeHosts: readonly string[]) => string | undefined;
}

/** What the Boot form shows of placement by live load. */
export interface BootPlacementState {
  /** the hosts' headroom and the recommended host; absent until Nova listed its compute hosts */
  readonly advice?: PlacementAdvice;
  /** compute host → the SSH host it is measured on */
  readonly sshHosts: ReadonlyMap<string, string>;
  /** why the boot cannot be placed on the recommended host (not admin, an older Nova, no host fits) */
  readonly cannotPlace?: string;
}

export class BootPlacementWatch implements Disposable {
  private hypervisors?: Hypervisor[];
  private reservations?: HostReservation[];
  private microversion?: string;
  /** why the compute hosts could not be read (not admin: Nova's 403) */
  private readProblem?: string;
  private readonly sshHosts = new Map<string, string>();
  private readonly watches = new Map<string, Disposable>();
  private disposed = false;

  constructor(
    private readonly source: BootPlacementSource,
    private readonly onChange: () => void,
  ) {}

  /** Reads Nova's compute hosts and Placement again, and watches the SSH host of each compute host. */
  async refresh(): Promise<void> {
    const client = await this.source.client();
    this.microversion = client.computeMicroversion;
    try {
      // by name, so the form's rows keep their places
      this.hypervisors = (await client.listHypervisors()).sort((a, b) => byHostName(a.hostname, b.hostname));
      this.readProblem = undefined;
    } catch (error) {
      this.hypervisors = undefined;
      this.readProblem =
        error instanceof OpenStackError && error.status === 403
          ? undefined
          : `Nova's compute hosts could not be listed: ${(error as Error).message}`;
    }
    this.reservations = this.hypervisors ? await client.listHostReservations().catch(() => undefined) : undefined;
    if (this.disposed) return;
    this.watchHosts((this.hypervisors ?? []).map((h) => h.hostname));
    this.onChange();
  }

  private watchHosts(computeHosts: readonly string[]): void {
    this.sshHosts.clear();
    for (const host of computeHosts) {
      const sshHost = this.source.sshHostOf(host, computeHosts);
      if (sshHost) this.sshHosts.set(host, sshHost);
    }
    const wanted = new Set(this.sshHosts.values());
    for (const [sshHost, watch] of this.watches) {
      if (wanted.has(sshHost)) continue;
      watch.dispose();
      this.watches.delete(sshHost);
    }
    for (const sshHost of wanted) if (!this.watches.has(sshHost)) this.watches.set(sshHost, this.source.load.watch(sshHost, this.onChange));
  }

  /** The headroom of every compute host for `flavor` now, the recommended host, and whether a boot can be placed there. */
  state(flavor: PlacementFlavor | undefined, busyCpuPercent: number): BootPlacementState {
    const pinning = this.readProblem ?? hostPinningProblem(this.microversion, this.hypervisors !== undefined);
    if (!this.hypervisors || !flavor) return { sshHosts: this.sshHosts, cannotPlace: pinning ?? (flavor ? undefined : 'choose a flavor') };
    const hosts = placementHosts(this.hypervisors, this.reservations, (host) => {
      const sshHost = this.sshHosts.get(host);
      if (!sshHost) return { problem: `no host of the Hosts view is named ${host}: add it there to measure it` };
      const load = this.source.load.load(sshHost);
      const problem = this.source.load.problem(sshHost);
      if (problem) return { problem: `${sshHost} is not answering: ${problem}` };
      return load ? { load, cpuP95: this.source.load.tracker(sshHost)?.host().cpu?.p95 } : { problem: `measuring ${sshHost}…` };
    });
    const advice = placeByLiveLoad(hosts, flavor, { busyCpuPercent });
    return { advice, sshHosts: this.sshHosts, cannotPlace: pinning ?? (advice.recommended ? undefined : advice.reason) };
  }

  dispose(): void {
    this.disposed = true;
    for (const watch of this.watches.values()) watch.dispose();
    this.watches.clear();
  }
}
