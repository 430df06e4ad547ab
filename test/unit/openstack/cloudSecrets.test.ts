import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadCloudsYaml, type WorkspaceCloudsFile } from '../../../src/core/openstack/cloudsYaml';
import { cloudPasswordKey, hostSecretKey, legacyCloudPasswordKey, type CloudPasswordIdentity } from '../../../src/core/secrets/secretKeys';

// A cloud password may only reach the Keystone it was typed for: its key says where it goes and whose it
// is, and a clouds.yaml of the workspace never gets the user's secure.yaml merged into it.

const ADMIN: CloudPasswordIdentity = {
  authUrl: 'http://keystone.example/identity/v3',
  username: 'admin',
  projectName: 'admin',
  userDomainName: 'Default',
  projectDomainName: 'Default',
};

describe('secret store keys', () => {
  it('gives one key to spellings of the same auth URL', () => {
    const key = cloudPasswordKey(ADMIN);
    for (const authUrl of [
      'HTTP://Keystone.EXAMPLE/identity/v3',
      'http://keystone.example:80/identity/v3/',
      ' http://keystone.example/identity/v3// ',
    ]) {
      assert.equal(cloudPasswordKey({ ...ADMIN, authUrl }), key, authUrl);
    }
    assert.equal(
      cloudPasswordKey({ ...ADMIN, authUrl: 'https://keystone.example:443/v3' }),
      cloudPasswordKey({ ...ADMIN, authUrl: 'https://keystone.example/v3/' }),
    );
  });

  it('gives another key for another URL, port, path, user, project or domain', () => {
    const others: CloudPasswordIdentity[] = [
      { ...ADMIN, authUrl: 'http://127.0.0.70/identity/v3' },
      { ...ADMIN, authUrl: 'https://keystone.example/identity/v3' },
      { ...ADMIN, authUrl: 'http://keystone.example:5000/identity/v3' },
      { ...ADMIN, authUrl: 'http://keystone.example/v3' },
      { ...ADMIN, username: 'demo' },
      { ...ADMIN, username: undefined, userId: 'admin' },
      { ...ADMIN, projectName: 'demo' },
      { ...ADMIN, projectName: undefined, projectId: 'admin' },
      { ...ADMIN, userDomainName: 'ldap' },
      { ...ADMIN, projectDomainName: 'ldap' },
      { ...ADMIN, userDomainName: undefined, userDomainId: 'Default' },
    ];
    const keys = new Set([ADMIN, ...others].map(cloudPasswordKey));
    assert.equal(keys.size, others.length + 1);
    // values that run into each other do not make one key
    assert.notEqual(
      cloudPasswordKey({ authUrl: 'http://k', username: 'a', projectName: 'bc' }),
      cloudPasswordKey({ authUrl: 'http://k', username: 'ab', projectName: 'c' }),
    );
  });

  it('never gives a cloud the old name-only key, and keeps the SSH keys as they were', () => {
    assert.ok(!cloudPasswordKey({ ...ADMIN, authUrl: 'zed' }).startsWith(legacyCloudPasswordKey('zed')));
    assert.equal(legacyCloudPasswordKey('zed'), 'devstackContrail.cloudPassword.zed');
    assert.equal(hostSecretKey('password', 'ops'), 'devstackContrail.password.ops');
    assert.equal(hostSecretKey('passphrase', 'ops'), 'devstackContrail.passphrase.ops');
  });
});

describe('secure.yaml and a clouds.yaml of the workspace', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'cloud-secrets-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const USER_CLOUDS = 'clouds:\n  mine:\n    auth: { auth_url: "http://keystone.example/v3", username: admin, project_name: admin }\n';
  const SECURE = 'clouds:\n  mine:\n    auth:\n      password: the-users-password\n';
  const HOSTILE = 'clouds:\n  mine:\n    auth: { auth_url: "http://127.0.0.70:5000/v3", username: admin, project_name: admin }\n';

  /** a user with clouds.yaml and secure.yaml in ~/.config/openstack, and a workspace folder */
  function user(name: string): { cwd: string; home: string; siteDir: string; env: Record<string, string> } {
    const base = join(root, name);
    const dirs = { cwd: join(base, 'workspace'), home: join(base, 'home'), siteDir: join(base, 'etc'), env: {} };
    for (const dir of [dirs.cwd, join(dirs.home, '.config', 'openstack'), dirs.siteDir]) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dirs.home, '.config', 'openstack', 'clouds.yaml'), USER_CLOUDS);
    writeFileSync(join(dirs.home, '.config', 'openstack', 'secure.yaml'), SECURE);
    return dirs;
  }

  it("merges the user's secure.yaml into the user's own clouds.yaml", async () => {
    const loaded = await loadCloudsYaml(user('own'));
    assert.equal(loaded.clouds[0].auth.password, 'the-users-password');
  });

  it("does not merge secure.yaml into a workspace clouds.yaml naming the user's cloud", async () => {
    const dirs = user('hostile');
    writeFileSync(join(dirs.cwd, 'clouds.yaml'), HOSTILE);
    const loaded = await loadCloudsYaml(dirs);
    assert.equal(loaded.file, join(dirs.cwd, 'clouds.yaml'));
    assert.equal(loaded.clouds[0].auth.authUrl, 'http://127.0.0.70:5000/v3');
    assert.equal(loaded.clouds[0].auth.password, undefined);
    assert.equal(loaded.secureFile, undefined);
  });

  it("treats a workspace clouds.yaml linking out of the workspace, and a configured file inside it, as the workspace's", async () => {
    const dirs = user('linked');
    const outside = join(root, 'linked', 'elsewhere.yaml');
    writeFileSync(outside, HOSTILE);
    symlinkSync(outside, join(dirs.cwd, 'clouds.yaml'));
    assert.equal((await loadCloudsYaml(dirs)).clouds[0].auth.password, undefined);

    const other = join(root, 'linked', 'second-folder');
    mkdirSync(other);
    writeFileSync(join(other, 'clouds.yaml'), HOSTILE);
    const asked: string[] = [];
    const loaded = await loadCloudsYaml({
      ...dirs,
      cwd: join(root, 'linked', 'home'),
      workspaceDirs: [other],
      env: { OS_CLIENT_CONFIG_FILE: join(other, 'clouds.yaml') },
      approve: async (file) => {
        asked.push(file.path);
        return true;
      },
    });
    assert.deepEqual(asked, [join(other, 'clouds.yaml')]);
    assert.equal(loaded.clouds[0].auth.password, undefined);
  });

  it("counts the user's own openstack folder as the user's when the workspace is the home folder", async () => {
    const dirs = user('home-as-workspace');
    const loaded = await loadCloudsYaml({ ...dirs, workspaceDirs: [dirs.home], approve: async () => assert.fail('nothing to ask about') });
    assert.equal(loaded.clouds[0].auth.password, 'the-users-password');
  });

  it("never reads a secure.yaml of the workspace (it could rewrite the user's auth_url)", async () => {
    const dirs = user('secure-in-workspace');
    writeFileSync(join(dirs.cwd, 'secure.yaml'), 'clouds:\n  mine:\n    auth: { auth_url: "http://127.0.0.70:5000/v3" }\n');
    const loaded = await loadCloudsYaml(dirs);
    assert.equal(loaded.clouds[0].auth.authUrl, 'http://keystone.example/v3');
    assert.equal(loaded.clouds[0].auth.password, 'the-users-password');
    assert.equal(loaded.secureFile, join(dirs.home, '.config', 'openstack', 'secure.yaml'));
  });

  it("asks about a workspace clouds.yaml by path and content hash; declined, the user's own file counts and the problem says why", async () => {
    const dirs = user('asked');
    const file = join(dirs.cwd, 'clouds.yaml');
    writeFileSync(file, HOSTILE);
    const asked: WorkspaceCloudsFile[] = [];
    const declined = await loadCloudsYaml({
      ...dirs,
      approve: async (question) => {
        asked.push(question);
        return false;
      },
    });
    assert.deepEqual(asked, [{ path: file, sha256: createHash('sha256').update(HOSTILE).digest('hex') }]);
    assert.equal(declined.file, join(dirs.home, '.config', 'openstack', 'clouds.yaml'));
    assert.equal(declined.clouds[0].auth.authUrl, 'http://keystone.example/v3');
    assert.equal(declined.clouds[0].auth.password, 'the-users-password');
    assert.deepEqual(declined.problems, [
      `${file} is inside the workspace folder and was not accepted, so its clouds are not used (a changed file is asked about again)`,
    ]);

    const accepted = await loadCloudsYaml({ ...dirs, approve: async () => true });
    assert.equal(accepted.file, file);
    assert.equal(accepted.clouds[0].auth.password, undefined, 'accepted, it still gets no secret of the user');
  });
});

describe('settings a workspace cannot set', () => {
  it('keeps hosts, clouds and the files trusted for SSH and clouds.yaml to user or remote settings (machine scope)', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: {
        configuration: { properties: Record<string, { scope?: string }> } | { properties: Record<string, { scope?: string }> }[];
      };
    };
    const properties = Object.assign({}, ...[pkg.contributes.configuration].flat().map((s) => s.properties)) as Record<
      string,
      { scope?: string }
    >;
    for (const key of ['hosts', 'clouds', 'openstack.cloudsFile', 'ssh.knownHostsFile', 'ssh.configFile']) {
      assert.equal(properties[`devstackContrail.${key}`].scope, 'machine', key);
    }
  });
});
