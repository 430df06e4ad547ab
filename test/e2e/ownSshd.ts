// An sshd of a test's own (`sshd -D` on a loopback address of its choosing), with host keys of the
// types it asks for in a temp folder, for host-key setups the shared test hosts do not have. Started
// and stopped by the test; the stack user and the client key of env.json log in as on the shared hosts.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestEnv } from './testEnv';

export type HostKeyType = 'ed25519' | 'ecdsa' | 'rsa';

export class OwnSshd {
  readonly dir = mkdtempSync(join(tmpdir(), 'dc-sshd-'));
  private child?: ChildProcess;

  constructor(
    private readonly env: TestEnv,
    readonly address: string,
    readonly port: number,
    readonly keyTypes: readonly HostKeyType[],
  ) {
    chmodSync(this.dir, 0o755); // sshd reads the authorized keys as the user
    for (const type of keyTypes) execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', join(this.dir, `host_${type}`)]);
    writeFileSync(join(this.dir, 'auth'), readFileSync(`${env.clientKey}.pub`, 'utf8'));
    writeFileSync(
      join(this.dir, 'sshd_config'),
      [
        `Port ${port}`,
        `ListenAddress ${address}`,
        ...keyTypes.map((t) => `HostKey ${join(this.dir, `host_${t}`)}`),
        `PidFile ${join(this.dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(this.dir, 'auth')}`,
        'StrictModes no',
        'UsePAM no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'LogLevel VERBOSE',
        `AllowUsers ${env.user}`,
        '',
      ].join('\n'),
    );
  }

  /** Lets this public key log in too (as the stack user). */
  authorize(publicKeyLine: string): void {
    writeFileSync(join(this.dir, 'auth'), `${readFileSync(join(this.dir, 'auth'), 'utf8').trimEnd()}\n${publicKeyLine.trim()}\n`);
  }

  /** "<type> <base64>" of one of its host keys, as a known_hosts line carries it */
  publicKey(type: HostKeyType): string {
    return readFileSync(join(this.dir, `host_${type}.pub`), 'utf8')
      .split(' ')
      .slice(0, 2)
      .join(' ');
  }

  keyBlob(type: HostKeyType): Buffer {
    return Buffer.from(this.publicKey(type).split(' ')[1], 'base64');
  }

  get log(): string {
    return existsSync(join(this.dir, 'sshd.log')) ? readFileSync(join(this.dir, 'sshd.log'), 'utf8') : '';
  }

  async start(): Promise<void> {
    this.child = spawn('/usr/sbin/sshd', ['-D', '-f', join(this.dir, 'sshd_config'), '-E', join(this.dir, 'sshd.log')], {
      stdio: 'ignore',
    });
    for (let i = 0; i < 100; i++) {
      if (this.log.includes(`Server listening on ${this.address} port ${this.port}`)) return;
      if (this.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`own sshd on ${this.address}:${this.port} did not start:\n${this.log}`);
  }

  /** Stops it (its forked connections end with it) and removes its folder. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A known_hosts file of its own in the temp folder, with these lines. */
  knownHosts(lines: readonly string[], name = 'known_hosts'): string {
    const file = join(this.dir, name);
    writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
    return file;
  }
}
