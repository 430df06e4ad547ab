// The remote runtime behind the Hosts and Instances views (no vscode): the SSH connections, the host
// snapshots with provisioning and clouds on top of them, and the files and shells of a host.
import type { ClientChannel } from 'ssh2';
import { dockerOverSsh } from '../core/docker/dockerOverSsh';
import { InvalidSettingError, type ProvisionSettings } from '../core/provision/settings';
import { provisioningStatus } from '../core/provision/status';
import { probeHost, type HostSnapshot } from '../core/devstack/probe';
import type { HostConfig } from '../core/remote/hostConfig';
import { HostConnections, type ConnectionState, type SecretPrompts } from '../core/remote/hostConnections';
import {
  contentSha256,
  readDirectoryRemote,
  statRemote,
  writeFileAtomic,
  type RemoteStat,
  type WriteOptions,
  type WriteResult,
} from '../core/remote/remoteFiles';
import type { HostKeyPolicy } from '../core/remote/sshSession';
import type { BackupLedger } from '../core/provision/backupLedger';
import { Clouds, type CloudsOptions } from './clouds';
import { Incidents } from './incidents';
import { LiveLoad } from './liveLoad';
import { HostSnapshots, type ContainerInfo, type HostView } from './hostSnapshots';
import { Provisioning } from './provisioning';

export interface RemoteRuntimeOptions {
  readonly hosts: () => readonly HostConfig[];
  readonly hostKeys: HostKeyPolicy;
  readonly prompts: SecretPrompts;
  /** the sudo password for root-owned files, when sudo asks for one */
  readonly sudoPassword?: (host: string) => Promise<string | undefined>;
  /** this machine's record of the backup sets it wrote, which undo starts from */
  readonly ledger: BackupLedger;
  /** the provisioning settings the steps are judged with (default: the CLI's without --set); throws InvalidSettingError for one that cannot be used */
  readonly provisionSettings?: () => ProvisionSettings;
}

const NOVA_NAME = /^nova-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export class RemoteRuntime {
  readonly connections: HostConnections;
  /** every host as last read: the one copy the trees and the commands read */
  readonly snapshots: HostSnapshots;
  readonly provisioning: Provisioning;
  /** live CPU and memory of the hosts a view shows */
  readonly load: LiveLoad;
  /** containers that end, hosts that stop answering, servers that fail, of the hosts and clouds a view shows */
  readonly incidents: Incidents;
  /** the content hash of each remote file as the editor last loaded or saved it (host, path): what a save may replace */
  private readonly loaded = new Map<string, string>();

  constructor(private readonly options: RemoteRuntimeOptions) {
    this.connections = new HostConnections({
      hosts: options.hosts,
      hostKeys: options.hostKeys,
      prompts: options.prompts,
      connectTimeoutMs: 10_000,
    });
    this.snapshots = new HostSnapshots({ hosts: () => this.hostNames(), read: (name) => this.view(name) });
    this.provisioning = new Provisioning({
      connections: this.connections,
      snapshots: this.snapshots,
      ledger: options.ledger,
      sudoPassword: options.sudoPassword,
    });
    this.load = new LiveLoad(this.connections);
    this.incidents = new Incidents(this.connections, this.load);
  }

  /** The clouds of the Instances view, which reach their hosts through these connections and snapshots. */
  clouds(options: CloudsOptions): Clouds {
    const clouds = new Clouds(options, { connections: this.connections, snapshots: this.snapshots, hostNames: () => this.hostNames() });
    this.incidents.followServers(clouds);
    return clouds;
  }

  state(name: string): ConnectionState {
    return this.connections.state(name);
  }

  hostNames(): string[] {
    return this.options.hosts().map((h) => h.name);
  }

  private host(name: string): HostConfig | undefined {
    return this.options.hosts().find((h) => h.name === name);
  }

  /** One fresh read of one host, not cached (snapshots keeps the reads): the probe (one command) and the container list (one Docker API call). */
  async view(name: string): Promise<HostView> {
    const host = this.host(name);
    let snapshot: HostSnapshot;
    try {
      snapshot = await this.connections.run(name, (s) => probeHost(s, host?.devstackDir));
    } catch (error) {
      return { error: (error as Error).message };
    }
    try {
      const containers = await this.connections.run(name, async (s) => {
        const docker = await dockerOverSsh(s);
        const list = await docker.listContainers({ all: true });
        return list.map((c): ContainerInfo => {
          const containerName = (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, '');
          return {
            id: c.Id,
            name: containerName,
            image: c.Image,
            state: c.State,
            status: c.Status,
            novaServer: NOVA_NAME.exec(containerName)?.[1],
          };
        });
      });
      return { snapshot, ...this.judged(snapshot), containers };
    } catch (error) {
      return { snapshot, ...this.judged(snapshot), containersError: `Docker: ${(error as Error).message}` };
    }
  }

  /** The steps as a plan with the user's provisioning settings would judge them, or why those settings cannot be used. */
  private judged(snapshot: HostSnapshot): Pick<HostView, 'steps' | 'stepsProblem'> {
    try {
      return { steps: provisioningStatus(snapshot, this.options.provisionSettings?.()) };
    } catch (error) {
      if (!(error instanceof InvalidSettingError)) throw error;
      return { steps: [], stepsProblem: error.message };
    }
  }

  /** The provisioning settings changed: every cached host's steps are judged again, no host is read. */
  provisionSettingsChanged(): void {
    this.snapshots.restate((view) => (view.snapshot ? { ...view, ...this.judged(view.snapshot) } : view));
  }

  exec(
    name: string,
    command: string,
    options: { stdin?: string; timeoutMs?: number } = {},
  ): Promise<{ stdout: string; stderr: string; exitCode: number | null }> {
    return this.connections.run(name, (s) => s.exec(command, options));
  }

  /** A remote file for the editor; a later writeFile of it refuses to replace a host copy that differs from this. */
  async readFile(name: string, path: string): Promise<Buffer> {
    const data = await this.connections.run(name, (s) => s.readFile(path));
    this.loaded.set(`${name}\0${path}`, contentSha256(data));
    return data;
  }

  stat(name: string, path: string): Promise<RemoteStat> {
    return this.connections.run(name, (s) => statRemote(s, path));
  }

  readDirectory(name: string, path: string): Promise<[string, RemoteStat][]> {
    return this.connections.run(name, (s) => readDirectoryRemote(s, path));
  }

  /**
   * Saves an editor's file: refused (RemoteFileError 'changed') when the host's copy is no longer what
   * readFile loaded, even within the same second; 'hard-link' or 'owner' unless `inPlace`.
   */
  async writeFile(name: string, path: string, data: Uint8Array, options: Omit<WriteOptions, 'expectedSha256'>): Promise<WriteResult> {
    const key = `${name}\0${path}`;
    const result = await this.connections.run(name, (s) =>
      writeFileAtomic(s, path, data, { ...options, expectedSha256: this.loaded.get(key) }),
    );
    this.loaded.set(key, contentSha256(data));
    return result;
  }

  /** An interactive shell with a pty, for terminals (not counted against the operation limit). */
  async shell(name: string, size: { cols: number; rows: number }, command?: string): Promise<ClientChannel> {
    const session = await this.connections.session(name);
    return session.shell(size, command);
  }

  connect(name: string): Promise<unknown> {
    return this.connections.session(name, { force: true });
  }

  disconnect(name: string): void {
    this.connections.disconnect(name);
  }

  dispose(): void {
    this.incidents.dispose();
    this.load.dispose();
    this.snapshots.dispose();
    this.connections.dispose();
  }
}
