// Loads the remote runtime (dist/remote.js, with ssh2 and dockerode) on first use and wires it to
// VS Code: host-key prompts, passphrases and passwords (SecretStorage only, and only if the user says so).
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { readHosts, readProvisionSettings, readSshSettings } from '../config';
import type { DevstackContext } from '../context';
import type { HostConfig } from '../core/remote/hostConfig';
import type { PromptContext, SecretKind } from '../core/remote/hostConnections';
import type { UnknownHostKey } from '../core/remote/sshSession';
import { forgetSecrets, StoredSecretPrompts } from '../core/remote/storedSecrets';
import type { Clouds, CloudsOptions } from '../remote/clouds';
import type { HostView } from '../remote/hostSnapshots';
import type { RemoteRuntime } from '../remote/remoteRuntime';

type RuntimeModule = typeof import('../remote/index');

function expandHome(path: string): string {
  return path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
}

export function knownHostsPath(): string {
  return expandHome(readSshSettings().knownHostsFile);
}

export interface HostList {
  hosts: HostConfig[];
  problems: string[];
  fromSshConfig: Set<string>;
}

/** The hosts of the setting, then those of ~/.ssh/config that the setting does not name. */
function readHostList(): HostList {
  const { hosts, problems } = readHosts();
  const fromSshConfig = new Set<string>();
  const { configFile } = readSshSettings();
  if (configFile) {
    let text: string | undefined;
    try {
      text = readFileSync(expandHome(configFile), 'utf8');
    } catch {
      text = undefined; // no ssh config is fine
    }
    if (text !== undefined) {
      // ssh-config is small and pure: loading it here keeps dist/remote.js for what needs ssh2
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { hostsFromSshConfig } = require('../core/remote/sshConfigHosts') as typeof import('../core/remote/sshConfigHosts');
      for (const host of hostsFromSshConfig(text)) {
        if (hosts.some((h) => h.name === host.name)) continue;
        hosts.push(host);
        fromSshConfig.add(host.name);
      }
    }
  }
  return { hosts, problems, fromSshConfig };
}

export class RemoteAccess implements vscode.Disposable {
  private runtime?: RemoteRuntime;
  /** hosts for which the user asked to connect: only they may prompt (modals, passwords) */
  private readonly interactive = new Set<string>();
  private readonly stateChanged = new vscode.EventEmitter<string>();
  readonly onDidChangeState = this.stateChanged.event;
  private readonly snapshotsChanged = new vscode.EventEmitter<readonly string[]>();
  /** the hosts whose snapshot the runtime read again (or dropped) */
  readonly onDidChangeSnapshots = this.snapshotsChanged.event;

  private hostListCache?: { at: number; value: HostList };

  constructor(private readonly ctx: DevstackContext) {}

  /** The configured hosts. The tree asks many times per redraw: the answer is kept for a second rather than re-reading the file. */
  hostList(): HostList {
    if (this.hostListCache && Date.now() - this.hostListCache.at < 1000) return this.hostListCache.value;
    this.hostListCache = { at: Date.now(), value: readHostList() };
    return this.hostListCache.value;
  }

  /** Forget the cached host list (the settings changed). */
  invalidateHostList(): void {
    this.hostListCache = undefined;
  }

  get loaded(): RemoteRuntime | undefined {
    return this.runtime;
  }

  get(): RemoteRuntime {
    if (this.runtime) return this.runtime;
    // the one gate of every remote feature: an untrusted workspace gets language features only
    if (!vscode.workspace.isTrusted)
      throw new Error(
        'This workspace is not trusted: remote hosts, clouds and provisioning need a trusted workspace (Manage Workspace Trust).',
      );
    // a runtime require of the separate bundle: esbuild leaves it out of dist/extension.js
    const modulePath = join(this.ctx.extension.extensionPath, 'dist', 'remote.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runtimeModule = require(modulePath) as RuntimeModule;
    this.runtime = runtimeModule.createRemoteRuntime({
      hosts: () => this.hostList().hosts,
      hostKeys: {
        get knownHostsPath() {
          return knownHostsPath();
        },
        confirmUnknownKey: (key) => this.confirmUnknownKey(key),
      },
      // kept in SecretStorage only once the host accepted it, and only if the user says so
      prompts: new StoredSecretPrompts(this.ctx.extension.secrets, {
        ask: (host, kind, prompt, context) => this.askSecret(host, kind, prompt, context),
        remember: async (host, kind) =>
          (await vscode.window.showInformationMessage(
            `Connected to ${host.name}. Remember the ${kind} in VS Code's secret storage?`,
            'Remember',
            'Only this session',
          )) === 'Remember',
      }),
      // asked during a provisioning command the user started; kept in memory for this session only
      // in this machine's extension storage: a workspace or a host cannot write it
      ledger: new runtimeModule.FileLedger(join(this.ctx.extension.globalStorageUri.fsPath, 'backups.json')),
      sudoPassword: (name) =>
        Promise.resolve(
          vscode.window.showInputBox({
            title: `sudo on ${name}`,
            prompt: `sudo password on ${name} (to write files owned by root, such as /etc/nova/rootwrap.d/docker.filters)`,
            password: true,
            ignoreFocusOut: true,
          }),
        ),
      provisionSettings: readProvisionSettings,
    });
    this.runtime.connections.onDidChangeState((name) => this.stateChanged.fire(name));
    this.runtime.snapshots.onDidChange((change) => this.snapshotsChanged.fire(change.hosts));
    return this.runtime;
  }

  /** The provisioning settings changed: the hosts' steps are judged again (once the runtime is loaded). */
  provisionSettingsChanged(): void {
    this.runtime?.provisionSettingsChanged();
  }

  /** A host as the runtime last read it; undefined before the runtime is loaded or the host is read. */
  hostView(name: string): HostView | undefined {
    return this.runtime?.snapshots.get(name);
  }

  /** The Instances view's clouds (OpenStack clients and containers), in the same lazily loaded bundle. */
  clouds(options: CloudsOptions): Clouds {
    return this.get().clouds(options);
  }

  hostNames(): string[] {
    return this.hostList().hosts.map((h) => h.name);
  }

  async connect(name: string): Promise<void> {
    this.interactive.add(name);
    try {
      await this.get().connect(name);
    } finally {
      this.interactive.delete(name);
    }
  }

  /** Only a connect the user asked for may prompt: for that host, or for its jump host on its behalf. */
  private mayAsk(name: string | undefined, jumpFor: string | undefined): boolean {
    return (name !== undefined && this.interactive.has(name)) || (jumpFor !== undefined && this.interactive.has(jumpFor));
  }

  private async confirmUnknownKey(key: UnknownHostKey): Promise<boolean> {
    const name = key.hostName ?? this.hostList().hosts.find((h) => h.host === key.host && h.port === key.port)?.name;
    if (!this.mayAsk(name, key.jumpFor)) return false;
    const address = `${key.host}${key.port === 22 ? '' : `:${key.port}`}`;
    const who = key.jumpFor ? `${address} (${name}, the jump host for ${key.jumpFor})` : address;
    const others = key.otherKnownKeys.map((k) => `${k.keyType} ${k.fingerprint} (${k.at.path}:${k.at.line})`);
    const message =
      others.length > 0
        ? `The authenticity of host ${who} can't be established, but keys of a different type are already known for this host.`
        : `The authenticity of host ${who} can't be established.`;
    const known =
      others.length > 0
        ? `\n\nAlready known for this host: ${others.join('; ')}. A host that offers another type than the one it is known by may have been replaced.`
        : '';
    const answer = await vscode.window.showWarningMessage(
      message,
      {
        modal: true,
        detail: `${key.keyType} key fingerprint is ${key.fingerprint}.${known}\n\nCompare it with the host's own (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on the host). Trusting it adds it to ${knownHostsPath()}.`,
      },
      'Trust and Connect',
    );
    return answer === 'Trust and Connect';
  }

  private async askSecret(host: HostConfig, kind: SecretKind, prompt: string, context: PromptContext): Promise<string | undefined> {
    if (!this.mayAsk(host.name, context.jumpFor)) return undefined;
    const title = context.jumpFor ? `Connect to ${context.jumpFor} through ${host.name}` : `Connect to ${host.name}`;
    return vscode.window.showInputBox({ title, prompt, password: true, ignoreFocusOut: true });
  }

  async forgetSecrets(name: string): Promise<void> {
    await forgetSecrets(this.ctx.extension.secrets, name);
  }

  dispose(): void {
    this.runtime?.dispose();
    this.stateChanged.dispose();
    this.snapshotsChanged.dispose();
  }
}
