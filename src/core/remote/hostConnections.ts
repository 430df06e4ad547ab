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

export type SecretKind = 'password' | 'passphrase';

/** Why a secret is asked for: a ProxyJump hop is asked about on behalf of its target; a retry after a wrong one. */
export interface PromptContext {
  /** set when the host is being connected as the jump host of this (configured) host */
  readonly jumpFor?: string;
  /** the previous one was wrong */
  readonly retry?: boolean;
}

export interface SecretPrompts {
  /** a passphrase for an encrypted key file; undefined when the user cancels */
  passphrase(host: HostConfig, keyFile: string, context: PromptContext): Promise<string | undefined>;
  /** a password, asked only after keys and the agent failed; undefined when the user cancels */
  password(host: HostConfig, reason: string, context: PromptContext): Promise<string | undefined>;
  /** the host accepted it (or, for a passphrase, the key opened with it and the host let us in): the one time it may be kept */
  accepted?(host: HostConfig, kind: SecretKind, value: string): Promise<void>;
  /** it was wrong: one that was kept is forgotten, so the next connect asks instead of failing again */
  rejected?(host: HostConfig, kind: SecretKind): Promise<void>;
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
/** as ssh's NumberOfPasswordPrompts */
const ATTEMPTS = 3;
const AUTH_FAILED = /authentication failed/;

interface KeyCredentials extends SshCredentials {
  /** the passphrase the user gave (checked: the key opened with it), to report as accepted once connected */
  readonly givenPassphrase?: string;
}

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

  /**
   * The open session, connecting (or reconnecting, after the backoff) when needed. `jumpFor`: it is
   * opened as the ProxyJump hop of that host (prompts say so).
   */
  async session(name: string, options: { force?: boolean; jumpFor?: string } = {}): Promise<SshSession> {
    const entry = this.entry(name);
    if (entry.session?.isOpen) return entry.session;
    if (entry.pending) return entry.pending;
    if (!options.force && entry.failures > 0 && Date.now() < entry.retryAt) {
      throw new Error(`${entry.state.message ?? 'not connected'} (retrying in ${Math.ceil((entry.retryAt - Date.now()) / 1000)} s)`);
    }
    entry.pending = this.open(name, entry, { jumpFor: options.jumpFor }, options.force ?? false).finally(() => {
      entry.pending = undefined;
    });
    return entry.pending;
  }

  private async open(name: string, entry: Entry, context: PromptContext, force: boolean): Promise<SshSession> {
    const host = this.host(name);
    this.setState(name, entry, { status: 'connecting' });
    try {
      // the hop is connected on behalf of this host: its prompts (host key, secrets) may be asked as this
      // host's are, and a connect the user asked for does not wait for the hop's backoff either
      const via = host.proxyJump ? await this.session(host.proxyJump, { jumpFor: context.jumpFor ?? name, force }) : undefined;
      const session = await this.connectWithCredentials(host, entry, via, context);
      entry.session = session;
      session.onClose(() => {
        if (entry.session !== session) return;
        entry.session = undefined;
        if (entry.state.status === 'connected')
          this.setState(name, entry, { status: 'disconnected', message: 'the connection was closed' });
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
      const status: ConnectionStatus =
        error instanceof HostKeyError ? 'host-key' : /authentication failed|passphrase/.test(message) ? 'auth-needed' : 'unreachable';
      this.setState(name, entry, { status, message });
      throw error;
    }
  }

  private async credentials(host: HostConfig, context: PromptContext): Promise<KeyCredentials> {
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
      return this.unlock(host, file, key, agent, context);
    }
    return { agent };
  }

  /** Asks for a key's passphrase until the key opens with it (as ssh, a few times); a wrong one is never kept. */
  private async unlock(
    host: HostConfig,
    file: string,
    key: Buffer,
    agent: string | undefined,
    context: PromptContext,
  ): Promise<KeyCredentials> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const passphrase = await this.options.prompts?.passphrase(host, file, { ...context, retry: attempt > 0 });
      if (passphrase === undefined) return { agent };
      if ((await keyKind(key, passphrase)) === 'plain') return { privateKey: key, passphrase, agent, givenPassphrase: passphrase };
      await this.options.prompts?.rejected?.(host, 'passphrase');
    }
    throw new Error(`${host.name}: wrong passphrase for ${file} (${ATTEMPTS} tries)`);
  }

  private async connectWithCredentials(
    host: HostConfig,
    entry: Entry,
    via: SshSession | undefined,
    context: PromptContext,
  ): Promise<SshSession> {
    const endpoint = { host: host.host, port: host.port, user: host.user ?? userInfo().username };
    const { givenPassphrase, ...base } = await this.credentials(host, context);
    const names = { hostName: host.name, jumpFor: context.jumpFor };
    const attempt = (credentials: SshCredentials): Promise<SshSession> =>
      SshSession.connect({
        endpoint,
        credentials,
        hostKeys: this.options.hostKeys,
        via,
        names,
        readyTimeoutMs: this.options.connectTimeoutMs ?? 15_000,
      });
    const prompts = this.options.prompts;
    let session: SshSession;
    try {
      session = await attempt(entry.password !== undefined ? { ...base, password: entry.password } : base);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!AUTH_FAILED.test(message) || !prompts) throw error;
      entry.password = undefined; // one that worked before and no longer does is asked again
      session = await this.withPassword(host, entry, message, context, (password) => attempt({ ...base, password }), error);
    }
    if (givenPassphrase !== undefined) await prompts?.accepted?.(host, 'passphrase', givenPassphrase);
    return session;
  }

  /** Asks for the password until the host accepts one (a few times); only an accepted one is reported, and kept. */
  private async withPassword(
    host: HostConfig,
    entry: Entry,
    reason: string,
    context: PromptContext,
    attempt: (password: string) => Promise<SshSession>,
    firstError: unknown,
  ): Promise<SshSession> {
    const prompts = this.options.prompts!;
    let lastError = firstError;
    for (let i = 0; i < ATTEMPTS; i++) {
      const password = await prompts.password(host, i === 0 ? reason : `${host.name}: the password was not accepted`, {
        ...context,
        retry: i > 0,
      });
      if (password === undefined) throw lastError;
      try {
        const session = await attempt(password);
        entry.password = password; // for reconnects in this session; kept elsewhere only if the user says so
        await prompts.accepted?.(host, 'password', password);
        return session;
      } catch (error) {
        if (!AUTH_FAILED.test(error instanceof Error ? error.message : String(error))) throw error;
        await prompts.rejected?.(host, 'password');
        lastError = error;
      }
    }
    throw lastError;
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

async function keyKind(key: Buffer, passphrase?: string): Promise<'plain' | 'encrypted' | 'unreadable'> {
  const { utils } = await import('ssh2');
  const parsed = utils.parseKey(key, passphrase);
  if (!(parsed instanceof Error)) return 'plain';
  return /passphrase|encrypted/i.test(parsed.message) ? 'encrypted' : 'unreadable';
}
