import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { Worker } from 'node:worker_threads';
import { after, before, describe, it } from 'node:test';
import { cloudsYamlCandidates, CloudsYamlError, loadCloudsYaml, parseCloudsYaml } from '../../../src/core/openstack/cloudsYaml';
import { describeFault, errorFromConnection, errorFromResponse, faultWithHint, serviceMessageOf } from '../../../src/core/openstack/errors';
import {
  authRequestBody,
  chooseEndpoint,
  identityUrl,
  missingAuthFields,
  parseTokenResponse,
  tokenIsUsable,
  tokenRenewalTime,
} from '../../../src/core/openstack/keystone';
import {
  computeVersionsUrl,
  microversionHeaders,
  negotiateMicroversion,
  supportsMicroversion,
  versionRangeOf,
} from '../../../src/core/openstack/microversion';
import { computeHostGroup } from '../../../src/core/openstack/computeHost';
import { nextPageUrl, normalizeServer } from '../../../src/core/openstack/normalize';
import { cloudFromOpenrc, openrcCommand } from '../../../src/core/openstack/openrc';
import { nodeHttpTransport, sshForwardTransport } from '../../../src/core/openstack/transport';
import { imageApiUrl, networkApiUrl } from '../../../src/core/openstack/client';

const DEVSTACK_CLOUDS = `
clouds:
  devstack:
    auth:
      auth_url: http://127.0.0.1/identity
      username: demo
      project_name: demo
      user_domain_id: default
      project_domain_id: default
    region_name: RegionOne
    interface: public
    identity_api_version: 3
  devstack-admin:
    auth:
      auth_url: http://127.0.0.1/identity
      username: admin
      password: secretpass
      project-name: admin
      domain_id: default
    region_name: RegionOne
    verify: false
  appcred:
    auth_type: v3applicationcredential
    auth:
      auth_url: https://cloud.example.org:5000/v3
      application_credential_id: 0123abcd
      application_credential_secret: s3cr3t-app
    interface: internalURL
  vendor:
    profile: vexxhost
  tokenauth:
    auth_type: token
    auth: { auth_url: http://x, token: abc }
`;

describe('clouds.yaml', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'clouds-yaml-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  function layout(name: string): { cwd: string; home: string; siteDir: string } {
    const base = join(root, name);
    const dirs = { cwd: join(base, 'work'), home: join(base, 'home'), siteDir: join(base, 'etc-openstack') };
    for (const dir of [dirs.cwd, join(dirs.home, '.config', 'openstack'), dirs.siteDir]) mkdirSync(dir, { recursive: true });
    return dirs;
  }

  it('maps password, admin and application credential clouds; says which clouds it left out', () => {
    const { clouds, problems } = parseCloudsYaml(DEVSTACK_CLOUDS, '/home/u/clouds.yaml');
    assert.deepEqual(
      clouds.map((c) => c.name),
      ['devstack', 'devstack-admin', 'appcred'],
    );
    const [demo, admin, app] = clouds;
    assert.deepEqual(demo, {
      name: 'devstack',
      source: 'clouds.yaml',
      regionName: 'RegionOne',
      interface: 'public',
      auth: {
        authUrl: 'http://127.0.0.1/identity',
        username: 'demo',
        projectName: 'demo',
        userDomainId: 'default',
        projectDomainId: 'default',
      },
    });
    assert.equal(admin.auth.password, 'secretpass');
    assert.equal(admin.auth.projectName, 'admin', 'project-name with a dash is read like project_name');
    assert.equal(admin.auth.userDomainId, 'default', 'domain_id applies to the user…');
    assert.equal(admin.auth.projectDomainId, 'default', '…and to the project');
    assert.equal(admin.verify, false);
    assert.deepEqual(app.auth, {
      authUrl: 'https://cloud.example.org:5000/v3',
      applicationCredentialId: '0123abcd',
      applicationCredentialSecret: 's3cr3t-app',
    });
    assert.equal(app.interface, 'internal');
    assert.deepEqual(problems, [
      '/home/u/clouds.yaml: cloud "vendor" uses a vendor profile, which is not supported; write its auth_url instead',
      '/home/u/clouds.yaml: cloud "tokenauth" uses auth_type token; only password, v3password and v3applicationcredential are supported',
    ]);
  });

  it('names the file, line and column of broken YAML instead of crashing', () => {
    const broken = 'clouds:\n  devstack:\n    auth:\n      auth_url: http://x\n     username: demo\n';
    assert.throws(
      () => parseCloudsYaml(broken, '/etc/openstack/clouds.yaml'),
      (error: unknown) => {
        assert.ok(error instanceof CloudsYamlError);
        assert.equal(error.file, '/etc/openstack/clouds.yaml');
        assert.equal(error.line, 5);
        assert.match(error.message, /^\/etc\/openstack\/clouds\.yaml, line 5, column \d+: not valid YAML: .+\. Fix that line/);
        return true;
      },
    );
    assert.throws(() => parseCloudsYaml('clouds:\n  a: {x: 1\n', 'c.yaml'), /c\.yaml, line \d+, column \d+: not valid YAML/);
    assert.throws(
      () => parseCloudsYaml('clouds:\n  a: 1\n  a: 2\n', 'dup.yaml'),
      /dup\.yaml, line 3, column 3: not valid YAML: Map keys must be unique/,
    );
    assert.throws(() => parseCloudsYaml('- a\n- b\n', 'list.yaml'), /list\.yaml: expected a mapping with a "clouds:" key/);
  });

  it('looks in openstacksdk order: $OS_CLIENT_CONFIG_FILE, ./clouds.yaml, ~/.config/openstack, /etc/openstack', () => {
    const found = cloudsYamlCandidates({
      cwd: '/ws',
      home: '/home/u',
      siteDir: '/etc/openstack',
      env: { OS_CLIENT_CONFIG_FILE: '/tmp/mine.yaml' },
    });
    assert.deepEqual(
      found.filter((p) => p.endsWith('.yaml')),
      ['/tmp/mine.yaml', '/ws/clouds.yaml', '/home/u/.config/openstack/clouds.yaml', '/etc/openstack/clouds.yaml'],
    );
    assert.ok(found.includes('/ws/clouds.yml') && found.includes('/ws/clouds.json'));
    assert.equal(cloudsYamlCandidates({ cwd: '/ws', home: '/home/u', env: {} })[0], '/ws/clouds.yaml');
  });

  it('reads the first file found and merges secure.yaml passwords into it', async () => {
    const dirs = layout('merge');
    writeFileSync(
      join(dirs.home, '.config', 'openstack', 'clouds.yaml'),
      'clouds:\n  home:\n    auth: { auth_url: "http://h:5000", username: u, project_name: p }\n',
    );
    writeFileSync(join(dirs.siteDir, 'clouds.yaml'), 'clouds:\n  site:\n    auth: { auth_url: "http://s:5000" }\n');
    writeFileSync(join(dirs.siteDir, 'secure.yaml'), 'clouds:\n  home:\n    auth:\n      password: from-secure\n');
    const loaded = await loadCloudsYaml({ ...dirs, env: {} });
    assert.equal(loaded.file, join(dirs.home, '.config', 'openstack', 'clouds.yaml'));
    assert.equal(loaded.secureFile, join(dirs.siteDir, 'secure.yaml'));
    assert.deepEqual(
      loaded.clouds.map((c) => c.name),
      ['home'],
      'only the first clouds.yaml counts',
    );
    assert.equal(loaded.clouds[0].auth.password, 'from-secure');
    assert.equal(loaded.clouds[0].auth.username, 'u', 'secure.yaml adds to the cloud, it does not replace it');

    writeFileSync(join(dirs.cwd, 'clouds.yaml'), 'clouds:\n  workspace:\n    auth: { auth_url: "http://w" }\n');
    assert.deepEqual(
      (await loadCloudsYaml({ ...dirs, env: {} })).clouds.map((c) => c.name),
      ['workspace'],
    );
    const override = join(root, 'override.yaml');
    writeFileSync(override, 'clouds:\n  env:\n    auth: { auth_url: "http://e" }\n');
    assert.deepEqual(
      (await loadCloudsYaml({ ...dirs, env: { OS_CLIENT_CONFIG_FILE: override } })).clouds.map((c) => c.name),
      ['env'],
    );
  });

  it('finds nothing without failing when there is no clouds.yaml', async () => {
    const dirs = layout('none');
    assert.deepEqual(await loadCloudsYaml({ ...dirs, env: {} }), { clouds: [], problems: [] });
  });
});

describe('openrc over SSH', () => {
  it('sources openrc with user and project in a clean bash and prints OS_* NUL-separated', () => {
    const dir = mkdtempSync(join(tmpdir(), 'devstack dir '));
    try {
      writeFileSync(
        join(dir, 'openrc'),
        [
          'echo "noise on stdout from stackrc"',
          'export OS_USERNAME=${1:-admin}',
          'export OS_PROJECT_NAME=${2:-admin}',
          'export OS_PASSWORD=$\'pa ss\\nword=\\"x\\"\'',
          'export OS_AUTH_URL=http://127.0.0.3/identity',
          'export OS_USER_DOMAIN_ID=default',
          'export OS_PROJECT_DOMAIN_ID=default',
          'export OS_REGION_NAME=RegionOne',
          'export OS_AUTH_TYPE=password',
          'NOT_EXPORTED_LEAK=1',
        ].join('\n'),
      );
      const command = openrcCommand({ devstackDir: dir, user: 'demo', project: "it's-demo" });
      const output = execFileSync('/bin/sh', ['-c', command], {
        encoding: 'utf8',
        env: { HOME: tmpdir(), OS_PASSWORD: 'from-caller-env', PATH: process.env.PATH },
      });
      const cloud = cloudFromOpenrc(output, 'host2');
      assert.deepEqual(cloud, {
        name: "host2 openrc demo/it's-demo",
        source: 'openrc',
        sshHost: 'host2',
        regionName: 'RegionOne',
        auth: {
          authUrl: 'http://127.0.0.3/identity',
          username: 'demo',
          password: 'pa ss\nword="x"',
          projectName: "it's-demo",
          userDomainId: 'default',
          projectDomainId: 'default',
        },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what to do when openrc set no OS_AUTH_URL', () => {
    assert.throws(
      () => cloudFromOpenrc('@@devstack-contrail-openrc@@\0OS_USERNAME=admin\0', 'host2', '/opt/stack/devstack/openrc'),
      /^Error: host2: sourcing \/opt\/stack\/devstack\/openrc set no OS_AUTH_URL; has stack\.sh finished/,
    );
  });

  it('reads an application credential from an accrc-style file', () => {
    const output =
      '@@devstack-contrail-openrc@@\0OS_AUTH_URL=http://h/identity\0OS_AUTH_TYPE=v3applicationcredential\0OS_APPLICATION_CREDENTIAL_ID=abc\0OS_APPLICATION_CREDENTIAL_SECRET=shh\0OS_INTERFACE=internal\0OS_INSECURE=true\0';
    const cloud = cloudFromOpenrc(output, 'host2');
    assert.deepEqual(cloud.auth, { authUrl: 'http://h/identity', applicationCredentialId: 'abc', applicationCredentialSecret: 'shh' });
    assert.equal(cloud.interface, 'internal');
    assert.equal(cloud.verify, false);
    assert.match(
      openrcCommand({ devstackDir: '/opt/stack/devstack', accrcFile: 'accrc/demo/demo' }),
      /source \/opt\/stack\/devstack\/accrc\/demo\/demo >&2/,
    );
  });
});

/**
 * errorFromResponse(failure).message, worked out in a worker thread: a body that takes too long fails
 * the test at the deadline instead of holding up the whole suite.
 */
function errorMessageWithin(
  failure: Parameters<typeof errorFromResponse>[0],
  deadlineMs: number,
): Promise<{ message: string; ms: number }> {
  const source = `const { parentPort, workerData } = require('node:worker_threads');
    const { errorFromResponse } = require(workerData.module);
    const started = performance.now();
    const { message } = errorFromResponse(workerData.failure);
    parentPort.postMessage({ message, ms: performance.now() - started });`;
  const worker = new Worker(source, { eval: true, workerData: { failure, module: require.resolve('../../../src/core/openstack/errors') } });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`no message after ${deadlineMs} ms`));
    }, deadlineMs);
    worker.once('message', (result: { message: string; ms: number }) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

describe('OpenStack error messages', () => {
  const base = {
    cloud: 'devstack',
    method: 'GET',
    url: 'http://127.0.0.1/compute/v2.1/os-hypervisors/detail',
    secrets: ['secretpass', 'gAAAAABtoken'],
  };

  it("keeps each service's own message", () => {
    assert.equal(
      serviceMessageOf('{"badRequest": {"code": 400, "message": "Invalid flavorRef provided."}}'),
      'Invalid flavorRef provided.',
    );
    assert.equal(
      serviceMessageOf('{"itemNotFound": {"code": 404, "message": "Instance abc could not be found."}}'),
      'Instance abc could not be found.',
    );
    assert.equal(
      serviceMessageOf(
        '{"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}}',
      ),
      'The request you have made requires authentication.',
    );
    assert.equal(
      serviceMessageOf('{"NeutronError": {"type": "NetworkNotFound", "message": "Network x could not be found.", "detail": ""}}'),
      'Network x could not be found.',
    );
    assert.equal(
      serviceMessageOf(
        '<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  No image found with ID abc<br /><br />\n\n\n\n </body>\n</html>',
      ),
      'No image found with ID abc',
    );
    assert.equal(
      serviceMessageOf("400 Bad Request\n\nInvalid container format 'dockr' for image.\n\n   "),
      "Invalid container format 'dockr' for image.",
    );
  });

  it("turns a 1 MB pathological error body into a message in well under a second, with the service's text", async () => {
    const html = `<html><body>Nova exploded: the database is locked${'<a'.repeat(500_000)}`;
    const fromHtml = await errorMessageWithin({ ...base, service: 'compute', status: 500, body: html }, 5_000);
    assert.ok(fromHtml.ms < 500, `took ${fromHtml.ms.toFixed(0)} ms`);
    assert.match(fromHtml.message, /with 500 Internal Server Error: Nova exploded: the database is locked.*…\(\d+ bytes more\)/);
    const json = JSON.stringify({ computeFault: { code: 500, message: `Nova exploded: ${'x'.repeat(1_000_000)}` } });
    const fromJson = await errorMessageWithin({ ...base, service: 'compute', status: 500, body: json }, 5_000);
    assert.ok(fromJson.ms < 500, `took ${fromJson.ms.toFixed(0)} ms`);
    assert.match(fromJson.message, /: Nova exploded: x{400,500}…\(\d+ bytes more\)/);
  });

  it('403 on hypervisors says admin is needed', () => {
    const error = errorFromResponse({
      ...base,
      service: 'compute',
      status: 403,
      body: '{"forbidden": {"code": 403, "message": "Policy doesn\'t allow os_compute_api:os-hypervisors:list-detail to be performed."}}',
    });
    assert.equal(error.status, 403);
    assert.equal(
      error.message,
      'cloud "devstack": Nova answered GET /compute/v2.1/os-hypervisors/detail with 403 Forbidden: Policy doesn\'t allow os_compute_api:os-hypervisors:list-detail to be performed — the role of this user in its project does not allow it; listing hypervisors and choosing a target host need the admin role: use admin credentials (devstack: openrc admin admin)',
    );
  });

  it('409 names the task state to wait for', () => {
    const error = errorFromResponse({
      ...base,
      service: 'compute',
      method: 'POST',
      status: 409,
      body: '{"conflictingRequest": {"code": 409, "message": "Cannot \'os-start\' instance 1b2c while it is in task_state powering-off"}}',
    });
    assert.match(
      error.message,
      /with 409 Conflict: Cannot 'os-start' instance 1b2c while it is in task_state powering-off — the server is busy \(task state powering-off\): wait until the task ends, then retry$/,
    );
    const stopped = errorFromResponse({
      ...base,
      service: 'compute',
      method: 'POST',
      status: 409,
      body: '{"conflictingRequest": {"code": 409, "message": "Cannot \'os-stop\' instance 1b2c while it is in vm_state stopped"}}',
    });
    assert.match(stopped.message, /the server is stopped, where this action does not apply/);
  });

  it('never shows a password or token, not even when a service echoes it', () => {
    const error = errorFromResponse({
      ...base,
      service: 'identity',
      method: 'POST',
      url: 'http://127.0.0.1/identity/v3/auth/tokens',
      status: 401,
      body: '{"error": {"message": "bad password secretpass for token gAAAAABtoken"}}',
    });
    assert.equal(
      error.message,
      'cloud "devstack": Keystone answered POST /identity/v3/auth/tokens with 401 Unauthorized: bad password *** for token *** — check the password or application credential of cloud "devstack" (and that the user and project exist)',
    );
    const everything = `${error.message} ${error.stack} ${inspect(error, { depth: 5 })} ${JSON.stringify(error)}`;
    assert.ok(!everything.includes('secretpass') && !everything.includes('gAAAAABtoken'), everything);
  });

  it('connection refused says whether devstack runs or "via SSH" is needed', () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5000'), { code: 'ECONNREFUSED' }),
    });
    const direct = errorFromConnection({
      ...base,
      service: 'identity',
      method: 'POST',
      url: 'http://127.0.0.1:5000/v3/auth/tokens',
      error: refused,
      timedOut: false,
      timeoutMs: 30_000,
      viaSsh: false,
    });
    assert.equal(
      direct.message,
      'cloud "devstack": Keystone API not reachable — connection refused at http://127.0.0.1:5000 (POST /v3/auth/tokens) — is devstack running (./stack.sh)? If the APIs listen only on the devstack host, enable "via SSH" for this cloud',
    );
    assert.equal(direct.status, undefined);
    const ssh = errorFromConnection({
      ...base,
      service: 'compute',
      url: 'http://127.0.0.1:8774/v2.1/servers',
      error: new Error('(SSH) Channel open failure: Connection refused'),
      timedOut: false,
      timeoutMs: 30_000,
      viaSsh: true,
    });
    assert.match(ssh.message, /connection refused at http:\/\/127\.0\.0\.1:8774 \(through the SSH connection\)/);
    const slow = errorFromConnection({
      ...base,
      service: 'image',
      url: 'http://10.0.0.9/image/v2/images',
      error: new Error('aborted'),
      timedOut: true,
      timeoutMs: 30_000,
      viaSsh: false,
    });
    assert.match(slow.message, /no answer from http:\/\/10\.0\.0\.9 within 30 s/);
    const selfSigned = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
    });
    const tls = errorFromConnection({
      ...base,
      service: 'identity',
      url: 'https://cloud.example.org:5000/v3',
      error: selfSigned,
      timedOut: false,
      timeoutMs: 30_000,
      viaSsh: false,
    });
    assert.match(
      tls.message,
      /the TLS certificate of https:\/\/cloud\.example\.org:5000 was not accepted \(DEPTH_ZERO_SELF_SIGNED_CERT\) .* set verify: false in clouds\.yaml/,
    );
  });

  it('a NoValidHost fault tells what to check', () => {
    const server = normalizeServer({
      id: 'x',
      name: 'web',
      status: 'ERROR',
      fault: { code: 500, message: 'No valid host was found. There are not enough hosts available.', created: '2024-01-01T00:00:00Z' },
    });
    assert.equal(server.fault?.code, 500);
    assert.equal(
      describeFault('web', server.fault!),
      'server "web" failed: No valid host was found. There are not enough hosts available — no compute host had room for it or accepted it: check that nova-compute is up (openstack compute service list), that the flavor fits the host, and that the image\'s container format is "docker" for the Docker driver',
    );
    assert.equal(faultWithHint(500, 'Build of instance x aborted: something else').hint, undefined);
  });
});

describe('Keystone decisions', () => {
  it('accepts auth_url with or without /v3', () => {
    assert.equal(identityUrl('http://127.0.0.1:5000/v3'), 'http://127.0.0.1:5000/v3');
    assert.equal(identityUrl('http://127.0.0.1:5000/v3/'), 'http://127.0.0.1:5000/v3');
    assert.equal(identityUrl('http://127.0.0.1/identity'), 'http://127.0.0.1/identity/v3');
    assert.equal(identityUrl('http://127.0.0.1:5000/v2.0'), 'http://127.0.0.1:5000/v3');
  });

  it('builds password auth by name or id, and application credential auth by id or name+user', () => {
    assert.deepEqual(
      authRequestBody({
        authUrl: 'x',
        username: 'admin',
        password: 'p',
        projectName: 'admin',
        userDomainName: 'Default',
        projectDomainName: 'Default',
      }).auth,
      {
        identity: { methods: ['password'], password: { user: { name: 'admin', domain: { name: 'Default' }, password: 'p' } } },
        scope: { project: { name: 'admin', domain: { name: 'Default' } } },
      },
    );
    assert.deepEqual(authRequestBody({ authUrl: 'x', userId: 'u1', password: 'p', projectId: 'p1' }).auth, {
      identity: { methods: ['password'], password: { user: { id: 'u1', password: 'p' } } },
      scope: { project: { id: 'p1' } },
    });
    assert.deepEqual(
      authRequestBody({ authUrl: 'x', applicationCredentialName: 'ci', username: 'demo', applicationCredentialSecret: 's' }).auth,
      {
        identity: {
          methods: ['application_credential'],
          application_credential: { name: 'ci', secret: 's', user: { name: 'demo', domain: { id: 'default' } } },
        },
      },
    );
    assert.deepEqual(missingAuthFields({ authUrl: 'x', username: 'demo' }), ['password (OS_PASSWORD)', 'project_name (OS_PROJECT_NAME)']);
    assert.deepEqual(missingAuthFields({ authUrl: 'x', applicationCredentialName: 'ci', applicationCredentialSecret: 's' }), [
      'username or user_id (an application credential given by name needs its user)',
    ]);
  });

  it('keeps a token until shortly before it expires', () => {
    const body = {
      token: {
        issued_at: '2024-05-01T10:00:00.000000Z',
        expires_at: '2024-05-01T11:00:00.000000Z',
        catalog: [],
        roles: [{ name: 'member' }],
        project: { id: 'p', name: 'demo' },
      },
    };
    const token = parseTokenResponse('tok', body, 0);
    assert.equal(token.expiresAt, Date.parse('2024-05-01T11:00:00Z'));
    assert.deepEqual(token.roles, ['member']);
    assert.equal(tokenIsUsable(token, Date.parse('2024-05-01T10:57:59Z')), true);
    assert.equal(tokenIsUsable(token, Date.parse('2024-05-01T10:58:00Z')), false, 'two minutes before expiry it is renewed');
    const short = { issuedAt: 0, expiresAt: 60_000 };
    assert.equal(tokenRenewalTime(short), 30_000, 'a one-minute token is renewed after half its life');
  });

  it('chooses an endpoint by type, interface and region, or says what the catalog has', () => {
    const catalog = [
      {
        type: 'compute',
        endpoints: [
          { interface: 'public', region: 'RegionOne', url: 'http://a/compute/v2.1/' },
          { interface: 'internal', region: 'RegionOne', url: 'http://internal:8774/v2.1' },
          { interface: 'public', region: 'RegionTwo', url: 'http://b/compute/v2.1' },
        ],
      },
      { type: 'image', endpoints: [{ interface: 'public', region: 'RegionOne', url: 'http://a/image' }] },
    ];
    assert.deepEqual(chooseEndpoint(catalog, 'compute'), { url: 'http://a/compute/v2.1' });
    assert.deepEqual(chooseEndpoint(catalog, 'compute', 'internal', 'RegionOne'), { url: 'http://internal:8774/v2.1' });
    assert.deepEqual(chooseEndpoint(catalog, 'compute', 'public', 'RegionTwo'), { url: 'http://b/compute/v2.1' });
    assert.deepEqual(chooseEndpoint(catalog, 'network'), { problem: 'no "network" service in the catalog (it lists: compute, image)' });
    assert.deepEqual(chooseEndpoint(catalog, 'image', 'admin'), {
      problem: 'no admin "image" endpoint (there are: public): set interface in clouds.yaml (OS_INTERFACE)',
    });
    assert.match(
      (chooseEndpoint(catalog, 'image', 'public', 'RegionX') as { problem: string }).problem,
      /region RegionX \(regions: RegionOne\)/,
    );
  });
});

describe('compute microversions', () => {
  it('asks for 2.79, or less when Nova offers less, or nothing without microversions', () => {
    assert.equal(negotiateMicroversion('2.79', { min: '2.1', max: '2.93' }), '2.79');
    assert.equal(negotiateMicroversion('2.79', { min: '2.1', max: '2.60' }), '2.60');
    assert.equal(negotiateMicroversion('2.79', { min: '2.1', max: '2.9' }), '2.9', '2.9 is lower than 2.79 (not a decimal)');
    assert.equal(negotiateMicroversion('2.79', {}), undefined);
    assert.equal(negotiateMicroversion('2.79', { min: '2.80', max: '2.100' }), '2.80');
  });

  it('reads the versions document in both shapes and sends both headers', () => {
    assert.deepEqual(versionRangeOf({ version: { id: 'v2.1', status: 'CURRENT', version: '2.93', min_version: '2.1' } }), {
      min: '2.1',
      max: '2.93',
    });
    assert.deepEqual(
      versionRangeOf({
        versions: [
          { id: 'v2.0', status: 'SUPPORTED', version: '', min_version: '' },
          { id: 'v2.1', status: 'CURRENT', version: '2.38', min_version: '2.1' },
        ],
      }),
      { min: '2.1', max: '2.38' },
    );
    assert.deepEqual(versionRangeOf({ version: { id: 'v2.0', version: '', min_version: '' } }), {});
    assert.deepEqual(microversionHeaders('2.79'), { 'OpenStack-API-Version': 'compute 2.79', 'X-OpenStack-Nova-API-Version': '2.79' });
    assert.deepEqual(microversionHeaders(undefined), {});
    assert.equal(supportsMicroversion('2.79', '2.74'), true);
    assert.equal(supportsMicroversion('2.60', '2.74'), false);
    assert.equal(computeVersionsUrl('http://h/compute/v2.1'), 'http://h/compute/v2.1/');
    assert.equal(computeVersionsUrl('http://h:8774/v2.1/6f70656e737461636b20342065766572'), 'http://h:8774/v2.1/');
  });
});

describe('API answers', () => {
  it('normalizes Nova addresses, flavor and task state', () => {
    const server = normalizeServer({
      id: 'abc',
      name: 'web-1',
      status: 'ACTIVE',
      'OS-EXT-STS:task_state': null,
      'OS-EXT-STS:power_state': 1,
      'OS-EXT-SRV-ATTR:host': 'compute1',
      image: '',
      flavor: { original_name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 },
      addresses: {
        private: [
          { version: 4, addr: '10.0.0.5', 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': 'fa:16:3e:00:00:01' },
          { version: 6, addr: 'fd00::5', 'OS-EXT-IPS:type': 'fixed' },
        ],
      },
    });
    assert.deepEqual(server.addresses, [
      { network: 'private', addr: '10.0.0.5', version: 4, type: 'fixed', mac: 'fa:16:3e:00:00:01' },
      { network: 'private', addr: 'fd00::5', version: 6, type: 'fixed' },
    ]);
    assert.deepEqual(server.flavor, { name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 });
    assert.deepEqual(server.image, {});
    assert.equal(server.taskState, null);
    assert.equal(server.host, 'compute1');
  });

  it('lists a server under its compute host, or says why there is none: hidden from non-admins, or not scheduled yet', () => {
    const asAdmin = normalizeServer({ id: 'a', name: 'web', status: 'ACTIVE', 'OS-EXT-SRV-ATTR:host': 'compute1' });
    const asDemo = normalizeServer({ id: 'b', name: 'web', status: 'ACTIVE' }); // Nova's policy leaves the key out
    const building = normalizeServer({ id: 'c', name: 'web', status: 'BUILD', 'OS-EXT-SRV-ATTR:host': null });
    assert.deepEqual([asAdmin, asDemo, building].map(computeHostGroup), ['compute1', '(host shown to admins only)', '(not scheduled)']);
  });

  it('follows next pages on our own endpoint, keeping only the query of the link', () => {
    assert.equal(
      nextPageUrl(
        'http://127.0.0.1:9999/compute/v2.1/servers/detail',
        { servers_links: [{ rel: 'next', href: 'http://controller/compute/v2.1/servers/detail?marker=abc' }] },
        'servers_links',
      ),
      'http://127.0.0.1:9999/compute/v2.1/servers/detail?marker=abc',
    );
    assert.equal(
      nextPageUrl(
        'http://h/image/v2/images?container_format=docker&limit=100',
        { next: '/v2/images?container_format=docker&limit=100&marker=i9' },
        'next',
      ),
      'http://h/image/v2/images?container_format=docker&limit=100&marker=i9',
    );
    assert.equal(nextPageUrl('http://h/x', { servers_links: [] }, 'servers_links'), undefined);
    assert.equal(imageApiUrl('http://h/image'), 'http://h/image/v2');
    assert.equal(imageApiUrl('http://h:9292/v2'), 'http://h:9292/v2');
    assert.equal(networkApiUrl('http://h:9696/networking'), 'http://h:9696/networking/v2.0');
  });
});

describe('transports', () => {
  let http: HttpServer;
  let port: number;
  before(async () => {
    http = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        if (req.url === '/slow') return; // never answers
        res.setHeader('X-Subject-Token', 'tok');
        res.end(JSON.stringify({ method: req.method, url: req.url, token: req.headers['x-auth-token'], body }));
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    port = (http.address() as { port: number }).port;
  });
  after(() => {
    http.closeAllConnections();
    http.close();
  });

  it("sshForwardTransport speaks HTTP/1.1 over the stream it is given, asking for the URL's host and port", async () => {
    const asked: string[] = [];
    const transport = sshForwardTransport(async (host, p) => {
      asked.push(`${host}:${p}`);
      return connect(port, '127.0.0.1');
    });
    const response = await transport(`http://controller.invalid:8774/v2.1/servers?x=1`, {
      method: 'POST',
      headers: { 'x-auth-token': 'T' },
      body: '{"a":1}',
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-subject-token'), 'tok');
    assert.deepEqual(JSON.parse(await response.text()), { method: 'POST', url: '/v2.1/servers?x=1', token: 'T', body: '{"a":1}' });
    assert.deepEqual(asked, ['controller.invalid:8774']);
  });

  it('a failing forward and a silent server become errors, not hangs', async () => {
    const transport = sshForwardTransport(async () => {
      throw new Error('(SSH) Channel open failure: Connection refused');
    });
    await assert.rejects(transport('http://127.0.0.1:5000/v3', { method: 'GET', headers: {} }), /Connection refused/);
    const slow = nodeHttpTransport({ timeoutMs: 200 });
    await assert.rejects(
      slow(`http://127.0.0.1:${port}/slow`, { method: 'GET', headers: {} }),
      (error: Error) => error.name === 'TimeoutError',
    );
  });
});
