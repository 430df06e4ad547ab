import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliOnHost, connectHost, loadTestEnv } from './testEnv';

// The nova-docker step over SSH, as a user runs it: clone the fork next to devstack, install it the
// way the host's devstack does, stream the output, and take it all back on undo. The "fork" is a git
// repository on the host itself (this machine has no internet), with the OpenContrail VIF driver module.
const env = loadTestEnv();
const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const FORK = '/opt/stack/.test/nova-docker-fork';
const FORK_URL = `file://${FORK}`;
const IMPORT = 'cd / && "$0" -c "import novadocker.virt.docker.opencontrail as m; print(m.OpenContrailVIFDriver.__name__)"';

function run(host: keyof typeof env.hosts, args: string[], repo = FORK_URL) {
  return cliOnHost(env, host, [...args, '--steps', 'nova-docker', '--set', `NOVA_DOCKER_REPO=${repo}`, '--yes']);
}

async function onHost(host: keyof typeof env.hosts, command: string): Promise<{ stdout: string; stderr: string; exitCode: number | null }> {
  const session = await connectHost(env, host);
  try {
    return await session.exec(command, { timeoutMs: 60_000 });
  } finally {
    session.close();
  }
}

// a minimal nova-docker fork: the package layout and the branch of the OpenContrail fork
const MAKE_FORK = `set -e; rm -rf ${FORK}; mkdir -p ${FORK}/novadocker/virt/docker; cd ${FORK}
touch novadocker/__init__.py novadocker/virt/__init__.py novadocker/virt/docker/__init__.py
printf 'class OpenContrailVIFDriver(object):\\n    """plugs a container into the OpenContrail vRouter"""\\n' > novadocker/virt/docker/opencontrail.py
printf 'import setuptools\\nsetuptools.setup(name="nova-docker", version="0.0.1", packages=setuptools.find_packages())\\n' > setup.py
git init -q -b master . && git -c user.name=t -c user.email=t@t add . && git -c user.name=t -c user.email=t@t commit -qm fork
git checkout -qb opencontrail`;

describe('the nova-docker step: clone the fork and install it, streamed, undoable', () => {
  before(async () => {
    for (const host of ['host1', 'host2'] as const) {
      const made = await onHost(host, MAKE_FORK);
      assert.equal(made.exitCode, 0, made.stderr);
    }
  });
  after(async () => {
    for (const host of ['host1', 'host2'] as const) {
      for (let i = 0; i < 2; i++) run(host, ['undo']);
      await onHost(host, `rm -rf ${FORK} /opt/stack/nova-docker /opt/stack/data/venv`);
    }
  });

  it('on later devstack with its global venv: git clone + pip install -e, no-op the second time, undo removes both', async () => {
    const venv = await onHost(
      'host2',
      'rm -rf /opt/stack/data/venv && /usr/bin/python3 -m venv --system-site-packages /opt/stack/data/venv',
    );
    assert.equal(venv.exitCode, 0, venv.stderr);
    const plan = run('host2', ['plan']);
    assert.equal(plan.status, 0, plan.stderr);
    assert.match(
      plan.stdout,
      /needed\s+nova-docker\s+git clone -b opencontrail file:\/\/\/opt\/stack\/\.test\/nova-docker-fork \/opt\/stack\/nova-docker; \/opt\/stack\/data\/venv\/bin\/pip install -e/,
    );

    const apply = run('host2', ['apply']);
    assert.equal(apply.status, 0, apply.stderr);
    // the commands' own output, streamed: git's clone progress and pip's result
    assert.match(apply.stderr, /\$ git clone -b opencontrail/);
    assert.match(apply.stderr, /Cloning into '\/opt\/stack\/nova-docker'/);
    assert.match(apply.stderr, /Successfully installed nova-docker/);
    assert.match(
      apply.stdout,
      /applied\s+nova-docker\s+\/opt\/stack\/nova-docker is on opencontrail and python imports novadocker from \/opt\/stack\/nova-docker\/novadocker/,
    );
    const imported = await onHost('host2', `bash -c '${IMPORT}' /opt/stack/data/venv/bin/python`);
    assert.equal(imported.stdout.trim(), 'OpenContrailVIFDriver', imported.stderr);

    const second = run('host2', ['apply']);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /result: already applied/);

    const undone = run('host2', ['undo']);
    assert.equal(undone.status, 0, undone.stderr);
    assert.match(undone.stdout, /took back: pip uninstall nova-docker\ntook back: rm -rf \/opt\/stack\/nova-docker/);
    const gone = await onHost(
      'host2',
      `test ! -e /opt/stack/nova-docker && ! bash -c '${IMPORT}' /opt/stack/data/venv/bin/python 2>/dev/null`,
    );
    assert.equal(gone.exitCode, 0, 'undo leaves neither the checkout nor the installed package');
  });

  it('on 2014 devstack without a venv: sudo pip install of the checkout, and undo uninstalls it', async () => {
    const apply = run('host1', ['apply']);
    assert.equal(apply.status, 0, apply.stderr);
    assert.match(apply.stderr, /\$ sudo pip install \/opt\/stack\/nova-docker\n/);
    assert.match(apply.stderr, /Successfully installed nova-docker/);
    const imported = await onHost('host1', `bash -c '${IMPORT}' /usr/bin/python3`);
    assert.equal(imported.stdout.trim(), 'OpenContrailVIFDriver', imported.stderr);
    const undone = run('host1', ['undo']);
    assert.equal(undone.status, 0, undone.stderr);
    assert.match(undone.stdout, /took back: sudo pip uninstall nova-docker/);
    const gone = await onHost('host1', `bash -c '${IMPORT}' /usr/bin/python3`);
    assert.notEqual(gone.exitCode, 0, 'the package is uninstalled');
  });

  it('reports a checkout of another repository as a conflict and leaves it alone', async () => {
    const other = await onHost('host2', `rm -rf /opt/stack/nova-docker && git clone -q ${FORK} /opt/stack/nova-docker`);
    assert.equal(other.exitCode, 0, other.stderr);
    const plan = run('host2', ['plan']);
    assert.equal(plan.status, 1);
    assert.match(
      plan.stdout,
      /conflict\s+nova-docker\s+\/opt\/stack\/nova-docker is a checkout of \/opt\/stack\/\.test\/nova-docker-fork, not file:\/\/\/opt\/stack\/\.test\/nova-docker-fork: change the nova-docker repository setting or move the checkout away/,
    );
    const apply = run('host2', ['apply']);
    assert.equal(apply.status, 1);
    const still = await onHost('host2', 'git -C /opt/stack/nova-docker config --get remote.origin.url');
    assert.equal(still.stdout.trim(), FORK);
    await onHost('host2', 'rm -rf /opt/stack/nova-docker');
  });

  it('refuses a branch git would read as an option (exit 2) before anything runs on the host: no canary there, the checkout untouched', async () => {
    const canary = '/opt/stack/.test/injected-canary';
    // a checkout of the fork on master: the step would fetch the branch into it
    const made = await onHost(
      'host2',
      `rm -rf /opt/stack/nova-docker ${canary} && git clone -q ${FORK_URL} /opt/stack/nova-docker && git -C /opt/stack/nova-docker checkout -q master && ls /opt/stack/.devstack-contrail/backups 2>/dev/null | wc -l`,
    );
    assert.equal(made.exitCode, 0, made.stderr);
    try {
      const results = ['plan', 'apply'].map((command) =>
        spawnSync(
          process.execPath,
          [
            cli,
            command,
            '--host',
            `${env.user}@${env.hosts.host2.address}:${env.port}`,
            '--identity',
            env.clientKey,
            '--known-hosts',
            env.knownHosts,
            '--steps',
            'nova-docker',
            '--set',
            `NOVA_DOCKER_REPO=${FORK_URL}`,
            '--set',
            `NOVA_DOCKER_BRANCH=--upload-pack=touch ${canary}; git-upload-pack`,
            '--yes',
          ],
          { encoding: 'utf8', env: { ...process.env, SSH_AUTH_SOCK: '' } },
        ),
      );
      const after = await onHost(
        'host2',
        `test -e ${canary} && echo canary; git -C /opt/stack/nova-docker rev-parse --abbrev-ref HEAD; ls /opt/stack/.devstack-contrail/backups 2>/dev/null | wc -l`,
      );
      assert.equal(after.stdout, `master\n${made.stdout}`, 'no canary on the host, the checkout still on master, no backup set made');
      for (const result of results) {
        assert.equal(result.status, 2, result.stderr);
        assert.match(
          result.stderr,
          /--set NOVA_DOCKER_BRANCH: "--upload-pack=touch \/opt\/stack\/\.test\/injected-canary; git-upload-pack" starts with '-' \(git would read it as an option\)/,
        );
      }
    } finally {
      await onHost('host2', `rm -rf /opt/stack/nova-docker ${canary}`);
    }
  });
});
