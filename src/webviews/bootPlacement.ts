// The Boot panel's placement by live load: watches the cloud's compute hosts from the form's first
// `ready` until the panel closes, sends their headroom for the chosen flavor at most once a second, and
// picks the host a boot goes to when the user asks for placement by live load.
import type { Flavor } from '../core/openstack/types';
import { toBootPlacementMessage } from '../shared/bootPlacementProtocol';
import type { BootHostMessage } from '../shared/protocol';
import type { InstanceBackend, PlacementWatch } from './instanceBackend';

/** a reading every 2 s per host: the form redraws at most this often */
const SEND_MS = 1000;

export class BootPlacement {
  private watch?: PlacementWatch;
  private started = false;
  private flavors = new Map<string, Flavor>();
  private flavorId = '';
  private timer?: ReturnType<typeof setTimeout>;
  private lastSent = 0;
  private disposed = false;

  constructor(
    private readonly backend: InstanceBackend,
    private readonly post: (message: BootHostMessage) => void,
    private readonly busyCpuPercent: () => number,
  ) {}

  /** Starts watching (once); a form shown again gets the headroom at once. */
  start(): void {
    if (!this.started) {
      this.started = true;
      this.watch = this.backend.watchPlacement?.(() => this.schedule());
      this.refresh();
    }
    this.send();
  }

  refresh(): void {
    if (!this.watch) return this.send();
    this.watch.refresh().catch((error: unknown) => {
      this.backend.log(`Boot panel (${this.backend.cloudName}): live headroom: ${(error as Error).message}`);
      this.send(`the compute hosts could not be read: ${(error as Error).message}`);
    });
  }

  setFlavors(flavors: readonly Flavor[]): void {
    this.flavors = new Map(flavors.map((f) => [f.id, f]));
    this.schedule();
  }

  chooseFlavor(flavorId: string): void {
    this.flavorId = flavorId;
    this.send();
  }

  /** The host to boot `flavorId` on now, or why there is none. */
  place(flavorId: string): { host: string; reason: string } | { problem: string } {
    if (!this.watch) return { problem: 'live load is read over SSH, which needs a trusted workspace' };
    const state = this.watch.state(this.flavors.get(flavorId), this.busyCpuPercent());
    const host = state.advice?.recommended;
    if (state.cannotPlace || !host) return { problem: state.cannotPlace ?? state.advice?.reason ?? 'no compute host to place on' };
    return { host, reason: state.advice?.reason ?? '' };
  }

  private schedule(): void {
    if (this.disposed || this.timer) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.send();
      },
      Math.max(0, this.lastSent + SEND_MS - Date.now()),
    );
  }

  private send(problem?: string): void {
    if (this.disposed) return;
    this.lastSent = Date.now();
    const flavor = this.flavors.get(this.flavorId);
    if (!this.watch) {
      this.post(toBootPlacementMessage(this.flavorId, undefined, new Map(), 'live load is read over SSH, which needs a trusted workspace'));
      return;
    }
    const state = this.watch.state(flavor, this.busyCpuPercent());
    this.post(toBootPlacementMessage(this.flavorId, state.advice, state.sshHosts, problem ?? state.cannotPlace));
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.watch?.dispose();
  }
}
