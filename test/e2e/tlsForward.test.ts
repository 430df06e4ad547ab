// HTTPS to a cloud at an IP address, directly and through host2's SSH forward: the certificate is
// checked against the URL's host. A TLS proxy on 127.0.0.60 in front of the test Keystone serves
// either a certificate for "localhost" only or one for 127.0.0.60, both from a CA made here.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OpenStackClient } from '../../src/core/openstack/client';
import { OpenStackError } from '../../src/core/openstack/errors';
import { sshForwardTransport } from '../../src/core/openstack/transport';
import type { CloudConfig } from '../../src/core/openstack/types';
import type { SshSession } from '../../src/core/remote/sshSession';
import { connectHost, loadOpenStackEnv, loadTestEnv } from './testEnv';

const ADDRESS = '127.0.0.60';
const env = loadTestEnv();
const os = loadOpenStackEnv();
const keystone = new URL(os.authUrl);
const dir = mkdtempSync(join(tmpdir(), 'dc-tls-'));

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A server key and certificate signed by the test CA, with the given subjectAltName. */
function serverCert(name: string, altNames: string): { key: string; cert: string } {
  openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`);
  writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${altNames}\n`);
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.pem`,
  );
  return { key: readFileSync(join(dir, `${name}.key`), 'utf8'), cert: readFileSync(join(dir, `${name}.pem`), 'utf8') };
}

/** HTTPS on ADDRESS that passes every request on to the test Keystone. */
async function keystoneProxy(tls: { key: string; cert: string }): Promise<{ server: Server; url: string }> {
  const server = createServer(tls, (req, res) => {
    const upstream = httpRequest(
      { host: keystone.hostname, port: keystone.port, method: req.method, path: req.url, headers: { ...req.headers, host: keystone.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, ADDRESS, resolve));
  return { server, url: `https://${ADDRESS}:${(server.address() as AddressInfo).port}${keystone.pathname}` };
}

describe('HTTPS to an IP address, directly and through an SSH forward', () => {
  let host2: SshSession;
  let localhostOnly: { server: Server; url: string };
  let forAddress: { server: Server; url: string };

  before(async () => {
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-subj',
      '/CN=devstack-contrail test CA',
      '-days',
      '2',
      '-out',
      'ca.pem',
    );
    localhostOnly = await keystoneProxy(serverCert('localhost', 'DNS:localhost'));
    forAddress = await keystoneProxy(serverCert('address', `IP:${ADDRESS}`));
    host2 = await connectHost(env, 'host2');
  });

  after(async () => {
    host2?.close();
    await Promise.all([localhostOnly, forAddress].map((proxy) => proxy && new Promise((resolve) => proxy.server.close(resolve))));
    rmSync(dir, { recursive: true, force: true });
  });

  function cloud(authUrl: string, viaSsh: boolean): CloudConfig {
    return {
      name: 'tls',
      source: 'typed',
      regionName: os.regionName,
      auth: { ...os.demo, authUrl },
      cacert: join(dir, 'ca.pem'),
      viaSsh,
      sshHost: viaSsh ? 'host2' : undefined,
    };
  }

  for (const viaSsh of [false, true]) {
    const how = viaSsh ? "through host2's SSH forward" : 'directly';
    const transport = (): ReturnType<typeof sshForwardTransport> | undefined =>
      viaSsh
        ? sshForwardTransport((host, port) => host2.forwardOut(host, port), { ca: readFileSync(join(dir, 'ca.pem'), 'utf8') })
        : undefined;

    it(`a certificate for localhost at https://${ADDRESS} is refused, naming the mismatch (${how})`, async () => {
      await assert.rejects(OpenStackClient.connect(cloud(localhostOnly.url, viaSsh), { transport: transport() }), (error: unknown) => {
        assert.ok(error instanceof OpenStackError);
        assert.match(
          error.message,
          new RegExp(
            `the TLS certificate of https://${ADDRESS.replace(/\./g, '\\.')}:\\d+${viaSsh ? ' \\(through the SSH connection\\)' : ''} is not for ${ADDRESS.replace(/\./g, '\\.')} \\(it names DNS:localhost\\)`,
          ),
        );
        return true;
      });
    });

    it(`a certificate for ${ADDRESS} signed by the cloud's cacert signs in (${how})`, async () => {
      const client = await OpenStackClient.connect(cloud(forAddress.url, viaSsh), { transport: transport() });
      assert.equal((await client.session.token()).user?.name, 'demo');
    });
  }
});
