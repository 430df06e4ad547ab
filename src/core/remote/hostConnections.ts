// One SSH connection per host, shared by every feature: opened on first use, reused, reopened after a
// drop with backoff, a bounded number of operations at once, and errors that say what to do.
import { readFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { HostConfig } from './hostConfig';
import { HostKeyError, SshSession, type HostKeyPolicy, type SshCredentials } from './sshSession';

export type ConnectionStatus = 'disconnected' | 'connecting' | 'connected' | 'unreachable' | 'auth-needed' | 'host-key';

export interface ConnectionState {
  readonly status: ConnectionStatus;
  /** why, for the tree and error messages */
  readonly message?: string;
}

export interface SecretPrompts {
  /** a passphrase for an encrypted key file; undefined when the user cancels */
  passphrase(host: HostConfig, keyFile: string): Promise<string | undefined>;
  /** a password, asked only after keys and the agent failed; undefined when the user cancels */
  password(host: HostConfig, reason: string): Promise<string | undefined>;
}

export interface HostConnectionsOptions {
  readonly hosts: () => readonly HostConfig[];
  readonly hostKeys: HostKeyPolicy;
  readonly prompts?: SecretPrompts;
  readonly connectTimeoutMs?: number;
  readonly maxOperationsPerHost?: number;
  /** first and longest wait before reconnecting after a failure */
  readonly backoffMs?: { readonly first: number; readonly max: number };
  readonly agentSocket?: string;
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

class Gate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      return await task();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}

interface Entry {
  session?: SshSession;
  pending?: Promise<SshSession>;
  state: ConnectionState;
  failures: number;
  retryAt: number;
  password?: string;
  gate: Gate;
}

export class HostConnections {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(host: string, state: ConnectionState) => void>();

  constructor(private readonly options: HostConnectionsOptions) {}

  onDidChangeState(listener: (host: string, state: ConnectionState) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  state(name: string): ConnectionState {
    return this.entries.get(name)?.state ?? { status: 'disconnected' };
  }

  private entry(name: string): Entry {
    let entry = this.entries.get(name);
    if (!entry) {
      entry = { state: { status: 'disconnected' }, failures: 0, retryAt: 0, gate: new Gate(this.options.maxOperationsPerHost ?? 4) };
      this.entries.set(name, entry);
    }
    return entry;
  }

  private setState(name: string, entry: Entry, state: ConnectionState): void {
    entry.state = state;
    for (const listener of this.listeners) listener(name, state);
  }

  private host(name: string): HostConfig {
    const host = this.options.hosts().find((h) => h.name === name);
    if (!host) throw new Error(`no host named "${name}" is configured`);
    return host;
  }

  /**
   * Runs an operation on the host's shared session, at most maxOperationsPerHost at once. A session
   * that turns out to be dead (the host went away before its close was noticed) is dropped and the
   * operation tried once more on a new connection, so the error is the host's, not a stale socket's.
   */
  run<T>(name: string, operation: (session: SshSession) => Promise<T>): Promise<T> {
    const entry = this.entry(name);
    return entry.gate.run(async () => {
      const session = await this.session(name);
      try {
        return await operation(session);
      } catch (error) {
        if (!/^(Not connected|No response from server|Channel open failure)/.test((error as Error).message)) throw error;
        session.close();
        if (entry.session === session) entry.session = undefined;
        return operation(await this.session(name, { force: true }));
      }
    });
  }

  /** The open session, connecting (or reconnecting, after the backoff) when needed. */
  async session(name: string, options: { force?: boolean } = {}): Promise<SshSession> {
    const entry = this.entry(name);
    if (entry.session?.isOpen) return entry.session;
    if (entry.pending) return entry.pending;
    if (!options.force && entry.failures > 0 && Date.now() < entry.retryAt) {
      throw new Error(`${entry.state.message ?? 'not connected'} (retrying in ${Math.ceil((entry.retryAt - Date.now()) / 1000)} s)`);
    }
    entry.pending = this.open(name, entry).finally(() => { entry.pending = undefined; });
    return entry.pending;
  }

  private async open(name: string, entry: Entry): Promise<SshSession> {
    const host = this.host(name);
    this.setState(name, entry, { status: 'connecting' });
    try {
      const via = host.proxyJump ? await this.session(host.proxyJump) : undefined;
      const session = await this.connectWithCredentials(host, entry, via);
      entry.session = session;
      session.onClose(() => {
        if (entry.session !== session) return;
        entry.session = undefined;
        if (entry.state.status === 'connected') this.setState(name, entry, { status: 'disconnected', message: 'the connection was closed' });
      });
      entry.failures = 0;
      this.setState(name, entry, { status: 'connected' });
      return session;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      entry.session = undefined;
      entry.failures += 1;
      const backoff = this.options.backoffMs ?? { first: 1000, max: 30_000 };
      entry.retryAt = Date.now() + Math.min(backoff.max, backoff.first * 2 ** (entry.failures - 1));
      const status: ConnectionStatus = error instanceof HostKeyError ? 'host-key' : /authentication failed|passphrase/.test(message) ? 'auth-needed' : 'unreachable';
      this.setState(name, entry, { status, message });
      throw error;
    }
  }

  private async credentials(host: HostConfig): Promise<SshCredentials> {
    const agent = (this.options.agentSocket ?? process.env.SSH_AUTH_SOCK) || undefined;
    const candidates = host.identityFile ? [host.identityFile] : DEFAULT_KEYS.map((k) => join(homedir(), '.ssh', k));
    for (const file of candidates) {
      let key: Buffer;
      try {
        key = await readFile(file);
      } catch {
        if (host.identityFile) throw new Error(`${host.name}: cannot read the key file ${file}`);
        continue;
      }
      const kind = await keyKind(key);
      if (kind === 'unreadable') {
        if (host.identityFile) throw new Error(`${host.name}: ${file} is not a private key ssh can use`);
        continue;
      }
      if (kind === 'plain') return { privateKey: key, agent };
      const passphrase = await this.options.prompts?.passphrase(host, file);
      if (passphrase === undefined) return { agent };
      return { privateKey: key, passphrase, agent };
    }
    return { agent };
  }

  private async connectWithCredentials(host: HostConfig, entry: Entry, via: SshSession | undefined): Promise<SshSession> {
    const endpoint = { host: host.host, port: host.port, user: host.user ?? userInfo().username };
    const base = await this.credentials(host);
    const attempt = (credentials: SshCredentials): Promise<SshSession> => SshSession.connect({
      endpoint, credentials, hostKeys: this.options.hostKeys, via, readyTimeoutMs: this.options.connectTimeoutMs ?? 15_000,
    });
    try {
      return await attempt(entry.password !== undefined ? { ...base, password: entry.password } : base);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!/authentication failed/.test(message) || !this.options.prompts) throw error;
      const password = await this.options.prompts.password(host, message);
      if (password === undefined) throw error;
      const session = await attempt({ ...base, password });
      entry.password = password; // for reconnects in this session; stored elsewhere only if the user says so
      return session;
    }
  }

  disconnect(name: string): void {
    const entry = this.entries.get(name);
    entry?.session?.close();
    if (entry) {
      entry.session = undefined;
      entry.failures = 0;
      this.setState(name, entry, { status: 'disconnected' });
    }
  }

  dispose(): void {
    for (const name of [...this.entries.keys()]) this.disconnect(name);
    this.listeners.clear();
  }
}

async function keyKind(key: Buffer): Promise<'plain' | 'encrypted' | 'unreadable'> {
  const { utils } = await import('ssh2');
  const parsed = utils.parseKey(key);
  if (!(parsed instanceof Error)) return 'plain';
  return /passphrase|encrypted/i.test(parsed.message) ? 'encrypted' : 'unreadable';
}
