import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cliOnHost, connectHost, loadTestEnv } from './testEnv';

// devstack-contrail plan|apply|undo over SSH against the real test hosts, as a user would run it.
const env = loadTestEnv();
// docker.filters is root's: written through the stack user's password-less sudo, as devstack sets it up.
// nova-docker's install needs the network: not in this test.
const STEPS = 'localrc,contrail-plugin,docker-hypervisor,rootwrap-filter,nova-vif-driver,glance-formats';

function run(host: keyof typeof env.hosts, args: string[], knownHosts = env.knownHosts) {
  return cliOnHost(env, host, [...args, '--steps', STEPS, '--yes'], knownHosts);
}

async function hostFiles(host: keyof typeof env.hosts): Promise<string> {
  const session = await connectHost(env, host);
  try {
    const result = await session.exec(
      'cd / && for f in /opt/stack/devstack/localrc /opt/stack/devstack/local.conf /opt/stack/devstack/lib/neutron_plugins/contrail /opt/stack/devstack/lib/nova_plugins/hypervisor-docker /etc/nova/nova.conf /etc/glance/glance-api.conf /etc/nova/rootwrap.d/docker.filters; do echo "== $f"; cat "$f" 2>/dev/null || echo "(missing)"; done; ls -ln /etc/nova/rootwrap.d',
    );
    return result.stdout;
  } finally {
    session.close();
  }
}

describe('devstack-contrail plan / apply / undo over SSH', () => {
  after(() => {
    // leave the shared hosts as up.sh made them, whatever happened
    for (const host of ['host1', 'host2'] as const) for (let i = 0; i < 3; i++) run(host, ['undo']);
  });

  for (const host of ['host1', 'host2'] as const) {
    it(`plans, applies, is a no-op the second time, and undoes byte for byte on ${host} (${env.hosts[host].era} layout)`, async () => {
      const original = await hostFiles(host);
      const plan = run(host, ['plan', '--format', 'json']);
      assert.equal(plan.status, 0, plan.stderr);
      const planned = JSON.parse(plan.stdout) as { steps: { id: string; status: string; files: { path: string; change: string }[] }[] };
      assert.deepEqual(
        planned.steps.map((s) => s.status),
        ['needed', 'needed', 'needed', 'needed', 'needed', host === 'host1' ? 'applied' : 'needed'],
      );
      assert.equal(await hostFiles(host), original, 'plan writes nothing');
      const apply = run(host, ['apply', '--format', 'json']);
      assert.equal(apply.status, 0, apply.stderr);
      const applied = JSON.parse(apply.stdout) as { steps: { status: string }[]; result: string; backup: string };
      assert.deepEqual(
        applied.steps.map((s) => s.status),
        ['applied', 'applied', 'applied', 'applied', 'applied', 'applied'],
      );
      assert.match(applied.backup, /^\/opt\/stack\/\.devstack-contrail\/backups\/\d{4}-/);
      const session = await connectHost(env, host);
      try {
        const checks = await session.exec(
          'bash -n /opt/stack/devstack/lib/neutron_plugins/contrail && bash -n /opt/stack/devstack/lib/nova_plugins/hypervisor-docker && grep -c novadocker.virt.docker.driver.DockerDriver /opt/stack/devstack/lib/nova_plugins/hypervisor-docker',
        );
        assert.equal(checks.stdout.trim(), '1', checks.stderr);
        const filters = await session.exec(
          'stat -c "%U %a" /etc/nova/rootwrap.d/docker.filters; tail -n 1 /etc/nova/rootwrap.d/docker.filters',
        );
        assert.equal(filters.stdout, 'root 644\nln: CommandFilter, /bin/ln, root\n');
      } finally {
        session.close();
      }
      const second = run(host, ['apply']);
      assert.equal(second.status, 0);
      assert.match(second.stdout, /^result: already applied$/m);
      const undo = run(host, ['undo']);
      assert.equal(undo.status, 0, undo.stderr);
      assert.match(undo.stdout, /^restored \d+ file\(s\) from /);
      assert.equal(await hostFiles(host), original, 'undo restores every file byte for byte');
    });
  }

  it('writes root-owned files with a sudo password, asked once and given on stdin, never on a command line', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SshTarget } = require('../../src/core/provision/target') as typeof import('../../src/core/provision/target');
    const password = readFileSync(env.passwordFile, 'utf8').trim();
    const session = await connectHost(env, 'host1', { user: env.passwordUser, credentials: { password } });
    const path = '/etc/nova/rootwrap.d/devstack-contrail-sudo-test.filters';
    // ops's sudo timestamp is global: an earlier test's sudo would let this one pass without asking
    await session.exec('sudo -K');
    try {
      // from sudo's cold start (no credentials cached by an earlier run): the password is needed, and
      // once given must never end up in the file (sudo -S with cached credentials would not read it)
      await session.exec('sudo -K');
      let asked = 0;
      const target = new SshTarget(session, {
        password: async () => {
          asked += 1;
          return password;
        },
      });
      await target.write(path, Buffer.from('[Filters]\n'), 0o644);
      await target.write(path, Buffer.from('[Filters]\nln: CommandFilter, /bin/ln, root\n'));
      assert.equal(asked, 1);
      const written = await session.exec(`stat -c '%U %a' ${path}; cat ${path}`);
      assert.equal(written.stdout, 'root 644\n[Filters]\nln: CommandFilter, /bin/ln, root\n');
      const wrong = new SshTarget(session, { password: async () => 'not the password' });
      await assert.rejects(wrong.write(path, Buffer.from('clobbered')), /wrong sudo password|incorrect password/);
      assert.match((await session.exec(`cat ${path}`)).stdout, /^\[Filters\]\nln:/, 'the file is intact');
      const refused = new SshTarget(session, { password: async () => undefined });
      await assert.rejects(refused.write(path, Buffer.from('x')), /sudo needs a password \(none given\)/);
      await target.remove(path);
      assert.equal((await session.exec(`test -e ${path}`)).exitCode, 1);
    } finally {
      session.close();
    }
  });

  it('keeps the owner of a file another user owns: the write goes through sudo instead of taking it over', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SshTarget } = require('../../src/core/provision/target') as typeof import('../../src/core/provision/target');
    const session = await connectHost(env, 'host2');
    const path = '/etc/nova/devstack-contrail-owner-test.conf';
    try {
      // a file of user ops in a folder the stack user may write (so a plain rename would work, and take it over)
      const made = await session.exec(
        `printf '[DEFAULT]\n' > ${path} && sudo -n chown ${env.passwordUser}:${env.passwordUser} ${path} && sudo -n chmod 664 ${path}`,
      );
      assert.equal(made.exitCode, 0, made.stderr);
      const target = new SshTarget(session);
      await target.write(path, Buffer.from('[DEFAULT]\ndebug = True\n'));
      const written = await session.exec(`stat -c '%U:%G %a' ${path}; cat ${path}`);
      assert.equal(written.stdout, `${env.passwordUser}:${env.passwordUser} 664\n[DEFAULT]\ndebug = True\n`);
    } finally {
      await session.exec(`sudo -n rm -f ${path}`);
      session.close();
    }
  });

  it('refuses an unknown host key in batch use, printing its fingerprint; a hand-edited file is a conflict', async () => {
    const empty = join(mkdtempSync(join(tmpdir(), 'dc-kh-')), 'known_hosts');
    writeFileSync(empty, '');
    const refused = run('host1', ['plan'], empty);
    assert.equal(refused.status, 2);
    assert.match(
      refused.stderr,
      /is not in .*known_hosts; its ssh-ed25519 key fingerprint is SHA256:\S+; not accepted, so not connected\. If that fingerprint is the host's, add it with --accept-new-host-key, or append this line to .*:\n\[127\.0\.0\.2\]:\d+ ssh-ed25519 AAAA\S+\n$/,
    );
    const session = await connectHost(env, 'host1');
    const path = '/opt/stack/devstack/lib/nova_plugins/hypervisor-docker';
    const original = (await session.readFile(path)).toString('utf8');
    try {
      await session.exec(`sed -i 's/compute_driver docker.DockerDriver/compute_driver acme.virt.Custom/' ${path}`);
      const plan = run('host1', ['plan']);
      assert.equal(plan.status, 1);
      assert.match(plan.stdout, /^conflict +docker-hypervisor +.*sets acme\.virt\.Custom, not docker\.DockerDriver: edited by hand/m);
    } finally {
      await session.exec(`cat > ${path}`, { stdin: original });
      session.close();
    }
  });
});
