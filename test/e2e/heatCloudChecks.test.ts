// `devstack-contrail lint --cloud` against the test cloud's real Heat, Glance, Nova and Neutron, as a user
// runs it (dist/cli.js, clouds.yaml's devstack-demo): a name the cloud does not have is reported at its
// line and column with the closest name it has, a correct template is clean, the resource types are the
// cloud's own (demo does not get the admin-only OS::Nova::Flavor, admin does), `stack validate --cloud`
// says the same, and a cloud that does not answer leaves the offline data and says so.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadOpenStackEnv } from './testEnv';

const os = loadOpenStackEnv();
const dir = mkdtempSync(join(tmpdir(), 'heat-cloud-checks-'));
const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** the CLI as a user runs it, with the test cloud's clouds.yaml (or another) */
function cli(args: string[], cloudsYaml = os.cloudsYaml): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsYaml } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const server = (image: string, flavor = 'm1.nano', network = 'private') => `heat_template_version: 2021-04-16
description: one container on the private network
parameters:
  flavor:
    type: string
    default: ${flavor}
resources:
  server:
    type: OS::Nova::Server
    properties:
      image: ${image}
      flavor: { get_param: flavor }
      networks:
        - network: ${network}
`;

const FLAVOR = `heat_template_version: 2021-04-16
resources:
  tiny:
    type: OS::Nova::Flavor
    properties:
      ram: 64
      vcpus: 1
`;

describe('devstack-contrail lint --cloud against a real cloud', () => {
  it('reports an image the cloud does not have at its line and column, with the closest one it has', { timeout: 120_000 }, async () => {
    const path = file('wrong-image.yaml', server('busybax'));
    const result = await cli(['lint', '--cloud', 'devstack-demo', path]);
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /^\S*wrong-image\.yaml:11:14: error HT316 image of OS::Nova::Server: cloud devstack-demo has no image busybax \(did you mean busybox\?\); it has busybox, \S/m,
    );
    assert.equal(result.stdout.trim().split('\n').length, 1, result.stdout);
    assert.match(
      result.stderr,
      /wrong-image\.yaml: checked as hot .* \(Heat template: Heat of cloud devstack-demo, read from its Heat API; names checked against what cloud devstack-demo has\)/,
    );
    // offline, the same template has nothing to say
    const offline = await cli(['lint', path]);
    assert.deepEqual([offline.status, offline.stdout], [0, '']);
  });

  it("checks the default a property takes with get_param, at the default, and the cloud's networks", { timeout: 120_000 }, async () => {
    const path = file('wrong-flavor.yaml', server('busybox', 'm1.nan', 'privat'));
    const result = await cli(['lint', '--cloud', 'devstack-demo', '--format', 'json', path]);
    assert.equal(result.status, 1, result.stdout + result.stderr);
    const findings = (
      JSON.parse(result.stdout) as { line: number; column: number; endColumn: number; code: string; message: string }[]
    ).map((f) => `${f.line}:${f.column}-${f.endColumn} ${f.code} ${f.message.replace(/; it has .*/, '')}`);
    assert.deepEqual(findings, [
      '6:14-20 HT316 default of parameter flavor (given to flavor of OS::Nova::Server): cloud devstack-demo has no flavor m1.nan (did you mean m1.nano?)',
      '14:20-26 HT316 networks[0].network of OS::Nova::Server: cloud devstack-demo has no network privat (did you mean private?)',
    ]);
    assert.match(JSON.parse(result.stdout)[0].message as string, /; it has m1\.nano, m1\.small, m1\.tiny$/);
  });

  it('finds nothing in a template that names what the cloud has', { timeout: 120_000 }, async () => {
    const result = await cli(['lint', '--cloud', 'devstack-demo', file('right.yaml', server('busybox'))]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /0 problem\(s\)/);
  });

  it(
    "uses the cloud's own resource types: demo's Heat does not offer OS::Nova::Flavor (admin only), admin's does",
    { timeout: 120_000 },
    async () => {
      const path = file('flavor.yaml', FLAVOR);
      const demo = await cli(['lint', '--cloud', 'devstack-demo', path]);
      assert.equal(demo.status, 1, demo.stdout + demo.stderr);
      assert.match(demo.stdout, /^\S*flavor\.yaml:4:11: error HT303 Heat of cloud devstack-demo has no resource type OS::Nova::Flavor\b/m);
      const admin = await cli(['lint', '--cloud', 'devstack-admin', path]);
      assert.deepEqual([admin.status, admin.stdout], [0, ''], admin.stderr);
      assert.match(admin.stderr, /Heat of cloud devstack-admin, read from its Heat API/);
      const offline = await cli(['lint', path]);
      assert.deepEqual([offline.status, offline.stdout], [0, ''], 'the offline data has the type');
    },
  );

  it('stack validate --cloud checks as lint --cloud does; without --cloud it stays offline', { timeout: 120_000 }, async () => {
    const path = file('validate.yaml', server('busybax'));
    const cloud = await cli(['stack', 'validate', '--cloud', 'devstack-demo', path]);
    assert.equal(cloud.status, 1, cloud.stdout + cloud.stderr);
    assert.match(cloud.stdout, /validate\.yaml:11:14: error HT316 image of OS::Nova::Server: cloud devstack-demo has no image busybax/);
    assert.match(cloud.stderr, /validate\.yaml: 1 error\(s\)/);
    const offline = await cli(['stack', 'validate', path]);
    assert.equal(offline.status, 0, offline.stdout + offline.stderr);
    assert.match(offline.stderr, /no errors \(Heat template: Heat 19\.0\.0 \(Zed\), offline data/);
  });

  it('says when the cloud does not answer and checks against the offline data', { timeout: 120_000 }, async () => {
    // the test cloud's clouds.yaml with one more cloud, whose Keystone nothing listens on
    const yaml = `${readFileSync(os.cloudsYaml, 'utf8').trimEnd()}
  gone:
    auth:
      auth_url: http://127.0.0.1:9/v3
      username: demo
      password: demopass
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
`;
    const clouds = file('clouds.yaml', yaml);
    const result = await cli(['lint', '--cloud', 'gone', file('gone.yaml', server('busybax'))], clouds);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(result.stdout, '');
    assert.match(
      result.stderr,
      /^--cloud gone: cloud gone could not be reached \(.*127\.0\.0\.1:9.*\): Heat templates are checked against the offline data$/m,
    );
    assert.match(
      result.stderr,
      /gone\.yaml: checked as hot .*offline data generated from Heat's own definitions: the Heat API of cloud gone could not be read/,
    );
    const unknown = await cli(['lint', '--cloud', 'nowhere', file('nowhere.yaml', server('busybox'))], clouds);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no cloud "nowhere" in .*clouds\.yaml \(it has: devstack-admin, devstack-demo, gone\)/);
  });
});
