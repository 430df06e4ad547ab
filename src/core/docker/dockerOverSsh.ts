// dockerode over an already verified SSH session: each HTTP request to the Docker API travels through
// `docker system dial-stdio` on the host, so dockerode never opens an unverified connection of its own.
import { Agent } from 'node:http';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import type { SshSession } from '../remote/sshSession';

class DialStdioAgent extends Agent {
  constructor(private readonly session: SshSession) {
    super({ keepAlive: false });
  }

  override createConnection(_options: unknown, callback?: (error: Error | null, socket: Duplex) => void): Duplex | undefined {
    this.session.openChannel('docker system dial-stdio').then(
      (channel) => callback?.(null, channel),
      (error: Error) => callback?.(error, undefined as unknown as Duplex));
    return undefined;
  }
}

export async function dockerOverSsh(session: SshSession): Promise<Docker> {
  const { default: DockerClient } = await import('dockerode');
  return new DockerClient({ protocol: 'http', host: 'docker', port: 80, agent: new DialStdioAgent(session) } as Docker.DockerOptions);
}
