// The clouds of the Instances view (no vscode): which clouds there are (settings, clouds.yaml, a
// devstack host's openrc), their servers as last listed (the one copy the tree reads), one
// authenticated client per cloud, and the Docker container of a server on the host that runs it.
import { dockerOverSsh } from '../core/docker/dockerOverSsh';
import { findServerContainer, type ServerContainer } from '../core/docker/serverContainer';
import { cloudTlsOptions, OpenStackClient } from '../core/openstack/client';
import { loadCloudsYaml, type WorkspaceCloudsFile } from '../core/openstack/cloudsYaml';
import { readOpenrc } from '../core/openstack/openrc';
import { sshForwardTransport } from '../core/openstack/transport';
import type { CloudConfig, Flavor, HostReservation, Server } from '../core/openstack/types';
import { OpenStackError } from '../core/openstack/errors';
import { typedCloudAuth, type CloudEntry } from '../core/openstack/cloudEntries';
import type { CloudPasswordIdentity } from '../core/secrets/secretKeys';
import type { HostConnections } from '../core/remote/hostConnections';
import { HeatClient, type Stack, type StackResource } from '../core/heat/heatClient';
import { inProgress } from '../core/heat/stackWatch';
import { BootPlacementWatch } from './bootPlacement';
import { Emitter } from './emitter';
import type { LiveLoad } from './liveLoad';
import type { HostSnapshots } from './hostSnapshots';
import { RefreshQueue } from './refreshQueue';

/** A cloud as the view lists it: no secret in it. */
export interface CloudRef {
  readonly name: string;
  /** "clouds.yaml (~/.config/openstack/clouds.yaml)", "openrc of host2", "settings" */
  readonly origin: string;
  /** the SSH host whose Docker runs the containers (and, with viaSsh, carries the API traffic) */
  readonly sshHost?: string;
}

/** A cloud's servers as last listed, or why they could not be. */
export interface CloudState {
  readonly servers?: readonly Server[];
  /** what flavors reserve per compute host (Placement; admin only, so absent for other users) */
  readonly reservations?: readonly HostReservation[];
  /** the cloud's flavors, for right-sizing advice (absent when they could not be listed) */
  readonly flavors?: readonly Flavor[];
  /** the project's Heat stacks; absent when the cloud has no Heat (or it did not answer: see stacksProblem) */
  readonly stacks?: readonly Stack[];
  readonly stacksProblem?: string;
  readonly error?: string;
  readonly at: number;
}

/** What the clouds use of the SSH side: the connections, the host snapshots, the configured hosts. */
export interface CloudHosts {
  readonly connections: HostConnections;
  readonly snapshots: HostSnapshots;
  hostNames(): readonly string[];
}

export interface CloudsOptions {
  /** what is wrong with the clouds setting, listed before the clouds' own problems */
  readonly settingProblems: () => readonly string[];
  readonly entries: () => readonly CloudEntry[];
  /** an extra clouds.yaml (setting), searched before the standard locations */
  readonly cloudsFile: () => string | undefined;
  /** the workspace folder, whose ./clouds.yaml counts */
  readonly cwd: () => string | undefined;
  /** every workspace folder: a clouds.yaml inside one is used only once approved */
  readonly workspaceDirs: () => readonly string[];
  /** whether the user accepts a clouds.yaml of the workspace */
  readonly approveWorkspaceFile: (file: WorkspaceCloudsFile) => Promise<boolean>;
  /** the password of a cloud typed into the settings, for that Keystone and account (kept in SecretStorage) */
  readonly password: (cloud: string, account: CloudPasswordIdentity) => Promise<string | undefined>;
}

interface ResolvedCloud {
  readonly ref: CloudRef;
  readonly config: () => Promise<CloudConfig>;
}

export class Clouds {
  private readonly clients = new Map<string, Promise<OpenStackClient>>();
  /** the clouds as last listed: a client made right after a listing does not read clouds.yaml again */
  private listed?: Promise<{ clouds: ResolvedCloud[]; problems: string[] }>;
  private listing: { clouds: CloudRef[]; problems: string[] } = { clouds: [], problems: [] };
  private readonly states = new Map<string, CloudState>();
  /** clouds whose user may not read Placement (a 403 once): not asked again */
  private readonly placementDenied = new Set<string>();
  private readonly heats = new WeakMap<OpenStackClient, HeatClient>();
  private readonly resourceCache = new Map<string, { version: string; at: number; resources: readonly StackResource[] }>();
  private readonly changed = new Emitter<void>();
  /** fires after each listing of the clouds and their servers */
  readonly onDidChange = this.changed.event;
  private readonly queue = new RefreshQueue<void>(
    () => this.list(),
    () => undefined,
  );

  constructor(
    private readonly options: CloudsOptions,
    private readonly hosts: CloudHosts,
  ) {}

  /** The clouds as last listed. */
  cloudList(): readonly CloudRef[] {
    return this.listing.clouds;
  }

  problems(): readonly string[] {
    return this.listing.problems;
  }

  state(cloud: string): CloudState | undefined {
    return this.states.get(cloud);
  }

  /**
   * Lists the clouds and the servers of each. Asked while a listing runs, one more follows it (the
   * settings may have changed since it started): callers always get an answer at least as new as their call.
   */
  refresh(): Promise<void> {
    return this.queue.request();
  }

  private async list(): Promise<void> {
    try {
      const { clouds, problems } = await this.clouds();
      this.listing = { clouds, problems: [...this.options.settingProblems(), ...problems] };
      await Promise.all(
        clouds.map(async (cloud) => {
          try {
            const [servers, reservations, flavors, stacks] = await Promise.all([
              this.servers(cloud.name),
              this.reservations(cloud.name),
              this.client(cloud.name)
                .then((c) => c.listFlavors())
                .catch(() => undefined),
              this.stacks(cloud.name),
            ]);
            this.states.set(cloud.name, { servers, reservations, flavors, ...stacks, at: Date.now() });
          } catch (error) {
            this.reset(cloud.name);
            this.states.set(cloud.name, { error: (error as Error).message, at: Date.now() });
          }
        }),
      );
      for (const name of [...this.states.keys()]) if (!clouds.some((c) => c.name === name)) this.states.delete(name);
    } catch (error) {
      this.listing = { clouds: this.listing.clouds, problems: [(error as Error).message] };
    } finally {
      this.changed.fire();
    }
  }

  /** Every cloud: those of the settings first, then clouds.yaml's that no setting names. */
  private async clouds(): Promise<{ clouds: CloudRef[]; problems: string[] }> {
    this.listed = this.resolve();
    const resolved = await this.listed;
    return { clouds: resolved.clouds.map((c) => c.ref), problems: resolved.problems };
  }

  private async resolve(): Promise<{ clouds: ResolvedCloud[]; problems: string[] }> {
    const problems: string[] = [];
    const yaml = await this.readCloudsYaml(problems);
    const origin = `clouds.yaml (${yaml.file ?? 'none found'})`;
    const clouds: ResolvedCloud[] = [];
    const named = new Set<string>();
    for (const entry of this.options.entries()) {
      if (entry.cloud) named.add(entry.cloud);
      const cloud = this.fromEntry(entry, yaml, origin, problems);
      if (cloud) clouds.push(cloud);
    }
    for (const cloud of yaml.clouds) {
      if (named.has(cloud.name) || clouds.some((c) => c.ref.name === cloud.name)) continue;
      clouds.push({ ref: { name: cloud.name, origin, sshHost: cloud.sshHost }, config: async () => cloud });
    }
    return { clouds, problems };
  }

  /** clouds.yaml as openstacksdk finds it (the setting's file first); a problem reading it is listed, not thrown */
  private async readCloudsYaml(problems: string[]): Promise<Awaited<ReturnType<typeof loadCloudsYaml>>> {
    const file = this.options.cloudsFile();
    let yaml: Awaited<ReturnType<typeof loadCloudsYaml>> = { clouds: [], problems: [] };
    try {
      yaml = await loadCloudsYaml({
        cwd: this.options.cwd(),
        workspaceDirs: this.options.workspaceDirs(),
        approve: this.options.approveWorkspaceFile,
        env: file ? { ...process.env, OS_CLIENT_CONFIG_FILE: file } : process.env,
      });
    } catch (error) {
      problems.push((error as Error).message);
    }
    problems.push(...yaml.problems);
    return yaml;
  }

  /** A cloud of the settings: named in clouds.yaml, read from a host's openrc, or typed in (its password asked when first needed). */
  private fromEntry(
    entry: CloudEntry,
    yaml: Awaited<ReturnType<typeof loadCloudsYaml>>,
    origin: string,
    problems: string[],
  ): ResolvedCloud | undefined {
    if (entry.cloud) {
      const fromYaml = yaml.clouds.find((c) => c.name === entry.cloud);
      if (!fromYaml) {
        problems.push(`cloud "${entry.name}": no cloud "${entry.cloud}" in ${yaml.file ?? 'any clouds.yaml'}`);
        return undefined;
      }
      return {
        ref: { name: entry.name, origin, sshHost: entry.sshHost },
        config: async () => ({
          ...fromYaml,
          name: entry.name,
          sshHost: entry.sshHost,
          viaSsh: entry.viaSsh,
          regionName: entry.regionName ?? fromYaml.regionName,
        }),
      };
    }
    if (entry.openrcHost) return this.fromOpenrc(entry, entry.openrcHost);
    if (entry.authUrl) return this.typedIn(entry, entry.authUrl);
    problems.push(`cloud "${entry.name}": give "cloud" (a clouds.yaml name), "openrcHost" (a host of the Hosts view) or "authUrl"`);
    return undefined;
  }

  /** A cloud read from a devstack host's openrc (or accrc file), over its SSH connection. */
  private fromOpenrc(entry: CloudEntry, host: string): ResolvedCloud {
    return {
      ref: { name: entry.name, origin: `${entry.accrcFile ?? 'openrc'} of ${host}`, sshHost: entry.sshHost ?? host },
      config: async () => {
        // the host as the Hosts view last read it (read once if it never was)
        const devstackDir = (await this.hosts.snapshots.current(host)).snapshot?.devstack?.dir ?? '/opt/stack/devstack';
        const cloud = await this.hosts.connections.run(host, (s) =>
          readOpenrc(
            s,
            {
              devstackDir,
              user: entry.openrcUser ?? 'admin',
              project: entry.openrcProject ?? entry.openrcUser ?? 'admin',
              accrcFile: entry.accrcFile,
            },
            host,
          ),
        );
        return { ...cloud, name: entry.name, sshHost: entry.sshHost ?? host, viaSsh: entry.viaSsh };
      },
    };
  }

  /** A cloud typed into the settings: its password asked when first needed, kept by Keystone URL and account. */
  private typedIn(entry: CloudEntry, authUrl: string): ResolvedCloud {
    const auth = typedCloudAuth({ ...entry, authUrl });
    return {
      ref: { name: entry.name, origin: 'settings', sshHost: entry.sshHost },
      config: async () => {
        const password = await this.options.password(entry.name, auth);
        if (password === undefined)
          throw new Error(`cloud "${entry.name}": no password given (it is kept in VS Code's secret storage once typed)`);
        return {
          name: entry.name,
          source: 'typed',
          regionName: entry.regionName,
          interface: entry.interface,
          sshHost: entry.sshHost,
          viaSsh: entry.viaSsh,
          auth: { ...auth, password },
        };
      },
    };
  }

  /** The authenticated client of a cloud, made once and kept (a failed one is forgotten). */
  client(name: string): Promise<OpenStackClient> {
    let client = this.clients.get(name);
    if (!client) {
      client = (async () => {
        const cloud = (await (this.listed ??= this.resolve())).clouds.find((c) => c.ref.name === name);
        if (!cloud) throw new Error(`no cloud named "${name}" (settings or clouds.yaml)`);
        const config = await cloud.config();
        const sshHost = config.sshHost;
        const transport =
          config.viaSsh && sshHost
            ? sshForwardTransport(
                async (host, port) => (await this.hosts.connections.session(sshHost)).forwardOut(host, port),
                await cloudTlsOptions(config),
              )
            : undefined;
        return OpenStackClient.connect(config, { transport });
      })();
      client.catch(() => this.clients.delete(name));
      this.clients.set(name, client);
    }
    return client;
  }

  /** Forget clients (settings changed, or the user asked to sign in again). */
  reset(name?: string): void {
    if (name) {
      this.clients.delete(name);
      this.placementDenied.delete(name);
    } else {
      this.clients.clear();
      this.placementDenied.clear();
      this.listed = undefined;
    }
  }

  /** The cloud's Heat, on the cloud's session (kept with its client). */
  async heat(name: string): Promise<HeatClient> {
    const client = await this.client(name);
    let heat = this.heats.get(client);
    if (!heat) {
      heat = new HeatClient(client.session);
      this.heats.set(client, heat);
    }
    return heat;
  }

  /** The stacks of a cloud with Heat; none (and no problem) when its catalog has no orchestration service. */
  private async stacks(name: string): Promise<{ stacks?: Stack[]; stacksProblem?: string }> {
    try {
      // a stack just deleted is listed DELETE_COMPLETE for a moment: it is gone
      return { stacks: (await (await this.heat(name)).listStacks()).filter((s) => s.status !== 'DELETE_COMPLETE') };
    } catch (error) {
      // a cloud without Heat is no problem: it shows no stacks
      if (error instanceof OpenStackError && error.status === undefined && /no "orchestration" service/.test(error.message)) return {};
      return { stacksProblem: (error as Error).message };
    }
  }

  /**
   * A stack's resources, its groups' members included (nested depth 2): read again when the stack
   * changed since (a new status or update time) or while it is in progress, at most every 3 s.
   */
  async stackResources(name: string, stack: Stack): Promise<readonly StackResource[]> {
    const key = `${name}\n${stack.id}`;
    const version = `${stack.status}\n${stack.updatedAt ?? ''}`;
    const cached = this.resourceCache.get(key);
    if (cached && cached.version === version && !(inProgress(stack.status) && Date.now() - cached.at > 3000)) return cached.resources;
    const resources = await (await this.heat(name)).listResources(stack, 2);
    this.resourceCache.set(key, { version, at: Date.now(), resources });
    return resources;
  }

  async servers(name: string): Promise<Server[]> {
    return (await this.client(name)).listServers();
  }

  /** Placement's reservations per compute host; undefined when the cloud's user may not read them (not admin). */
  private async reservations(name: string): Promise<HostReservation[] | undefined> {
    if (this.placementDenied.has(name)) return undefined;
    try {
      return await (await this.client(name)).listHostReservations();
    } catch (error) {
      // a user without the admin role is not asked again on every refresh
      if (error instanceof OpenStackError && error.status === 403) this.placementDenied.add(name);
      return undefined;
    }
  }

  /**
   * The SSH host that runs a server's container: the cloud's sshHost, else the host of the Hosts view
   * named like Nova's compute host (OS-EXT-SRV-ATTR:host).
   */
  hostOf(cloud: CloudRef, server: Server): string | undefined {
    return this.sshHostOfCompute(cloud, server.host ?? server.hypervisorHostname);
  }

  /** The SSH host of a compute host: the cloud's sshHost, else the host of the Hosts view named like it. */
  sshHostOfCompute(cloud: CloudRef, computeHost: string | undefined): string | undefined {
    if (cloud.sshHost) return cloud.sshHost;
    return this.hosts.hostNames().find((h) => h === computeHost);
  }

  /**
   * The SSH host measured for a compute host when a boot is placed by live load: the Hosts-view host
   * named like it, else the cloud's sshHost only when it is the cloud's one compute host (one host
   * measured for several would tell them apart by nothing).
   */
  placementSshHost(cloud: CloudRef, computeHost: string, computeHosts: readonly string[]): string | undefined {
    const named = this.hosts.hostNames().find((h) => h === computeHost);
    return named ?? (computeHosts.length === 1 ? cloud.sshHost : undefined);
  }

  /** The live headroom of a cloud's compute hosts for its Boot form, watched until disposed. */
  bootPlacement(cloud: CloudRef, load: LiveLoad, onChange: () => void): BootPlacementWatch {
    const source = {
      client: () => this.client(cloud.name),
      load,
      sshHostOf: (host: string, all: readonly string[]) => this.placementSshHost(cloud, host, all),
    };
    return new BootPlacementWatch(source, onChange);
  }

  async container(cloud: CloudRef, server: Server): Promise<{ host: string; container: ServerContainer | undefined }> {
    const host = this.hostOf(cloud, server);
    if (!host)
      throw new Error(
        `which host runs ${server.name}? Nova says ${server.host ?? 'nothing (admin only)'}; set "sshHost" of cloud "${cloud.name}" to a host of the Hosts view`,
      );
    const container = await this.hosts.connections.run(host, async (session) =>
      findServerContainer(await dockerOverSsh(session), server.id),
    );
    return { host, container };
  }

  dispose(): void {
    this.changed.dispose();
  }
}
