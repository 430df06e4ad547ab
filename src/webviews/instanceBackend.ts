// What the Boot and Inspect panels need from the rest of the extension: one cloud's OpenStack client,
// the Docker container of a server on its host, a terminal and a modal. The extension implements it;
// the panels never see credentials, SSH sessions or dockerode.
import type { ServerContainer } from '../core/docker/serverContainer';
import type { PlacementFlavor } from '../core/load/placement';
import type { BootRequest, Flavor, Image, Network, Server } from '../core/openstack/types';
import type { BootPlacementState } from '../remote/bootPlacement';
import type { InstanceAction } from '../shared/protocol';

export type { InstanceAction } from '../shared/protocol';

/** What the Inspect panel reads from a server's container (ServerContainer, from core/docker, is one). */
export type InstanceContainer = Pick<ServerContainer, 'name' | 'inspect' | 'followLogs' | 'streamStats' | 'top' | 'interfaces'>;

export interface BootChoices {
  images: Image[];
  flavors: Flavor[];
  networks: Network[];
  /** compute hosts a server may be pinned to (empty: the user cannot choose, e.g. not admin) */
  hosts: string[];
}

/** The live headroom of the cloud's compute hosts, watched while the Boot form is open. */
export interface PlacementWatch {
  /** reads Nova's compute hosts and Placement again (after a boot, on Reload) */
  refresh(): Promise<void>;
  state(flavor: PlacementFlavor | undefined, busyCpuPercent: number): BootPlacementState;
  dispose(): void;
}

export interface InstanceBackend {
  /** the cloud's name as the user knows it (clouds.yaml key, "host2 openrc"): shown, and part of the panels' identity */
  readonly cloudName: string;
  bootOptions(): Promise<BootChoices>;
  /** Starts watching the compute hosts' live load; `onChange` on each reading. Undefined when live load cannot be read (untrusted). */
  watchPlacement?(onChange: () => void): PlacementWatch | undefined;
  /** Creates the servers; resolves with their ids once Nova accepted the request. */
  boot(request: BootRequest): Promise<string[]>;
  /** The server now; undefined when Nova no longer knows it (deleted). */
  getServer(id: string): Promise<Server | undefined>;
  act(id: string, action: InstanceAction): Promise<void>;
  /** The server's Docker container on the host that runs it; undefined when there is none (yet). */
  container(server: Server): Promise<InstanceContainer | undefined>;
  /** Opens a terminal with a shell in the server's container (ServerContainer.shellCommand on its host). */
  openShell(server: Server): Promise<void>;
  /** Where the panels report what a person does not need to see (invalid webview messages): the extension's log. */
  log(message: string): void;
}
