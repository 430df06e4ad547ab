// dockerode over an already verified SSH session: each connection to the Docker API travels through
// `docker system dial-stdio` on the host, so dockerode never opens an unverified connection of its own.
// dockerode talks to a private local unix socket (in a 0700 folder) that forwards to the host: unlike a
// custom http.Agent, a socket path is left alone by the HTTP proxy support of VS Code's extension host.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { SshSession } from '../remote/sshSession';

const forwarders = new WeakMap<SshSession, Promise<string>>();

function forwardSocket(session: SshSession): Promise<string> {
  let socketPath = forwarders.get(session);
  if (socketPath) return socketPath;
  socketPath = new Promise<string>((resolve, reject) => {
    const dir = mkdtempSync(join(tmpdir(), 'devstack-contrail-docker-'));
    const path = join(dir, 'docker.sock');
    const server: Server = createServer((local) => {
      session.openChannel('docker system dial-stdio').then(
        (remote) => {
          local.pipe(remote).pipe(local);
          local.on('error', () => remote.close());
          remote.on('error', () => local.destroy());
          remote.on('close', () => local.end());
          local.on('close', () => remote.close());
        },
        () => local.destroy(),
      );
    });
    server.on('error', reject);
    server.listen(path, () => resolve(path));
    session.onClose(() => {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    });
  });
  forwarders.set(session, socketPath);
  return socketPath;
}

export async function dockerOverSsh(session: SshSession): Promise<Docker> {
  const [{ default: DockerClient }, socketPath] = await Promise.all([import('dockerode'), forwardSocket(session)]);
  return new DockerClient({ socketPath });
}
