// Heat in the test cloud (test/env/openstack/up.sh: Debian Zed's heat-api and heat-engine): the demo user
// creates a stack of one OS::Nova::Server on network private through Heat's REST API (plain fetch, a token
// from Keystone); it reaches CREATE_COMPLETE, its server is ACTIVE and its container nova-<id> runs on the
// compute host Nova chose (that host's own Docker Engine, over SSH); deleting the stack removes both.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { dockerOverSsh } from '../../src/core/docker/dockerOverSsh';
import { OpenStackClient } from '../../src/core/openstack/client';
import type { CloudConfig } from '../../src/core/openstack/types';
import type { SshSession } from '../../src/core/remote/sshSession';
import { until } from '../shared/polling';
import { connectHost, loadOpenStackEnv, loadTestEnv, type ComputeHostName, type Credentials, containerState } from './testEnv';

const env = loadTestEnv();
const os = loadOpenStackEnv();
const RUN = randomBytes(3).toString('hex');
const STACK = `e2e-heat-${RUN}`;

const cloudOf = (name: string, who: Credentials): CloudConfig => ({
  name,
  source: 'typed',
  regionName: os.regionName,
  auth: { authUrl: os.authUrl, ...who },
});

interface Stack {
  id: string;
  stack_name: string;
  stack_status: string;
  stack_status_reason?: string;
  outputs?: { output_key: string; output_value: unknown }[];
}

describe('Heat in the test cloud', () => {
  let demo: OpenStackClient;
  let admin: OpenStackClient;
  /** the demo project's stacks, as the catalog says (http://127.0.0.1:8004/v1/<project id>) */
  let heatUrl: string;
  let stackUrl: string | undefined;
  const sessions: SshSession[] = [];

  /** Heat's API as the demo user: its JSON body (undefined for 204 and 404) */
  async function heat(method: string, path: string, body?: unknown): Promise<{ status: number; json?: unknown }> {
    const token = await demo.session.token();
    const response = await fetch(`${heatUrl}${path}`, {
      method,
      headers: { 'X-Auth-Token': token.value, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok && response.status !== 404) throw new Error(`${method} ${heatUrl}${path}: ${response.status} ${text}`);
    return { status: response.status, json: text && response.status !== 404 ? (JSON.parse(text) as unknown) : undefined };
  }
  const stack = async (): Promise<Stack | undefined> => {
    if (!stackUrl) return undefined;
    const { status, json } = await heat('GET', stackUrl);
    if (status === 404) return undefined;
    const found = (json as { stack: Stack }).stack;
    return found.stack_status === 'DELETE_COMPLETE' ? undefined : found;
  };

  before(async () => {
    demo = await OpenStackClient.connect(cloudOf('heat-e2e-demo', os.demo));
    admin = await OpenStackClient.connect(cloudOf('heat-e2e-admin', os.admin)); // (sees the server's host)
    heatUrl = (await demo.session.endpoint('orchestration')).replace(/\/+$/, '');
    const token = await demo.session.token();
    assert.ok(token.project, 'the demo token is scoped to its project');
    assert.equal(heatUrl, `${os.heatEndpoint}/${token.project.id}`, 'the catalog has Heat at openstack.json heatEndpoint/<project id>');
  });

  after(async () => {
    if (stackUrl) await heat('DELETE', stackUrl).catch(() => undefined);
    for (const session of sessions) session.close();
  });

  it('creates a stack of one server on private, finds its container on its compute host, deletes it', { timeout: 600_000 }, async () => {
    const template = {
      heat_template_version: '2018-08-31',
      description: 'devstack-contrail e2e: one server',
      parameters: { image: { type: 'string' }, flavor: { type: 'string' }, network: { type: 'string' } },
      resources: {
        server: {
          type: 'OS::Nova::Server',
          properties: {
            image: { get_param: 'image' },
            flavor: { get_param: 'flavor' },
            networks: [{ network: { get_param: 'network' } }],
          },
        },
      },
      outputs: { server_id: { value: { get_resource: 'server' } } },
    };
    const created = await heat('POST', '/stacks', {
      stack_name: STACK,
      template,
      parameters: { image: os.images.docker, flavor: os.flavors['m1.nano'], network: os.networkName },
      timeout_mins: 10,
    });
    const { id } = (created.json as { stack: { id: string } }).stack;
    stackUrl = `/stacks/${STACK}/${id}`;

    const complete = await until(`stack ${STACK} to be CREATE_COMPLETE`, stack, (s) => s?.stack_status !== 'CREATE_IN_PROGRESS', 300_000);
    assert.equal(complete?.stack_status, 'CREATE_COMPLETE', `stack ${STACK}: ${complete?.stack_status_reason}`);
    const serverId = complete.outputs?.find((o) => o.output_key === 'server_id')?.output_value;
    assert.equal(typeof serverId, 'string', `outputs: ${JSON.stringify(complete.outputs)}`);
    const { resources } = (await heat('GET', `${stackUrl}/resources`)).json as {
      resources: { resource_name: string; physical_resource_id: string; resource_type: string; resource_status: string }[];
    };
    assert.deepEqual(
      resources.map((r) => [r.resource_name, r.resource_type, r.resource_status, r.physical_resource_id]),
      [['server', 'OS::Nova::Server', 'CREATE_COMPLETE', serverId]],
    );

    const server = await admin.getServer(serverId as string);
    assert.equal(server.status, 'ACTIVE');
    assert.equal(server.image.id, os.images.docker);
    assert.ok(
      server.addresses.some((a) => a.network === os.networkName),
      `an address on ${os.networkName}: ${JSON.stringify(server.addresses)}`,
    );
    const host = server.host as ComputeHostName;
    assert.ok(os.computeHosts.includes(host), `Nova's host ${host} is one of ${os.computeHosts.join(', ')}`);
    const session = await connectHost(env, host);
    sessions.push(session);
    const docker = await dockerOverSsh(session);
    const container = await containerState(docker, serverId as string);
    assert.equal(container?.State.Running, true, `nova-${serverId as string} runs on ${host}: ${JSON.stringify(container?.State)}`);
    assert.equal(container?.Config.Labels['devstack-contrail-test'], 'nova');

    await heat('DELETE', stackUrl);
    await until(`stack ${STACK} to be deleted`, stack, (s) => s === undefined || s.stack_status === 'DELETE_FAILED', 180_000).then((s) =>
      assert.equal(s, undefined, `stack ${STACK}: ${s?.stack_status} ${s?.stack_status_reason}`),
    );
    stackUrl = undefined;
    await until(
      `container nova-${serverId as string} to be removed from ${host}`,
      () => containerState(docker, serverId as string),
      (c) => c === undefined,
      60_000,
    );
    await assert.rejects(admin.getServer(serverId as string), /404/);
  });
});
