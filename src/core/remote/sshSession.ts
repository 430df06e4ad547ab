// One verified SSH connection to a host (ssh2), with exec, SFTP reads and channels for other features.
// Nothing connects without a host key check against known_hosts (see knownHosts.ts).
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Duplex } from 'node:stream';
import type { Client, ClientChannel, ConnectConfig, ServerHostKeyAlgorithm, SFTPWrapper } from 'ssh2';
import {
  describeVerdict,
  knownHostsLine,
  knownKeyTypes,
  preferredHostKeyAlgorithms,
  SYSTEM_KNOWN_HOSTS_FILES,
  verifyHostKey,
  type KnownHostsFile,
  type OtherKnownKey,
} from './knownHosts';

export interface SshEndpoint {
  readonly host: string;
  readonly port: number;
  readonly user: string;
}

export interface SshCredentials {
  readonly privateKey?: Buffer | string;
  readonly passphrase?: string;
  readonly password?: string;
  /** Path of an ssh-agent socket (SSH_AUTH_SOCK). */
  readonly agent?: string;
}

export interface UnknownHostKey {
  readonly host: string;
  readonly port: number;
  readonly keyType: string;
  readonly fingerprint: string;
  /** keys of other types that known_hosts holds for this host (ssh: "keys of different type are already known") */
  readonly otherKnownKeys: readonly OtherKnownKey[];
  /** the configured host's name, when the connection is one of HostConnections' */
  readonly hostName?: string;
  /** set when this host is a ProxyJump hop: the name of the host it is the jump host for */
  readonly jumpFor?: string;
}

export interface HostKeyPolicy {
  /** the user's known_hosts: read first, and where accepted keys are appended */
  readonly knownHostsPath: string;
  /** read after the user's file (ssh's GlobalKnownHostsFile); default SYSTEM_KNOWN_HOSTS_FILES */
  readonly systemKnownHostsPaths?: readonly string[];
  /** Asked for a key that known_hosts does not list; true appends it to known_hosts and connects. */
  readonly confirmUnknownKey: (key: UnknownHostKey) => Promise<boolean>;
}

export interface ConnectionNames {
  readonly hostName?: string;
  readonly jumpFor?: string;
}

export interface SshConnectOptions {
  readonly endpoint: SshEndpoint;
  readonly credentials: SshCredentials;
  readonly hostKeys: HostKeyPolicy;
  /** An open session to jump through (ProxyJump). */
  readonly via?: SshSession;
  /** the configured names of this host (and of the host it is a jump host for), for host-key prompts */
  readonly names?: ConnectionNames;
  readonly readyTimeoutMs?: number;
  readonly keepaliveIntervalMs?: number;
}

export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly signal?: string;
}

export interface ExecOptions {
  readonly stdin?: string | Buffer;
  readonly timeoutMs?: number;
  /** output as it arrives (progress of long commands); the result still holds all of it */
  readonly onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
}

/** Raised when a host key is unknown and refused, changed, or revoked; the message says what to do. */
export class HostKeyError extends Error {
  constructor(
    message: string,
    readonly verdict: 'unknown-refused' | 'changed' | 'revoked',
    readonly knownHostsLine?: string,
  ) {
    super(message);
    this.name = 'HostKeyError';
  }
}

async function readTextIfPresent(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** The user's known_hosts and the system's, as ssh(1) reads them; an unreadable system file counts as empty. */
export async function readKnownHostsFiles(policy: HostKeyPolicy): Promise<KnownHostsFile[]> {
  const files = [{ path: policy.knownHostsPath, text: await readTextIfPresent(policy.knownHostsPath) }];
  for (const path of policy.systemKnownHostsPaths ?? SYSTEM_KNOWN_HOSTS_FILES) {
    files.push({ path, text: await readFile(path, 'utf8').catch(() => '') });
  }
  return files;
}

async function appendKnownHost(path: string, line: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const existing = await readTextIfPresent(path);
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  await appendFile(path, `${separator}${line}\n`, { mode: 0o600 });
}

export class SshSession {
  private closed = false;
  private sftpChannel?: Promise<SFTPWrapper>;

  private readonly closeListeners = new Set<() => void>();

  private constructor(
    private readonly client: Client,
    readonly endpoint: SshEndpoint,
  ) {
    client.on('close', () => {
      this.closed = true;
      const listeners = [...this.closeListeners];
      this.closeListeners.clear();
      for (const listener of listeners) listener();
    });
  }

  /** Called once when the connection ends, for whatever reason; the returned function stops listening. */
  onClose(listener: () => void): () => void {
    if (this.closed) listener();
    else this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  static async connect(options: SshConnectOptions): Promise<SshSession> {
    const { Client: SshClient } = await import('ssh2');
    const { endpoint, hostKeys } = options;
    const knownFiles = await readKnownHostsFiles(hostKeys);
    // as ssh(1) does: ask for a key of a type known_hosts holds for this host, so that a host known by
    // its ECDSA key is not met with its (unknown) ed25519 one
    const preferred = preferredHostKeyAlgorithms(knownKeyTypes(knownFiles, endpoint.host, endpoint.port)) as ServerHostKeyAlgorithm[];
    const sock = options.via ? await options.via.forwardOut(endpoint.host, endpoint.port) : undefined;
    const client = new SshClient();
    let hostKeyFailure: HostKeyError | undefined;
    const hostVerifier = (key: Buffer, verify: (valid: boolean) => void): void => {
      checkHostKey(hostKeys, knownFiles, options.names ?? {}, endpoint, key).then(
        () => verify(true),
        (error: unknown) => {
          hostKeyFailure = error instanceof HostKeyError ? error : new HostKeyError(String(error), 'unknown-refused');
          verify(false);
        },
      );
    };
    const config: ConnectConfig = {
      host: endpoint.host,
      port: endpoint.port,
      username: endpoint.user,
      sock,
      privateKey: options.credentials.privateKey,
      passphrase: options.credentials.passphrase,
      password: options.credentials.password,
      agent: options.credentials.agent,
      tryKeyboard: options.credentials.password !== undefined,
      hostVerifier,
      algorithms: preferred.length > 0 ? { serverHostKey: { remove: preferred, prepend: preferred, append: [] } } : undefined,
      readyTimeout: options.readyTimeoutMs ?? 20_000,
      keepaliveInterval: options.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: 3,
    };
    if (options.credentials.password !== undefined) {
      const password = options.credentials.password;
      client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => password)));
    }
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve());
      client.once('error', (error: Error) => reject(hostKeyFailure ?? explainConnectError(error, endpoint)));
      client.connect(config);
      // each exec and SFTP request is a small message waiting for its answer: with Nagle's algorithm on,
      // every one of them can wait out the peer's delayed ACK (40 ms here, per SFTP request)
      client.setNoDelay(true);
    });
    return new SshSession(client, endpoint);
  }

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, (error, channel) => {
        if (error) return reject(error);
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        let timer: NodeJS.Timeout | undefined;
        if (options.timeoutMs !== undefined) {
          timer = setTimeout(() => {
            channel.close();
            reject(new Error(`${this.endpoint.host}: command did not finish within ${options.timeoutMs} ms`));
          }, options.timeoutMs);
        }
        let exitCode: number | null = null;
        let signal: string | undefined;
        channel.on('exit', (code: number | null, sig?: string) => {
          exitCode = code;
          signal = sig;
        });
        channel.on('data', (chunk: Buffer) => {
          stdout.push(chunk);
          options.onOutput?.(chunk.toString('utf8'), 'stdout');
        });
        channel.stderr.on('data', (chunk: Buffer) => {
          stderr.push(chunk);
          options.onOutput?.(chunk.toString('utf8'), 'stderr');
        });
        channel.on('close', () => {
          if (timer) clearTimeout(timer);
          resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), exitCode, signal });
        });
        channel.end(options.stdin);
      });
    });
  }

  /** A raw exec channel, for protocols spoken over a remote command's stdio (docker system dial-stdio). */
  openChannel(command: string): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, (error, channel) => (error ? reject(error) : resolve(channel)));
    });
  }

  /** A login shell with a pty (or a command run in one), for terminals. */
  shell(size: { cols: number; rows: number }, command?: string): Promise<ClientChannel> {
    const pty = { term: 'xterm-256color', cols: size.cols, rows: size.rows };
    return new Promise((resolve, reject) => {
      const done = (error: Error | undefined, channel: ClientChannel): void => (error ? reject(error) : resolve(channel));
      if (command === undefined) this.client.shell(pty, done);
      else this.client.exec(command, { pty }, done);
    });
  }

  forwardOut(host: string, port: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      this.client.forwardOut('127.0.0.1', 0, host, port, (error, channel) => {
        if (error) reject(new Error(`${this.endpoint.host} could not open a connection to ${host}:${port}: ${error.message}`));
        else resolve(channel);
      });
    });
  }

  /** One SFTP channel per session, opened on first use. */
  sftp(): Promise<SFTPWrapper> {
    this.sftpChannel ??= new Promise<SFTPWrapper>((resolve, reject) => {
      this.client.sftp((error, sftp) => {
        if (error) {
          this.sftpChannel = undefined;
          reject(new Error(`${this.endpoint.host}: SFTP is not available (${error.message})`));
          return;
        }
        sftp.on('close', () => {
          this.sftpChannel = undefined;
        });
        resolve(sftp);
      });
    });
    return this.sftpChannel;
  }

  async readFile(path: string): Promise<Buffer> {
    const sftp = await this.sftp();
    return this.whileConnected(
      new Promise((resolve, reject) => {
        sftp.readFile(path, (readError: Error | null | undefined, data: Buffer) => {
          if (readError) reject(new Error(`${this.endpoint.host}:${path}: ${readError.message}`));
          else resolve(data);
        });
      }),
    );
  }

  close(): void {
    this.closed = true;
    this.client.end();
  }

  /**
   * `operation`, or an error as soon as the connection is gone: ssh2 never calls back an SFTP write
   * still waiting for window space when the link drops, which would leave its caller waiting forever.
   */
  whileConnected<T>(operation: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const stop = this.onClose(() => reject(new Error(`${this.endpoint.host}: the connection closed`)));
      operation.then(resolve, reject).finally(stop);
    });
  }
}

async function checkHostKey(
  policy: HostKeyPolicy,
  files: readonly KnownHostsFile[],
  names: ConnectionNames,
  endpoint: SshEndpoint,
  key: Buffer,
): Promise<void> {
  const verdict = verifyHostKey(files, endpoint.host, endpoint.port, key);
  const hop = names.jumpFor ? `${names.hostName ?? endpoint.host} (the jump host for ${names.jumpFor}): ` : '';
  const message = hop + describeVerdict(verdict, endpoint.host, endpoint.port, policy.knownHostsPath);
  switch (verdict.kind) {
    case 'trusted':
      return;
    case 'changed':
      throw new HostKeyError(message, 'changed');
    case 'revoked':
      throw new HostKeyError(message, 'revoked');
    case 'unknown': {
      const accepted = await policy.confirmUnknownKey({
        host: endpoint.host,
        port: endpoint.port,
        keyType: verdict.keyType,
        fingerprint: verdict.fingerprint,
        otherKnownKeys: verdict.otherKeys,
        ...names,
      });
      if (!accepted)
        throw new HostKeyError(
          `${message}; not accepted, so not connected`,
          'unknown-refused',
          knownHostsLine(endpoint.host, endpoint.port, key),
        );
      await appendKnownHost(policy.knownHostsPath, knownHostsLine(endpoint.host, endpoint.port, key));
      return;
    }
  }
}

function explainConnectError(error: Error & { level?: string; code?: string }, endpoint: SshEndpoint): Error {
  const where = `${endpoint.user}@${endpoint.host}:${endpoint.port}`;
  if (error.level === 'client-authentication') {
    return new Error(`${where}: authentication failed (the server accepted none of the offered key, agent or password)`);
  }
  if (error.code === 'ECONNREFUSED') return new Error(`${where}: connection refused (is sshd running on that port?)`);
  if (error.level === 'client-timeout') return new Error(`${where}: no SSH handshake within the timeout`);
  return new Error(`${where}: ${error.message}`);
}
