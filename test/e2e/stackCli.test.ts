// `devstack-contrail stack` against the test cloud's Heat, as a user runs it (dist/cli.js, clouds.yaml's
// devstack-demo): a ResourceGroup of containers created with --wait (an event per line, CREATE_COMPLETE,
// each container running on the host Nova chose) and deleted; a template with an error refused with its
// line before anything reaches Heat; a stack that fails left with its failed resources and servers named.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Docker from 'dockerode';
import { OpenStackClient } from '../../src/core/openstack/client';
import { loadOpenStackEnv, loadTestEnv, type ComputeHostName } from './testEnv';

const env = loadTestEnv();
const os = loadOpenStackEnv();
const RUN = randomBytes(3).toString('hex');
const dir = mkdtempSync(join(tmpdir(), 'stack-cli-'));
const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

function template(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
}

const group = (image: string) => `heat_template_version: 2021-04-16
description: containers from one image on the private network
parameters:
  count:
    type: number
    default: 2
resources:
  group:
    type: OS::Heat::ResourceGroup
    properties:
      count: { get_param: count }
      resource_def:
        type: OS::Nova::Server
        properties:
          name: web-%index%
          image: ${image}
          flavor: m1.nano
          networks:
            - network: private
outputs:
  ids:
    value: { get_attr: [group, refs] }
`;

/** the CLI as a user runs it, without blocking this process (it polls Heat for minutes) */
function stackCli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'stack', ...args], {
      env: { ...process.env, OS_CLIENT_CONFIG_FILE: os.cloudsYaml },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('devstack-contrail stack against a real Heat', () => {
  let admin: OpenStackClient;
  const made = new Set<string>();

  before(async () => {
    admin = await OpenStackClient.connect({
      name: 'admin',
      source: 'typed',
      regionName: os.regionName,
      auth: { authUrl: os.authUrl, ...os.admin },
    });
  });

  after(async () => {
    for (const name of made) await stackCli('delete', '--cloud', 'devstack-demo', name, '--wait');
  });

  it(
    'creates a ResourceGroup of containers with an event per line, each running where Nova put it, and deletes it',
    { timeout: 600_000 },
    async () => {
      const name = `e2e-group-${RUN}`;
      made.add(name);
      const created = await stackCli(
        'create',
        '--cloud',
        'devstack-demo',
        template('group.yaml', group('busybox')),
        '--name',
        name,
        '--wait',
        '--format',
        'json',
      );
      assert.equal(created.status, 0, created.stdout + created.stderr);
      assert.match(created.stderr, new RegExp(`^${name}: create sent`, 'm'));
      assert.match(
        created.stderr,
        new RegExp(`\\s${name}-group-\\w+/0  CREATE_IN_PROGRESS`),
        'a member of the group, with its nested stack named',
      );
      assert.match(created.stderr, /\sgroup {2}CREATE_COMPLETE/);
      const report = JSON.parse(created.stdout) as { stack: { status: string }; servers: { name: string; id: string }[] };
      assert.equal(report.stack.status, 'CREATE_COMPLETE');
      assert.equal(report.servers.length, 2, created.stdout);
      for (const { id } of report.servers) {
        const server = await admin.getServer(id);
        assert.equal(server.status, 'ACTIVE');
        const host = env.hosts[server.host as ComputeHostName];
        assert.ok(host?.dockerHost, `${id} is on a compute host of the test cloud (${server.host})`);
        const docker = new Docker({ socketPath: host.dockerHost!.replace(/^unix:\/\//, '') });
        assert.equal((await docker.getContainer(`nova-${id}`).inspect()).State.Running, true, `nova-${id} runs on ${server.host}`);
      }

      const deleted = await stackCli('delete', '--cloud', 'devstack-demo', name, '--wait');
      assert.equal(deleted.status, 0, deleted.stdout + deleted.stderr);
      assert.match(deleted.stdout, new RegExp(`^${name}: deleted$`, 'm'));
      assert.match(deleted.stderr, /DELETE_COMPLETE/);
      made.delete(name);
      for (const { id } of report.servers) assert.equal(await admin.findServer(id), undefined, `${id} is gone with the stack`);
    },
  );

  it('refuses a template with an error before anything reaches Heat, naming its line', { timeout: 60_000 }, async () => {
    const name = `e2e-bad-${RUN}`;
    const bad = group('busybox').replace('flavor: m1.nano', 'flavour: m1.nano');
    const result = await stackCli('create', '--cloud', 'devstack-demo', template('bad.yaml', bad), '--name', name, '--wait');
    assert.equal(result.status, 1);
    assert.match(result.stdout, /bad\.yaml:17:11: error HT304 OS::Nova::Server has no property flavour \(did you mean flavor\?\)/);
    assert.match(result.stdout, /bad\.yaml:14:9: error HT305 OS::Nova::Server needs flavor/);
    assert.match(result.stderr, /nothing sent to Heat/);
    const listed = await stackCli('list', '--cloud', 'devstack-demo');
    assert.doesNotMatch(listed.stdout, new RegExp(name), 'no stack was made');
  });

  it(
    'leaves a failed stack with its failed resources, their reasons and its servers named, for stack delete',
    { timeout: 600_000 },
    async () => {
      const name = `e2e-fails-${RUN}`;
      made.add(name);
      // the group's servers come up, then a port Neutron refuses (an address outside its subnet) fails the stack
      const failing = `${group('busybox')}  port:
    type: OS::Neutron::Port
    depends_on: group
    properties:
      network: private
      fixed_ips:
        - ip_address: 10.99.0.5
`.replace('outputs:\n  ids:\n    value: { get_attr: [group, refs] }\n', '');
      const result = await stackCli('create', '--cloud', 'devstack-demo', template('fails.yaml', failing), '--name', name, '--wait');
      assert.equal(result.status, 1, result.stdout + result.stderr);
      assert.match(result.stdout, new RegExp(`^${name}  CREATE_FAILED`, 'm'));
      assert.match(
        result.stdout,
        /^ {2}failed: port \(OS::Neutron::Port\): \S.*$/m,
        "the failed resource with Neutron's reason, on its line",
      );
      assert.match(result.stdout, /^ {2}servers it made: (0|1) \S+, (0|1) \S+$/m, 'the two servers it left, by their names in the group');
      assert.match(result.stdout, new RegExp(`delete them with: devstack-contrail stack delete --cloud devstack-demo ${name}`));
      const deleted = await stackCli('delete', '--cloud', 'devstack-demo', name, '--wait');
      assert.equal(deleted.status, 0, deleted.stdout + deleted.stderr);
      made.delete(name);
    },
  );
});
