import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DevstackContrailApi } from '../../../src/extension';

// A workspace must not be able to carry the user's OpenStack password elsewhere. The user keeps a cloud
// "mine" in their own clouds.yaml with its password in secure.yaml; the workspace brings a clouds.yaml
// with a cloud of the same name whose auth_url is a listener of this test. The question about the
// workspace file is answered by standing in for vscode.window.showWarningMessage. No test env needed.

async function api(): Promise<DevstackContrailApi> {
  const extension = vscode.extensions.getExtension<DevstackContrailApi>('devstack-contrail.devstack-contrail');
  assert.ok(extension);
  return extension.isActive ? extension.exports : extension.activate();
}

const PASSWORD = 'the-users-own-password-7f3a';

/** A Keystone stand-in on a loopback address: it refuses every request and keeps what it was sent. */
async function listener(address: string): Promise<{ server: Server; url: string; received: string[] }> {
  const received: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      received.push(`${request.method ?? ''} ${request.url ?? ''}\n${JSON.stringify(request.headers)}\n${body}`);
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, resolve);
  });
  return { server, url: `http://${address}:${(server.address() as AddressInfo).port}/v3`, received };
}

type Warning = (message: string, ...rest: unknown[]) => Thenable<unknown>;

describe("A clouds.yaml of the workspace and the user's secrets", function () {
  this.timeout(60_000);
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('devstackContrail');
  const window = vscode.window as unknown as { showWarningMessage: Warning };
  const originalWarning = window.showWarningMessage;
  const originalXdg = process.env.XDG_CONFIG_HOME;
  const folder = (): string => vscode.workspace.workspaceFolders![0].uri.fsPath;
  const workspaceFile = (): string => join(folder(), 'clouds.yaml');
  const asked: string[] = [];
  let replies: (string | undefined)[] = [];
  let hostile: Awaited<ReturnType<typeof listener>>;
  let own: Awaited<ReturnType<typeof listener>>;

  const hostileYaml = (comment: string): string =>
    `# ${comment}\nclouds:\n  mine:\n    auth: { auth_url: "${hostile.url}", username: admin, project_name: admin, user_domain_name: Default, project_domain_name: Default }\n`;
  const rootLabels = async (): Promise<string[]> => {
    const { instances } = await api();
    await instances.tree.refresh();
    return instances.tree
      .getChildren()
      .map((n) => (n.kind === 'cloud' ? `cloud ${n.cloud.name}: ${n.cloud.origin}` : `${n.kind}: ${n.kind === 'message' ? n.label : ''}`));
  };

  before(async () => {
    hostile = await listener('127.0.0.70');
    own = await listener('127.0.0.71');
    // the user's own clouds.yaml and secure.yaml, where openstacksdk finds them ($XDG_CONFIG_HOME/openstack)
    const xdg = mkdtempSync(join(tmpdir(), 'dc-vscode-xdg-'));
    mkdirSync(join(xdg, 'openstack'));
    writeFileSync(
      join(xdg, 'openstack', 'clouds.yaml'),
      `clouds:\n  mine:\n    auth: { auth_url: "${own.url}", username: admin, project_name: admin, user_domain_name: Default, project_domain_name: Default }\n`,
    );
    writeFileSync(join(xdg, 'openstack', 'secure.yaml'), `clouds:\n  mine:\n    auth:\n      password: ${PASSWORD}\n`);
    process.env.XDG_CONFIG_HOME = xdg;
    await config().update('refreshInterval', 0, vscode.ConfigurationTarget.Global);
    await config().update('openstack.cloudsFile', '', vscode.ConfigurationTarget.Global);
    await config().update('clouds', [{ name: 'mine', cloud: 'mine' }], vscode.ConfigurationTarget.Global);
    window.showWarningMessage = async (message: string, ...rest: unknown[]) => {
      const options = rest[0] as { detail?: string } | undefined;
      asked.push(`${message}\n${options?.detail ?? ''}`);
      return replies.shift();
    };
  });

  after(async () => {
    window.showWarningMessage = originalWarning;
    if (originalXdg === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = originalXdg;
    rmSync(workspaceFile(), { force: true });
    rmSync(join(folder(), '.vscode'), { recursive: true, force: true });
    for (const key of ['clouds', 'openstack.cloudsFile']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    (await api()).instances.runtime().reset();
    hostile.server.close();
    own.server.close();
  });

  it('asks before using it; declined, its clouds are not used, the tree says why, and its listener never hears from us', async () => {
    writeFileSync(workspaceFile(), hostileYaml('first'));
    replies = ["Don't Use"];
    const labels = await rootLabels();
    const leaks = hostile.received.filter((r) => r.includes(PASSWORD)).length;
    assert.equal(leaks, 0, `the workspace's auth_url received the user's password in ${leaks} request(s)`);
    assert.equal(asked.length, 1, `asked once about the workspace file; asked: ${JSON.stringify(asked)}`);
    assert.match(asked[0], /^Use the clouds\.yaml of this workspace\?/);
    assert.ok(asked[0].includes(workspaceFile()), asked[0]);
    assert.ok(
      labels.some((l) => l.startsWith('message: ') && l.includes(workspaceFile()) && /not accepted/.test(l)),
      labels.join('\n'),
    );
    assert.ok(
      labels.some((l) => l.startsWith('cloud mine: ') && l.includes(join(process.env.XDG_CONFIG_HOME!, 'openstack', 'clouds.yaml'))),
      labels.join('\n'),
    );
    assert.deepEqual(hostile.received, [], "the workspace's auth_url got no request");
    assert.ok(
      own.received.some((r) => r.includes(PASSWORD)),
      "the user's own cloud still signs in with secure.yaml's password",
    );

    // the answer is kept for this file as it is: not asked again
    await rootLabels();
    assert.equal(asked.length, 1);
    assert.deepEqual(hostile.received, []);
  });

  it("asks again when the file changes; accepted, its cloud is used but never gets the user's password", async () => {
    writeFileSync(workspaceFile(), hostileYaml('changed'));
    replies = ['Use Its Clouds'];
    const labels = await rootLabels();
    assert.equal(asked.length, 2, `asked again about the changed file; asked: ${JSON.stringify(asked)}`);
    assert.ok(
      labels.some((l) => l.startsWith('cloud mine: ') && l.includes(workspaceFile())),
      labels.join('\n'),
    );
    assert.ok(
      hostile.received.every((r) => !r.includes(PASSWORD)),
      `the listener got: ${hostile.received.join('\n---\n')}`,
    );
  });

  it("ignores hosts, clouds and a clouds.yaml path set in the workspace's .vscode/settings.json", async () => {
    mkdirSync(join(folder(), '.vscode'), { recursive: true });
    const changed = new Promise<void>((resolve) => {
      const listening = vscode.workspace.onDidChangeConfiguration(() => {
        if (config().get('release') === 'icehouse') {
          listening.dispose();
          resolve();
        }
      });
    });
    writeFileSync(
      join(folder(), '.vscode', 'settings.json'),
      JSON.stringify({
        'devstackContrail.release': 'icehouse', // a setting a workspace may set: proves the file was read
        'devstackContrail.hosts': [{ name: 'planted', host: '127.0.0.70' }],
        'devstackContrail.clouds': [{ name: 'planted', authUrl: hostile.url, username: 'admin', projectName: 'admin' }],
        'devstackContrail.openstack.cloudsFile': workspaceFile(),
        'devstackContrail.ssh.knownHostsFile': join(folder(), 'known_hosts'),
      }),
    );
    await changed;
    assert.deepEqual(config().get('clouds'), [{ name: 'mine', cloud: 'mine' }]);
    assert.equal(config().get('openstack.cloudsFile'), '');
    assert.ok(!JSON.stringify(config().get('hosts')).includes('planted'));
    assert.notEqual(config().get('ssh.knownHostsFile'), join(folder(), 'known_hosts'));
    const labels = await rootLabels();
    assert.ok(!labels.some((l) => l.includes('planted')), labels.join('\n'));
  });
});
