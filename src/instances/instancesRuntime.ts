// The OpenStack side of the Instances view, bundled into dist/remote.js with the SSH runtime: which
// clouds there are (settings, clouds.yaml, a devstack host's openrc), one authenticated client per
// cloud, and the Docker container of a server on the devstack host that runs it.
import { dockerOverSsh } from '../core/docker/dockerOverSsh';
import { findServerContainer, type ServerContainer } from '../core/docker/serverContainer';
import { cloudTlsOptions, OpenStackClient } from '../core/openstack/client';
import { loadCloudsYaml, type WorkspaceCloudsFile } from '../core/openstack/cloudsYaml';
import { readOpenrc } from '../core/openstack/openrc';
import { sshForwardTransport } from '../core/openstack/transport';
import type { CloudConfig, Server } from '../core/openstack/types';
import type { HostSnapshot } from '../core/remote/devstackProbe';
import type { HostConnections } from '../core/remote/hostConnections';
import { typedCloudAuth, type CloudEntry } from '../core/openstack/cloudEntries';
import type { CloudPasswordIdentity } from '../core/secrets/secretKeys';

/** A cloud as the view lists it: no secret in it. */
export interface CloudRef {
  readonly name: string;
  /** "clouds.yaml (~/.config/openstack/clouds.yaml)", "openrc of host2", "settings" */
  readonly origin: string;
  /** the SSH host whose Docker runs the containers (and, with viaSsh, carries the API traffic) */
  readonly sshHost?: string;
}

/** What the cloud side uses of the SSH runtime (which constructs it, so it does not import that). */
export interface InstancesRemote {
  readonly connections: HostConnections;
  hostNames(): readonly string[];
  view(host: string): Promise<{ readonly snapshot?: HostSnapshot }>;
}

/** A node of the Instances tree. */
export type InstancesNode =
  | { kind: 'cloud'; cloud: CloudRef }
  | { kind: 'computeHost'; cloud: CloudRef; host: string }
  | { kind: 'server'; cloud: CloudRef; server: Server }
  | { kind: 'message'; label: string; detail?: string; error?: boolean; icon?: string; cloud?: CloudRef };

export interface InstancesRuntimeOptions {
  readonly remote: InstancesRemote;
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

interface ResolvedCloud { readonly ref: CloudRef; readonly config: () => Promise<CloudConfig> }

export class InstancesRuntime {
  private readonly clients = new Map<string, Promise<OpenStackClient>>();
  /** the clouds as last listed: a client made right after a listing does not read clouds.yaml again */
  private listed?: Promise<{ clouds: ResolvedCloud[]; problems: string[] }>;

  constructor(private readonly options: InstancesRuntimeOptions) {}

  /** Every cloud: those of the settings first, then clouds.yaml's that no setting names. */
  async clouds(): Promise<{ clouds: CloudRef[]; problems: string[] }> {
    this.listed = this.resolve();
    const resolved = await this.listed;
    return { clouds: resolved.clouds.map((c) => c.ref), problems: resolved.problems };
  }

  private async resolve(): Promise<{ clouds: ResolvedCloud[]; problems: string[] }> {
    const problems: string[] = [];
    const file = this.options.cloudsFile();
    let yaml: Awaited<ReturnType<typeof loadCloudsYaml>> = { clouds: [], problems: [] };
    try {
      yaml = await loadCloudsYaml({
        cwd: this.options.cwd(), workspaceDirs: this.options.workspaceDirs(), approve: this.options.approveWorkspaceFile,
        env: file ? { ...process.env, OS_CLIENT_CONFIG_FILE: file } : process.env,
      });
    } catch (error) {
      problems.push((error as Error).message);
    }
    problems.push(...yaml.problems);
    const origin = `clouds.yaml (${yaml.file ?? 'none found'})`;
    const clouds: ResolvedCloud[] = [];
    const named = new Set<string>();
    for (const entry of this.options.entries()) {
      if (entry.cloud) {
        const fromYaml = yaml.clouds.find((c) => c.name === entry.cloud);
        named.add(entry.cloud);
        if (!fromYaml) { problems.push(`cloud "${entry.name}": no cloud "${entry.cloud}" in ${yaml.file ?? 'any clouds.yaml'}`); continue; }
        clouds.push({ ref: { name: entry.name, origin, sshHost: entry.sshHost }, config: async () => ({ ...fromYaml, name: entry.name, sshHost: entry.sshHost, viaSsh: entry.viaSsh, regionName: entry.regionName ?? fromYaml.regionName }) });
      } else if (entry.openrcHost) {
        const host = entry.openrcHost;
        clouds.push({
          ref: { name: entry.name, origin: `${entry.accrcFile ?? 'openrc'} of ${host}`, sshHost: entry.sshHost ?? host },
          config: async () => {
            const devstackDir = (await this.options.remote.view(host)).snapshot?.devstack?.dir ?? '/opt/stack/devstack';
            const cloud = await this.options.remote.connections.run(host, (s) => readOpenrc(s, { devstackDir, user: entry.openrcUser ?? 'admin', project: entry.openrcProject ?? entry.openrcUser ?? 'admin', accrcFile: entry.accrcFile }, host));
            return { ...cloud, name: entry.name, sshHost: entry.sshHost ?? host, viaSsh: entry.viaSsh };
          },
        });
      } else if (entry.authUrl) {
        const auth = typedCloudAuth({ ...entry, authUrl: entry.authUrl });
        clouds.push({
          ref: { name: entry.name, origin: 'settings', sshHost: entry.sshHost },
          config: async () => {
            const password = await this.options.password(entry.name, auth);
            if (password === undefined) throw new Error(`cloud "${entry.name}": no password given (it is kept in VS Code's secret storage once typed)`);
            return {
              name: entry.name, source: 'typed', regionName: entry.regionName, interface: entry.interface, sshHost: entry.sshHost, viaSsh: entry.viaSsh,
              auth: { ...auth, password },
            };
          },
        });
      } else {
        problems.push(`cloud "${entry.name}": give "cloud" (a clouds.yaml name), "openrcHost" (a host of the Hosts view) or "authUrl"`);
      }
    }
    for (const cloud of yaml.clouds) {
      if (named.has(cloud.name) || clouds.some((c) => c.ref.name === cloud.name)) continue;
      clouds.push({ ref: { name: cloud.name, origin, sshHost: cloud.sshHost }, config: async () => cloud });
    }
    return { clouds, problems };
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
        const transport = config.viaSsh && sshHost
          ? sshForwardTransport(async (host, port) => (await this.options.remote.connections.session(sshHost)).forwardOut(host, port), await cloudTlsOptions(config))
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
    } else {
      this.clients.clear();
      this.listed = undefined;
    }
  }

  async servers(name: string): Promise<Server[]> {
    return (await this.client(name)).listServers();
  }

  /**
   * The SSH host that runs a server's container: the cloud's sshHost, else the host of the Hosts view
   * named like Nova's compute host (OS-EXT-SRV-ATTR:host).
   */
  hostOf(cloud: CloudRef, server: Server): string | undefined {
    if (cloud.sshHost) return cloud.sshHost;
    const hosts = this.options.remote.hostNames();
    const compute = server.host ?? server.hypervisorHostname;
    return hosts.find((h) => h === compute);
  }

  async container(cloud: CloudRef, server: Server): Promise<{ host: string; container: ServerContainer | undefined }> {
    const host = this.hostOf(cloud, server);
    if (!host) throw new Error(`which host runs ${server.name}? Nova says ${server.host ?? 'nothing (admin only)'}; set "sshHost" of cloud "${cloud.name}" to a host of the Hosts view`);
    const container = await this.options.remote.connections.run(host, async (session) => findServerContainer(await dockerOverSsh(session), server.id));
    return { host, container };
  }
}
