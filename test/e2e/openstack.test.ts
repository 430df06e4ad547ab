// The OpenStack client against the real test cloud of test/env/openstack/up.sh (Debian Zed on 127.0.0.1),
// whose compute driver runs each server as a Docker container nova-<uuid>, checked here over SSH.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { dockerOverSsh } from '../../src/core/docker/dockerOverSsh';
import { OpenStackClient } from '../../src/core/openstack/client';
import { loadCloudsYaml } from '../../src/core/openstack/cloudsYaml';
import { describeFault, OpenStackError } from '../../src/core/openstack/errors';
import { readOpenrc } from '../../src/core/openstack/openrc';
import { sshForwardTransport } from '../../src/core/openstack/transport';
import type { CloudConfig, Server } from '../../src/core/openstack/types';
import type { SshSession } from '../../src/core/remote/sshSession';
import { connectHost, loadOpenStackEnv, loadTestEnv, type Credentials, containerState } from './testEnv';
import { until } from '../shared/polling';

const env = loadTestEnv();
const os = loadOpenStackEnv();
const RUN = randomBytes(3).toString('hex');

function cloudOf(name: string, who: Credentials, extra: Partial<CloudConfig> = {}): CloudConfig {
  return { name, source: 'typed', regionName: os.regionName, auth: { authUrl: os.authUrl, ...who }, ...extra };
}

/** A local port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForStatus(client: OpenStackClient, id: string, status: string): Promise<Server> {
  const server = await until(
    `server ${id} to be ${status}`,
    () => client.getServer(id),
    (s) => (s.status === status && !s.taskState) || s.status === 'ERROR',
  );
  if (server.status === 'ERROR')
    assert.fail(server.fault ? describeFault(server.name, server.fault) : `server ${server.name} went to ERROR`);
  return server;
}

/** the Glance images in docker format: busybox and the load images */
const DOCKER_IMAGES = [os.images.docker, os.images['load-20'], os.images['load-50'], os.images['load-90'], os.images['oom-hog']].sort();

describe('OpenStack client against the test cloud', () => {
  let admin: OpenStackClient;
  let demo: OpenStackClient;
  let host2: SshSession;
  /** the compute host a pinned server runs on: its own Docker Engine */
  let compute: SshSession;
  const created = new Set<string>();

  before(async () => {
    [admin, demo, host2, compute] = await Promise.all([
      OpenStackClient.connect(cloudOf('e2e-admin', os.admin)),
      OpenStackClient.connect(cloudOf('e2e-demo', os.demo)),
      connectHost(env, 'host2'),
      connectHost(env, os.computeHost),
    ]);
  });

  after(async () => {
    // whatever a failed test left behind
    for (const id of created) {
      try {
        await admin.deleteServer(id);
        await until(
          `server ${id} to go`,
          () => admin.findServer(id),
          (s) => s === undefined,
          60_000,
        );
      } catch {
        // already gone, or the cloud is down: nothing more to do here
      }
    }
    host2?.close();
    compute?.close();
  });

  async function boot(client: OpenStackClient, name: string, extra: { count?: number; host?: string } = {}): Promise<string[]> {
    const ids = (
      await client.createServers({
        name,
        imageId: os.images.docker,
        flavorId: os.flavor,
        networkIds: [os.network],
        count: extra.count ?? 1,
        host: extra.host,
      })
    ).map((s) => s.id);
    for (const id of ids) created.add(id);
    return ids;
  }

  async function remove(id: string): Promise<void> {
    await admin.deleteServer(id);
    await until(
      `server ${id} to be deleted`,
      () => admin.findServer(id),
      (s) => s === undefined,
    );
    created.delete(id);
  }

  it('authenticates with a password and agrees on compute microversion 2.79', async () => {
    assert.equal(admin.computeMicroversion, '2.79');
    const token = await admin.session.token();
    assert.equal(token.project?.name, 'admin');
    assert.ok(token.roles.includes('admin'), `roles: ${token.roles.join(', ')}`);
    assert.ok(token.expiresAt > Date.now() + 10 * 60_000);
  });

  it('a wrong password is a 401 that says what to check and never shows the password', async () => {
    const wrong = `wrong-${RUN}-password`;
    await assert.rejects(OpenStackClient.connect(cloudOf('typo-cloud', { ...os.demo, password: wrong })), (error: unknown) => {
      assert.ok(error instanceof OpenStackError);
      assert.equal(error.status, 401);
      assert.equal(error.service, 'identity');
      assert.match(
        error.message,
        /^cloud "typo-cloud": Keystone answered POST \/v3\/auth\/tokens with 401 Unauthorized: .+ — check the password or application credential of cloud "typo-cloud"/,
      );
      assert.ok(!`${error.message} ${error.stack} ${JSON.stringify(error)}`.includes(wrong));
      return true;
    });
  });

  it('authenticates with an application credential, by id and by name + user', async () => {
    const token = await demo.session.token();
    const userId = token.user!.id;
    const name = `e2e-appcred-${RUN}`;
    const made = await demo.session.request({
      service: 'identity',
      method: 'POST',
      url: `${demo.session.identityUrl}/users/${userId}/application_credentials`,
      body: { application_credential: { name } },
    });
    const credential = (JSON.parse(made.body) as { application_credential: { id: string; secret: string } }).application_credential;
    try {
      const byId = await OpenStackClient.connect({
        name: 'appcred',
        source: 'typed',
        auth: { authUrl: os.authUrl, applicationCredentialId: credential.id, applicationCredentialSecret: credential.secret },
      });
      assert.equal((await byId.session.token()).project?.name, 'demo');
      assert.ok(Array.isArray(await byId.listServers()));
      const byName = await OpenStackClient.connect({
        name: 'appcred-by-name',
        source: 'typed',
        auth: {
          authUrl: `${os.authUrl.replace(/\/v3$/, '')}`,
          applicationCredentialName: name,
          username: 'demo',
          userDomainName: 'Default',
          applicationCredentialSecret: credential.secret,
        },
      });
      assert.equal((await byName.session.token()).user?.name, 'demo');
      await assert.rejects(
        OpenStackClient.connect({
          name: 'appcred-bad',
          source: 'typed',
          auth: { authUrl: os.authUrl, applicationCredentialId: credential.id, applicationCredentialSecret: `not-${credential.secret}` },
        }),
        (error: unknown) =>
          error instanceof OpenStackError &&
          error.status === 401 &&
          !error.message.includes(credential.secret) &&
          /application credential of cloud "appcred-bad"/.test(error.message),
      );
    } finally {
      await demo.session.request({
        service: 'identity',
        method: 'DELETE',
        url: `${demo.session.identityUrl}/users/${userId}/application_credentials/${credential.id}`,
      });
    }
  });

  it('a revoked token is replaced once; when that fails too (user disabled) the error says to check the password', async () => {
    const identity = admin.session.identityUrl;
    const json = async (method: string, path: string, body?: unknown): Promise<{ roles?: { id: string }[]; user?: { id: string } }> =>
      JSON.parse((await admin.session.request({ service: 'identity', method, url: `${identity}${path}`, body })).body || '{}') as {
        roles?: { id: string }[];
        user?: { id: string };
      };
    const demoProject = (await demo.session.token()).project!.id;
    const member = (await json('GET', '/roles?name=member')).roles![0].id;
    const password = `pw-${RUN}-${randomBytes(6).toString('hex')}`;
    const user = (
      await json('POST', '/users', { user: { name: `e2e-user-${RUN}`, password, domain_id: 'default', default_project_id: demoProject } })
    ).user!;
    try {
      await json('PUT', `/projects/${demoProject}/users/${user.id}/roles/${member}`);
      const client = await OpenStackClient.connect(
        cloudOf('short-lived', {
          username: `e2e-user-${RUN}`,
          password,
          projectName: 'demo',
          userDomainName: 'Default',
          projectDomainName: 'Default',
        }),
      );
      const first = await client.session.token();
      await admin.session.request({
        service: 'identity',
        method: 'DELETE',
        url: `${identity}/auth/tokens`,
        headers: { 'X-Subject-Token': first.value },
      });
      const projects = await client.session.request({ service: 'identity', method: 'GET', url: `${identity}/auth/projects` });
      assert.equal(projects.status, 200);
      assert.notEqual((await client.session.token()).value, first.value, 'a new token after the 401');

      await json('PATCH', `/users/${user.id}`, { user: { enabled: false } });
      await assert.rejects(
        client.session.request({ service: 'identity', method: 'GET', url: `${identity}/auth/projects` }),
        (error: unknown) => {
          assert.ok(error instanceof OpenStackError);
          assert.equal(error.status, 401);
          assert.match(
            error.message,
            /^cloud "short-lived": Keystone answered POST \/v3\/auth\/tokens with 401 Unauthorized: .* — check the password or application credential of cloud "short-lived"/,
          );
          assert.ok(!error.message.includes(password) && !error.message.includes(first.value));
          return true;
        },
      );
    } finally {
      await admin.session.request({ service: 'identity', method: 'DELETE', url: `${identity}/users/${user.id}`, accept: [404] });
    }
  });

  it('lists images (docker format filter), flavors, networks and hypervisors', async () => {
    const docker = await demo.listImages({ containerFormat: 'docker' });
    assert.deepEqual(docker.map((i) => i.id).sort(), DOCKER_IMAGES);
    const busybox = docker.find((i) => i.id === os.images.docker);
    assert.equal(busybox?.name, 'busybox');
    assert.ok(docker.every((i) => i.containerFormat === 'docker'));
    const all = await demo.listImages();
    assert.ok(all.some((i) => i.id === os.images.bare && i.containerFormat === 'bare'));
    const flavor = (await demo.listFlavors()).find((f) => f.id === os.flavor);
    assert.deepEqual(flavor, { id: os.flavor, name: os.flavorName, vcpus: 1, ram: 512, disk: 1 });
    const network = (await demo.listNetworks()).find((n) => n.id === os.network);
    assert.equal(network?.name, os.networkName);
    assert.equal(network?.subnets.length, 1);
    const hypervisors = await admin.listHypervisors();
    assert.ok(
      hypervisors.some((h) => h.hostname === os.computeHost && h.state === 'up' && h.status === 'enabled'),
      JSON.stringify(hypervisors),
    );
  });

  it(
    "reads what flavors reserve on the compute host from Placement: its inventory, and a booted server's flavor in its usage",
    { timeout: 300_000 },
    async () => {
      const onHost = async () => (await admin.listHostReservations()).find((r) => r.host === os.computeHost);
      const before = await onHost();
      assert.ok(before?.vcpu && before.memoryMb, JSON.stringify(await admin.listHostReservations()));
      assert.ok(before.vcpu.total > 0 && before.memoryMb.total > 0, JSON.stringify(before));
      assert.equal(before.memoryMb.capacity, (before.memoryMb.total - before.memoryMb.reserved) * before.memoryMb.allocationRatio);
      const [id] = await boot(admin, `e2e-placement-${RUN}`, { host: os.computeHost });
      try {
        await waitForStatus(admin, id, 'ACTIVE');
        const after = await onHost();
        // the flavor (1 vCPU, 512 MB) is held on the host while the server lives
        assert.equal(after?.vcpu?.used, before.vcpu.used + 1, JSON.stringify(after));
        assert.equal(after?.memoryMb?.used, before.memoryMb.used + 512, JSON.stringify(after));
      } finally {
        await remove(id);
      }
      await until('the allocation to be released', onHost, (r) => r?.memoryMb?.used === before.memoryMb?.used, 60_000);
    },
  );

  it(
    "devstack-contrail load: the compute host with what flavors reserve and what it uses now, down to a booted server's container",
    { timeout: 300_000 },
    async () => {
      const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
      const adminCloud = os.clouds.find((name) => name.includes('admin'));
      assert.ok(adminCloud, os.clouds.join(', '));
      // the compute host, over its own SSH: its CPU share (a cgroup) and its own Docker Engine
      const load = (cloud: string) =>
        promisify(execFile)(
          process.execPath,
          [
            cli,
            'load',
            '--cloud',
            cloud,
            '--ssh',
            `${os.computeHost}=${env.user}@${env.hosts[os.computeHost].address}:${env.port}`,
            '--identity',
            env.clientKey,
            '--known-hosts',
            env.knownHosts,
            '--format',
            'json',
          ],
          { env: { ...process.env, OS_CLIENT_CONFIG_FILE: os.cloudsYaml, SSH_AUTH_SOCK: '' }, encoding: 'utf8' },
        );
      const [id] = await boot(admin, `e2e-load-${RUN}`, { host: os.computeHost });
      try {
        await waitForStatus(admin, id, 'ACTIVE');
        const docker = await dockerOverSsh(compute);
        const container = await containerState(docker, id);
        assert.ok(container, `nova-${id} runs`);
        const { stdout } = await load(adminCloud);
        const rows = JSON.parse(stdout) as {
          host: string;
          reservation?: { vcpu?: { used: number; total: number } };
          load?: {
            cpuPercent: number;
            memoryTotalBytes: number;
            memoryUsedBytes: number;
            containers: { id: string; memoryBytes: number }[];
          };
        }[];
        const row = rows.find((r) => r.host === os.computeHost);
        assert.ok(row?.reservation?.vcpu && row.reservation.vcpu.used >= 1, stdout);
        assert.ok(row.load && row.load.cpuPercent >= 0 && row.load.cpuPercent <= 100, stdout);
        assert.ok(row.load.memoryUsedBytes > 0 && row.load.memoryUsedBytes < row.load.memoryTotalBytes, stdout);
        const mine = row.load.containers.find((c) => c.id === container.Id);
        assert.ok(
          mine && mine.memoryBytes > 0,
          `the server's container ${container.Id.slice(0, 12)} is among ${row.load.containers.map((c) => c.id.slice(0, 12)).join(', ')}`,
        );
      } finally {
        await remove(id);
      }
      // Placement's reservations are the admin's to see: the demo user is told so, and nothing is measured
      const demoCloud = os.clouds.find((name) => name.includes('demo'));
      assert.ok(demoCloud);
      await assert.rejects(load(demoCloud), (error: { code?: number; stderr?: string }) => {
        assert.equal(error.code, 2);
        assert.match(
          error.stderr ?? '',
          /^devstack-contrail load: .*Placement answered GET .*resource_providers with 403 Forbidden.* — Placement's reservations .* are the admin role's to read/m,
        );
        return true;
      });
    },
  );

  it('demo asking for hypervisors gets a 403 that says admin is needed', async () => {
    await assert.rejects(demo.listHypervisors(), (error: unknown) => {
      assert.ok(error instanceof OpenStackError);
      assert.equal(error.status, 403);
      assert.match(
        error.message,
        /^cloud "e2e-demo": Nova answered GET \/v2\.1\/os-hypervisors\/detail with 403 Forbidden: .*os-hypervisors.* — .*listing hypervisors and choosing a target host need the admin role/,
      );
      return true;
    });
  });

  it('boot on a chosen host → ACTIVE with a running nova-<uuid> container → stop → start → delete', { timeout: 400_000 }, async () => {
    const [id] = await boot(admin, `e2e-life-${RUN}`, { host: os.computeHost });
    const docker = await dockerOverSsh(compute);
    const active = await waitForStatus(admin, id, 'ACTIVE');
    assert.equal(active.host, os.computeHost);
    assert.equal(active.image.id, os.images.docker);
    assert.equal(active.flavor.name, os.flavorName);
    assert.ok(
      active.addresses.some((a) => a.network === os.networkName && a.version === 4 && /^10\.0\.0\./.test(a.addr) && a.mac),
      JSON.stringify(active.addresses),
    );
    const ports = await admin.listPorts({ deviceId: id });
    assert.equal(ports.length, 1);
    assert.equal(ports[0].networkId, os.network);
    assert.equal(ports[0].macAddress, active.addresses[0].mac);

    const running = await containerState(docker, id);
    assert.equal(running?.State.Running, true, `nova-${id}: ${JSON.stringify(running?.State)}`);
    const logs = await until(
      'the container to log "started"',
      async () => (await docker.getContainer(`nova-${id}`).logs({ stdout: true, stderr: true })).toString('utf8'),
      (text) => text.includes('started'),
      30_000,
    );
    assert.match(logs, /started/);
    const stats = await docker.getContainer(`nova-${id}`).stats({ stream: false });
    assert.ok((stats.memory_stats.usage ?? 0) > 0, JSON.stringify(stats.memory_stats));

    await admin.stopServer(id);
    const stopped = await waitForStatus(admin, id, 'SHUTOFF');
    assert.equal(stopped.powerState, 4);
    assert.equal((await containerState(docker, id))?.State.Running, false);

    await admin.startServer(id);
    await waitForStatus(admin, id, 'ACTIVE');
    assert.equal((await containerState(docker, id))?.State.Running, true);

    await remove(id);
    await assert.rejects(
      admin.getServer(id),
      (error: unknown) =>
        error instanceof OpenStackError && error.status === 404 && /with 404 Not Found: Instance .* could not be found/.test(error.message),
    );
    await until(
      `container nova-${id} to be removed`,
      () => containerState(docker, id),
      (c) => c === undefined,
      30_000,
    );
  });

  it(
    'a second start of a running server is a 409 with a hint; count 2 boots two servers and returns both ids',
    { timeout: 300_000 },
    async () => {
      const ids = await boot(demo, `e2e-pair-${RUN}`, { count: 2 });
      assert.equal(ids.length, 2, `ids: ${ids.join(', ')}`);
      const servers = await Promise.all(ids.map((id) => waitForStatus(demo, id, 'ACTIVE')));
      assert.deepEqual(servers.map((s) => s.name).sort(), [`e2e-pair-${RUN}-1`, `e2e-pair-${RUN}-2`]);
      await assert.rejects(
        demo.startServer(ids[0]),
        (error: unknown) =>
          error instanceof OpenStackError &&
          error.status === 409 &&
          /— the server is active, where this action does not apply/.test(error.message),
      );
      await Promise.all(ids.map(remove));
    },
  );

  it('a target host as demo is refused with the admin hint', async () => {
    await assert.rejects(
      boot(demo, `e2e-forbidden-${RUN}`, { host: os.computeHost }),
      (error: unknown) =>
        error instanceof OpenStackError && error.status === 403 && /choosing a target host need the admin role/.test(error.message),
    );
  });

  it("reaches the APIs through host2's SSH connection and lists the same servers", { timeout: 120_000 }, async () => {
    const [id] = await boot(admin, `e2e-ssh-${RUN}`);
    const forwarded = new Set<string>();
    const transport = sshForwardTransport((host, port) => {
      forwarded.add(`${host}:${port}`);
      return host2.forwardOut(host, port);
    });
    const viaSsh = await OpenStackClient.connect(cloudOf('e2e-admin-ssh', os.admin, { viaSsh: true, sshHost: 'host2' }), { transport });
    const [direct, throughSsh] = await Promise.all([admin.listServers(), viaSsh.listServers()]);
    assert.ok(throughSsh.some((s) => s.id === id));
    assert.deepEqual(throughSsh.map((s) => s.id).sort(), direct.map((s) => s.id).sort());
    assert.deepEqual((await viaSsh.listImages({ containerFormat: 'docker' })).map((i) => i.id).sort(), DOCKER_IMAGES);
    assert.deepEqual(
      [...forwarded].sort(),
      ['127.0.0.1:5000', '127.0.0.1:8774', '127.0.0.1:9292'],
      'Keystone, Nova and Glance were all reached through host2',
    );
    await remove(id);
  });

  it('the openrc of host2, read over SSH, authenticates (admin and demo)', async () => {
    const adminRc = await readOpenrc(host2, { devstackDir: '/opt/stack/devstack', user: 'admin', project: 'admin' }, 'host2');
    assert.equal(adminRc.name, 'host2 openrc admin/admin');
    assert.equal(adminRc.source, 'openrc');
    assert.equal(adminRc.sshHost, 'host2');
    const client = await OpenStackClient.connect(adminRc);
    assert.equal((await client.session.token()).project?.name, 'admin');
    const demoRc = await readOpenrc(host2, { devstackDir: '/opt/stack/devstack', user: 'demo', project: 'demo' }, 'host2');
    assert.equal((await (await OpenStackClient.connect(demoRc)).session.token()).user?.name, 'demo');
    await assert.rejects(
      readOpenrc(host2, { devstackDir: '/opt/stack/no-devstack-here' }, 'host2'),
      /^Error: host2: no devstack folder at \/opt\/stack\/no-devstack-here; set the devstack folder/,
    );
  });

  it('the clouds.yaml the test cloud wrote connects as its clouds', async () => {
    const loaded = await loadCloudsYaml({ env: { OS_CLIENT_CONFIG_FILE: os.cloudsYaml }, cwd: '/nonexistent' });
    assert.equal(loaded.file, os.cloudsYaml);
    assert.deepEqual(
      loaded.clouds.map((c) => c.name),
      os.clouds,
    );
    const client = await OpenStackClient.connect(loaded.clouds.find((c) => c.name === 'devstack-demo')!);
    assert.deepEqual((await client.listImages({ containerFormat: 'docker' })).map((i) => i.id).sort(), DOCKER_IMAGES);
  });

  it('a cloud at a closed port says the API is not reachable and what to try', async () => {
    const port = await closedPort();
    await assert.rejects(
      OpenStackClient.connect(cloudOf('closed', os.demo, { auth: { ...os.demo, authUrl: `http://127.0.0.1:${port}/v3` } })),
      (error: unknown) => {
        assert.ok(error instanceof OpenStackError);
        assert.equal(
          error.message,
          `cloud "closed": Keystone API not reachable — connection refused at http://127.0.0.1:${port} (POST /v3/auth/tokens) — is devstack running (./stack.sh)? If the APIs listen only on the devstack host, enable "via SSH" for this cloud`,
        );
        return true;
      },
    );
  });
});
