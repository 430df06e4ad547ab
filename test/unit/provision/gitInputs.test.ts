import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { branchNameProblem, repositoryProblem } from '../../../src/core/provision/gitInputs';
import { DEFAULT_SETTINGS, InvalidSettingError, PROVISION_SETTINGS, provisionSettingsFrom } from '../../../src/core/provision/settings';
import { gitArgv } from '../../../src/core/remote/gitCommand';

const BRANCHES_GIT_TAKES = ['opencontrail', 'contrail/havana', 'stable/zed', 'feature-1.2', 'a@b', 'v1', 'x+y', 'it\'s"quoted;|&$HOME'];
const BRANCHES_GIT_REFUSES = [
  '',
  '-b',
  '--upload-pack=touch /tmp/x',
  'HEAD',
  '@',
  'a b',
  'a~1',
  'a^',
  'a:b',
  'a?',
  'a*',
  'a[1',
  'a\\b',
  'a..b',
  'a@{1}',
  '/a',
  'a/',
  'a//b',
  'a.',
  '.a',
  'a/.b',
  'a.lock',
  'a/b.lock/c',
  'a\nb',
  'a\tb',
  'a\x7f',
];

describe('git inputs: branch names and repository URLs', () => {
  it('takes a branch exactly when git check-ref-format --branch does, and never one starting with - or the lone @', () => {
    // `@` is a valid branch name to git, and also its short name for HEAD (git checkout @): refused
    const stricter = new Set(['@']);
    for (const name of [...BRANCHES_GIT_TAKES, ...BRANCHES_GIT_REFUSES]) {
      // outside a repository, where git does not expand @ or @{-1} to the current branch
      const byGit = stricter.has(name)
        ? 1
        : spawnSync('git', ['check-ref-format', '--branch', name], { stdio: 'ignore', cwd: tmpdir() }).status;
      assert.equal(
        branchNameProblem(name) === undefined,
        byGit === 0,
        `${JSON.stringify(name)}: git says ${byGit === 0 ? 'valid' : 'invalid'}, we say ${branchNameProblem(name) ?? 'valid'}`,
      );
    }
    for (const name of BRANCHES_GIT_TAKES) assert.equal(branchNameProblem(name), undefined, name);
  });

  it('refuses what bash would run or git read as an option, each with the reason', () => {
    assert.equal(branchNameProblem('--upload-pack=x'), "starts with '-' (git would read it as an option)");
    assert.equal(branchNameProblem('$(touch${IFS}x)'), 'has "$(" (command substitution)');
    assert.equal(branchNameProblem('`id`'), 'has a backquote (command substitution)');
    assert.equal(branchNameProblem('a\nb'), 'has a newline or another control character');
    assert.equal(branchNameProblem('a:b'), 'has ":", which a git branch name cannot hold');
  });

  it('takes the transports and forms a repository setting may use, and refuses the others', () => {
    for (const url of [
      'https://github.com/Juniper/neutron.git',
      'http://git.example.com/x.git',
      'ssh://git@example.com:2222/x.git',
      'git://example.com/x',
      'git@github.com:org/repo.git',
      'example.com:repo.git',
      '/opt/stack/.test/nova-docker-fork',
      'file:///opt/stack/.test/nova-docker-fork',
      'https://user:token@[::1]:8443/x.git',
    ]) {
      assert.equal(repositoryProblem(url), undefined, url);
    }
    for (const [url, reason] of [
      ['', 'is empty'],
      ['-uhttps://x', "starts with '-' (git would read it as an option)"],
      ['ext::sh -c touch% /tmp/x', 'has a space'],
      ['ext::sh', 'uses the transport::address form, which makes git run a helper program'],
      ['fd::3', 'uses the transport::address form, which makes git run a helper program'],
      ['ftp://example.com/x', 'uses ftp://, which is not one of https://, http://, ssh://, git://, file://'],
      ['ssh://-oProxyCommand=x/y', "has a host or user that starts with '-' (ssh would read it as an option)"],
      ['ssh://-u@host/y', "has a host or user that starts with '-' (ssh would read it as an option)"],
      ['-oProxyCommand=x:y', "starts with '-' (git would read it as an option)"],
      ['user@-host:path', "has a host or user that starts with '-' (ssh would read it as an option)"],
      ['https:///x', 'names no host'],
      ['https://ex ample.com/x', 'has a space'],
      ['file://host/x', 'is a file:// URL that does not name an absolute path (file:///path)'],
      ['relative/path', 'is not a URL git can clone from here'],
      ['https://x/$(touch /tmp/x).git', 'has "$(" (command substitution)'],
      ['https://x/a\n.git', 'has a newline or another control character'],
    ] as const) {
      assert.equal(repositoryProblem(url), reason, JSON.stringify(url));
    }
  });
});

describe('provisioning settings', () => {
  it('reads VS Code settings with their defaults, and names the setting a bad value is in', () => {
    const values: Record<string, unknown> = { 'provision.novaDockerRepo': 'file:///srv/fork', 'provision.neutronBranch': '' };
    assert.deepEqual(
      provisionSettingsFrom((key) => values[key], 'devstackContrail'),
      { ...DEFAULT_SETTINGS, NOVA_DOCKER_REPO: 'file:///srv/fork' },
    );
    values['provision.novaDockerBranch'] = '--upload-pack=touch /tmp/canary; git-upload-pack';
    assert.throws(
      () => provisionSettingsFrom((key) => values[key], 'devstackContrail'),
      (error: Error) =>
        error instanceof InvalidSettingError &&
        error.message ===
          'devstackContrail.provision.novaDockerBranch: "--upload-pack=touch /tmp/canary; git-upload-pack" starts with \'-\' (git would read it as an option); give a branch name as git allows it (e.g. opencontrail)',
    );
  });

  it('declares each setting in package.json, restricted in untrusted workspaces', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as {
      capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
      contributes: {
        configuration: { properties: Record<string, { default?: unknown }> } | { properties: Record<string, { default?: unknown }> }[];
      };
    };
    const sections = [pkg.contributes.configuration].flat();
    const properties = Object.assign({}, ...sections.map((s) => s.properties)) as Record<string, { default?: unknown }>;
    for (const setting of PROVISION_SETTINGS) {
      const key = `devstackContrail.${setting.key}`;
      assert.equal(properties[key]?.default, setting.default, `${key} in contributes.configuration, default ${setting.default}`);
      assert.ok(
        pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(key),
        `${key} is restricted in untrusted workspaces`,
      );
    }
  });
});

describe('gitArgv', () => {
  it('turns off what a repository config could run, allows file only for a local fork, and puts -- before positionals', () => {
    const argv = gitArgv({ dir: '/opt/stack/nova-docker' }, 'fetch', ['--progress'], ['origin', 'refs/heads/-x']);
    for (const config of ['core.fsmonitor=', 'core.hooksPath=/dev/null', 'protocol.allow=never', 'protocol.file.allow=never']) {
      assert.equal(argv[argv.indexOf(config) - 1], '-c', config);
    }
    assert.deepEqual(argv.slice(-7), ['-C', '/opt/stack/nova-docker', 'fetch', '--progress', '--', 'origin', 'refs/heads/-x']);
    assert.ok(
      gitArgv({ allowFileProtocol: true }, 'clone', [], ['/srv/fork', '/opt/stack/nova-docker']).includes('protocol.file.allow=always'),
    );
    assert.deepEqual(gitArgv({}, 'checkout', ['master'], []).slice(-3), ['checkout', 'master', '--']);
    assert.deepEqual(gitArgv({}, 'status', ['--porcelain']).slice(-2), ['status', '--porcelain']);
  });
});
