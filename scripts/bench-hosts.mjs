// Refresh of the Hosts view against real sshd hosts on loopback (test/env/up.sh with BENCH_HOSTS=7):
// 3 and 10 warm hosts, each refresh = one probe command + one Docker API call per host, all hosts at once.
// Reference: OpenSSH, `ssh host cmd` once per item the tree shows, as a shell script would do it.
// Prints PASS/FAIL lines like scripts/bench.mjs; target ≤ 300 ms for 10 hosts.
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;

export async function benchHosts(report) {
  const up = spawnSync('bash', ['test/env/up.sh'], {
    cwd: root,
    env: { ...process.env, BENCH_HOSTS: '7' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (up.status !== 0) return report('Hosts refresh', 'test/env/up.sh failed (root on Debian needed)', 'run', false);
  const env = JSON.parse(
    readFileSync(join(process.env.DEVSTACK_CONTRAIL_TEST_STATE ?? '/var/tmp/devstack-contrail-test', 'env.json'), 'utf8'),
  );
  const addresses = [
    env.hosts.host1.address,
    env.hosts.host2.address,
    ...Array.from({ length: 7 }, (_, i) => `127.0.0.${10 + i}`),
    env.hosts.host3.address,
  ];
  const hosts = addresses.map((address, i) => ({
    name: `h${i}`,
    host: address,
    port: env.port,
    user: env.user,
    identityFile: env.clientKey,
    proxyJump: address === env.hosts.host3.address ? 'h1' : undefined,
  }));
  const { createRemoteRuntime, FileLedger } = require(join(root, 'out/src/remote/index.js'));
  const ledger = new FileLedger(join(mkdtempSync(join(tmpdir(), 'dc-bench-ledger-')), 'backups.json'));
  const runtime = createRemoteRuntime({
    hosts: () => hosts,
    hostKeys: { knownHostsPath: env.knownHosts, confirmUnknownKey: async () => false },
    prompts: { passphrase: async () => undefined, password: async () => undefined },
    ledger,
  });
  const refresh = async (names) => {
    const started = performance.now();
    const views = await Promise.all(names.map((n) => runtime.view(n)));
    const failed = views.filter((v) => v.error || v.containersError);
    if (failed.length) throw new Error(failed.map((v) => v.error ?? v.containersError).join('; '));
    return performance.now() - started;
  };
  const ssh = (address, command) =>
    new Promise((resolve) => {
      const jump =
        address === env.hosts.host3.address
          ? [
              '-o',
              `ProxyCommand=ssh -i ${env.clientKey} -o UserKnownHostsFile=${env.knownHosts} -o BatchMode=yes -p ${env.port} -W %h:%p ${env.user}@${env.hosts.host2.address}`,
            ]
          : [];
      const child = spawn(
        'ssh',
        [
          '-i',
          env.clientKey,
          '-o',
          `UserKnownHostsFile=${env.knownHosts}`,
          '-o',
          'StrictHostKeyChecking=yes',
          '-o',
          'BatchMode=yes',
          ...jump,
          '-p',
          String(env.port),
          `${env.user}@${address}`,
          command,
        ],
        { stdio: 'ignore' },
      );
      child.on('exit', resolve);
    });
  // what a script would run per host to show the same items, one `ssh host cmd` each
  const items = [
    'for c in /opt/stack/devstack "$HOME/devstack"; do [ -f "$c/stack.sh" ] && echo "$c" && break; done',
    'git -C /opt/stack/devstack rev-parse --abbrev-ref HEAD; git -C /opt/stack/devstack log -1 --format="%h %cs %s"',
    'stat -c "%s|%Y|%a|%n" /opt/stack/devstack/localrc /opt/stack/devstack/local.conf /etc/nova/nova.conf /etc/glance/glance-api.conf 2>/dev/null; true',
    'cat /opt/stack/devstack/localrc 2>/dev/null; true',
    'screen -S stack -Q windows 2>/dev/null; systemctl list-units "devstack@*" --all --no-legend --plain 2>/dev/null; true',
    'docker ps -a --format "{{.Names}} {{.Image}} {{.Status}}"',
  ];
  const reference = async (count) => {
    const started = performance.now();
    await Promise.all(
      addresses.slice(0, count).map(async (address) => {
        for (const item of items) await ssh(address, item);
      }),
    );
    return performance.now() - started;
  };
  try {
    for (const count of [3, 10]) {
      const names = hosts.slice(0, count).map((h) => h.name);
      await refresh(names); // connect: the view keeps its connections, so refreshes are warm
      await refresh(names);
      const ours = median(
        await (async () => {
          const r = [];
          for (let i = 0; i < 9; i++) r.push(await refresh(names));
          return r;
        })(),
      );
      const theirs = median(
        await (async () => {
          const r = [];
          for (let i = 0; i < 3; i++) r.push(await reference(count));
          return r;
        })(),
      );
      const ratio = theirs / ours;
      report(
        `Hosts refresh, ${count} warm hosts (probe + containers each, in parallel), median of 9`,
        `${fmt(ours)} vs OpenSSH \`ssh host cmd\` per item ${fmt(theirs)} = ${ratio.toFixed(1)}× faster`,
        count === 10 ? '≤ 300 ms' : 'report',
        count === 10 ? ours <= 300 : true,
      );
    }
    // provisioning: plan + apply of the file steps on a warm loopback host, then undo (not timed)
    const steps = ['localrc', 'contrail-plugin', 'docker-hypervisor', 'nova-vif-driver', 'glance-formats'];
    const { DEFAULT_SETTINGS } = require(join(root, 'out/src/core/provision/plan.js'));
    const host = hosts[1].name; // the later layout: every file step has work to do
    const timings = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const { plans } = await runtime.provisioning.plan(host, DEFAULT_SETTINGS, steps);
      const outcome = await runtime.provisioning.apply(host, plans, {});
      timings.push(performance.now() - started);
      if (outcome.nothingToDo) throw new Error('nothing to apply: the host was not reset');
      await runtime.provisioning.undo(host);
    }
    report(
      'Provisioning plan + apply (5 file steps, backups, verify) on a warm loopback host, median of 5',
      fmt(median(timings)),
      '≤ 1 s',
      median(timings) <= 1000,
    );
  } catch (error) {
    report('Hosts refresh / provisioning', `failed: ${error.message}`, '≤ 300 ms / ≤ 1 s', false);
  } finally {
    runtime.dispose();
  }
}
