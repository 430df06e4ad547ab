// How the OpenStack client reaches the APIs: one small function type, so the same client runs over the
// global fetch, over node:http with the cloud's own CA (clouds.yaml `cacert`) or TLS checks turned off
// (`verify: false`), or through a
// devstack host's SSH connection when the APIs listen only on that host.
import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { checkServerIdentity, connect as tlsConnect } from 'node:tls';

export interface HttpRequestInit {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** aborts the request; the client passes a timeout signal */
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  /** case-insensitive, like fetch's Headers */
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export type HttpTransport = (url: string, init: HttpRequestInit) => Promise<HttpResponse>;

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Opens a byte stream to host:port somewhere else (ssh2 forwardOut through a devstack host). */
export type OpenForward = (host: string, port: number) => Promise<Duplex>;

function withTimeout(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/** The global fetch, aborted after timeoutMs unless the caller's own signal fires first. */
export function fetchTransport(timeoutMs = DEFAULT_TIMEOUT_MS): HttpTransport {
  return async (url, init) => {
    const response = await fetch(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: withTimeout(init.signal, timeoutMs),
      redirect: 'manual',
    });
    return { status: response.status, headers: response.headers, text: () => response.text() };
  };
}

export interface NodeHttpTransportOptions {
  /** open the connection elsewhere (SSH forwarding) instead of a direct TCP connection */
  readonly openForward?: OpenForward;
  /** false accepts any TLS certificate (clouds.yaml `verify: false`) */
  readonly rejectUnauthorized?: boolean;
  /** PEM CA certificates to trust instead of the system's (clouds.yaml `cacert`) */
  readonly ca?: string;
  readonly timeoutMs?: number;
}

function headerReader(message: IncomingMessage): HttpResponse['headers'] {
  return {
    get(name: string): string | null {
      const value = message.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

function portOf(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** The hostname without IPv6 brackets, as forwardOut and TLS SNI want it. */
function bareHostname(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

type TlsChecks = Pick<NodeHttpTransportOptions, 'ca'> & { readonly rejectUnauthorized: boolean };

function forwardedConnection(url: URL, openForward: OpenForward, tls: TlsChecks): RequestOptions['createConnection'] {
  const host = bareHostname(url);
  return (_options, onCreate) => {
    const fail = onCreate as (error: Error) => void;
    openForward(host, portOf(url)).then((stream) => {
      if (url.protocol !== 'https:') {
        onCreate(null, stream);
        return;
      }
      // SNI takes no IP addresses; the certificate is checked against the URL's host either way (without
      // it, node checks a wrapped stream's certificate against "localhost")
      const servername = isIP(host) === 0 ? host : undefined;
      const secure = tlsConnect({
        socket: stream,
        servername,
        ca: tls.ca,
        rejectUnauthorized: tls.rejectUnauthorized,
        checkServerIdentity: (_name, cert) => checkServerIdentity(host, cert),
      });
      secure.once('secureConnect', () => onCreate(null, secure));
      secure.once('error', (error) => onCreate(error, secure));
    }, fail);
    return undefined;
  };
}

/** HTTP/1.1 with node:http(s): direct, or over a forwarded stream (one stream per request). */
export function nodeHttpTransport(options: NodeHttpTransportOptions = {}): HttpTransport {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const rejectUnauthorized = options.rejectUnauthorized ?? true;
  return (url, init) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const target = new URL(url);
      const signal = withTimeout(init.signal, timeoutMs);
      const headers: Record<string, string> = { ...init.headers, connection: 'close' };
      if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
      const requestOptions: RequestOptions & { rejectUnauthorized?: boolean; ca?: string } = {
        method: init.method,
        // over a forward, TLS (if any) is already wrapped around the stream: node:http speaks plain HTTP on it
        protocol: options.openForward ? 'http:' : target.protocol,
        hostname: bareHostname(target),
        port: portOf(target),
        path: `${target.pathname}${target.search}`,
        headers,
      };
      if (options.openForward) {
        requestOptions.createConnection = forwardedConnection(target, options.openForward, { rejectUnauthorized, ca: options.ca });
      } else if (target.protocol === 'https:') {
        requestOptions.rejectUnauthorized = rejectUnauthorized;
        if (options.ca !== undefined) requestOptions.ca = options.ca;
      }
      const send = target.protocol === 'https:' && !options.openForward ? httpsRequest : httpRequest;
      if (signal.aborted) return reject(signal.reason);
      const req: ClientRequest = send(requestOptions, (message) => {
        const chunks: Buffer[] = [];
        const body = new Promise<string>((done, fail) => {
          message.on('data', (chunk: Buffer) => chunks.push(chunk));
          message.on('end', () => {
            signal.removeEventListener('abort', onAbort);
            done(Buffer.concat(chunks).toString('utf8'));
          });
          message.on('error', fail);
          message.on('aborted', () => fail(new Error('the connection closed before the whole answer arrived')));
        });
        body.catch(() => undefined);
        resolve({ status: message.statusCode ?? 0, headers: headerReader(message), text: () => body });
      });
      const onAbort = (): void => {
        req.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      });
      req.end(init.body);
    });
}

/**
 * HTTP through a devstack host's SSH connection, for APIs that listen only on that host. Wire it with
 * an SshSession: `sshForwardTransport((host, port) => session.forwardOut(host, port))`. Host names in
 * URLs are resolved by the SSH server, so catalog URLs such as http://127.0.0.1/identity mean that host.
 */
export function sshForwardTransport(openForward: OpenForward, options: Omit<NodeHttpTransportOptions, 'openForward'> = {}): HttpTransport {
  return nodeHttpTransport({ ...options, openForward });
}
