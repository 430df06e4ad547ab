import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileLedger } from '../../../src/core/provision/backupLedger';
import { undoCommand } from '../../../src/core/provision/commands';
import { applyPlans, listBackups, undo } from '../../../src/core/provision/apply';
import { DEFAULT_SETTINGS, planSteps, type PlanContext, type ProvisionSettings } from '../../../src/core/provision/plan';
import { STEP_IDS } from '../../../src/core/provision/registry';
import { definedFunctions } from '../../../src/core/provision/steps/contrail-plugin';
import { NoDevstackCheckoutError } from '../../../src/core/provision/devstackCheckout';
import { LocalTarget, type CommandResult, type StreamingOptions } from '../../../src/core/provision/target';
import { runProvision } from '../../../src/cli/provisionCommand';
import { CONTRAIL_NEUTRON_PLUGIN, DOCKER_HYPERVISOR_PLUGIN } from '../../../src/core/provision/templates';

// this machine's record of the backup sets the tests write (a folder of their own)
const ledger = new FileLedger(join(mkdtempSync(join(tmpdir(), 'dc-ledger-')), 'backups.json'));

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'env', 'fixtures');
const cli = join(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');
// stdin is not a terminal here: apply needs --yes; a timeout turns a hang into a failure
const runCli = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', input: '', timeout: 30_000 });

/** A host's filesystem in a folder: /opt/stack/devstack and /etc/{nova,glance} from the test fixtures. */
function hostTree(era: '2014' | 'later'): string {
  const root = mkdtempSync(join(tmpdir(), `dc-provision-${era}-`));
  cpSync(join(fixtures, `devstack-${era}`), join(root, 'opt/stack/devstack'), { recursive: true });
  mkdirSync(join(root, 'etc/nova/rootwrap.d'), { recursive: true });
  mkdirSync(join(root, 'etc/glance'), { recursive: true });
  cpSync(join(fixtures, `etc-${era}/nova.conf`), join(root, 'etc/nova/nova.conf'));
  cpSync(join(fixtures, `etc-${era}/glance-api.conf`), join(root, 'etc/glance/glance-api.conf'));
  return root;
}

function snapshot(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === '.devstack-contrail') continue;
      if (statSync(path).isDirectory()) walk(path);
      else files.set(path.slice(root.length), readFileSync(path, 'latin1'));
    }
  };
  walk(root);
  return files;
}

function context(root: string, settings: ProvisionSettings = DEFAULT_SETTINGS): PlanContext {
  return { target: new LocalTarget(root), devstackDir: '/opt/stack/devstack', settings, files: new Map() };
}

// nova-docker's install (git clone + pip) and live-load-scheduler (nova's python, restarts) run commands:
// each has its own e2e test against the SSH hosts
const FILE_STEPS = STEP_IDS.filter((id) => id !== 'nova-docker' && id !== 'live-load-scheduler');

describe('provisioning on a local tree (--root)', () => {
  for (const era of ['2014', 'later'] as const) {
    it(`plans, applies, verifies, is idempotent and undoes byte for byte: ${era} layout`, async () => {
      const root = hostTree(era);
      const before = snapshot(root);
      const devstackEra = era === '2014' ? '2014' : 'current';
      const plans = await planSteps(context(root), devstackEra, FILE_STEPS);
      const status = Object.fromEntries(plans.map((p) => [p.id, p.status]));
      assert.deepEqual(
        status,
        era === '2014'
          ? {
              localrc: 'needed',
              'contrail-plugin': 'needed',
              'docker-hypervisor': 'needed',
              'rootwrap-filter': 'needed',
              'nova-vif-driver': 'needed',
              'glance-formats': 'applied',
            }
          : {
              localrc: 'needed',
              'contrail-plugin': 'needed',
              'docker-hypervisor': 'needed',
              'rootwrap-filter': 'needed',
              'nova-vif-driver': 'needed',
              'glance-formats': 'needed',
            },
      );
      const outcome = await applyPlans(new LocalTarget(root), ledger, plans);
      assert.equal(outcome.nothingToDo, false);
      assert.ok(outcome.backup);
      const again = await planSteps(context(root), devstackEra, FILE_STEPS);
      assert.deepEqual(
        again.filter((p) => p.status === 'needed').map((p) => p.id),
        [],
        'everything applied',
      );
      const second = await applyPlans(new LocalTarget(root), ledger, again);
      assert.equal(second.nothingToDo, true);
      assert.equal((await listBackups(new LocalTarget(root), ledger)).length, 1, 'a no-op apply records no backup');
      if (era === '2014') {
        assert.equal(
          readFileSync(join(root, 'opt/stack/devstack/localrc'), 'utf8'),
          `${readFileSync(join(fixtures, 'devstack-2014/localrc'), 'utf8')}# nova-docker + OpenContrail (devstack-contrail)\nQ_PLUGIN=contrail\nNEUTRON_REPO=https://github.com/Juniper/neutron.git\nNEUTRON_BRANCH=contrail/havana\ndisable_service n-net\nenable_service neutron q-svc\n`,
        );
        assert.match(
          readFileSync(join(root, 'opt/stack/devstack/lib/nova_plugins/hypervisor-docker'), 'utf8'),
          /^ {4}iniset \$NOVA_CONF DEFAULT compute_driver novadocker\.virt\.docker\.driver\.DockerDriver$/m,
        );
        assert.match(
          readFileSync(join(root, 'etc/nova/nova.conf'), 'utf8'),
          /\n\[docker\]\nvif_driver = novadocker\.virt\.docker\.opencontrail\.OpenContrailVIFDriver\n?$/,
        );
      } else {
        const conf = readFileSync(join(root, 'opt/stack/devstack/local.conf'), 'utf8');
        assert.match(
          conf,
          /\[\[post-config\|\$NOVA_CONF\]\]\n\[docker\]\nvif_driver = novadocker\.virt\.docker\.opencontrail\.OpenContrailVIFDriver\n\[DEFAULT\]\ndebug = True/,
        );
        assert.equal(readFileSync(join(root, 'opt/stack/devstack/lib/nova_plugins/hypervisor-docker'), 'utf8'), DOCKER_HYPERVISOR_PLUGIN);
        assert.match(
          readFileSync(join(root, 'etc/glance/glance-api.conf'), 'utf8'),
          /\[image_format\]\ncontainer_formats = ami,ari,aki,bare,ovf,ova,docker/,
        );
      }
      const undone = await undo(new LocalTarget(root), ledger);
      assert.ok(undone);
      assert.deepEqual(snapshot(root), before, 'undo restores every file byte for byte and removes created ones');
    });
  }

  it("undo starts from this machine's record: a newer set planted on the target is ignored; an edited manifest or a replaced copy is refused, restoring nothing", async () => {
    const root = hostTree('2014');
    const target = new LocalTarget(root);
    const before = snapshot(root);
    const outcome = await applyPlans(target, ledger, await planSteps(context(root), '2014', ['localrc', 'contrail-plugin']));
    const applied = snapshot(root);
    const backups = join(root, '.devstack-contrail/backups');
    // a newer-named set, as the remote user could plant one: a path out of the tree, a command
    const planted = join(backups, '2099-01-01T00-00-00-000Z');
    mkdirSync(planted);
    writeFileSync(join(planted, '0.orig'), 'planted\n');
    writeFileSync(
      join(planted, 'manifest.json'),
      JSON.stringify({
        created: '2099',
        target: target.description,
        files: [{ path: '/../../../tmp/dc-planted', existed: true, copy: '0.orig' }],
        commands: [{ title: 'x', undo: { kind: 'remove-checkout', dir: '/', asRoot: true } }],
      }),
    );
    assert.deepEqual(await listBackups(target, ledger), [outcome.backup]);
    // the real set's manifest edited on the target: refused, nothing restored
    const manifestPath = join(root, `${outcome.backup}/manifest.json`);
    const manifest = readFileSync(manifestPath, 'utf8');
    writeFileSync(manifestPath, manifest.replace('"/opt/stack/devstack/localrc"', '"/etc/nova/nova.conf"'));
    await assert.rejects(undo(target, ledger), /refusing to undo from .*: its manifest\.json is not the one this machine wrote/);
    writeFileSync(manifestPath, manifest);
    // a backed-up copy replaced on the target: refused before anything is written
    const copy = join(root, `${outcome.backup}/0.orig`);
    const original = readFileSync(copy);
    writeFileSync(copy, 'Q_PLUGIN=evil\n');
    await assert.rejects(
      undo(target, ledger),
      /refusing to undo from .*: 0\.orig \(the old \/opt\/stack\/devstack\/localrc\) changed on the host since it was backed up/,
    );
    assert.deepEqual(snapshot(root), applied, 'nothing restored');
    writeFileSync(copy, original);
    const undone = await undo(target, ledger);
    assert.equal(undone?.backup, outcome.backup);
    assert.ok(!existsSync('/tmp/dc-planted'));
    rmSync(planted, { recursive: true });
    assert.deepEqual(snapshot(root), before);
    assert.equal(await undo(target, ledger), undefined, 'nothing left to undo');
  });

  it('edits bytes: a Latin-1 comment in a line it does not touch comes back byte for byte, after apply and after undo', async () => {
    const root = hostTree('2014');
    const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');
    const localrc = join(root, 'opt/stack/devstack/localrc');
    const glance = join(root, 'etc/glance/glance-api.conf');
    const comment = latin1('# configur\u00e9 \u00e0 la main\n');
    writeFileSync(localrc, Buffer.concat([comment, readFileSync(localrc)]));
    writeFileSync(glance, latin1('[DEFAULT]\n# d\u00e9p\u00f4t des images\ndebug = True\n'));
    const before = snapshot(root);
    const target = new LocalTarget(root);
    await applyPlans(target, ledger, await planSteps(context(root), '2014', ['localrc', 'glance-formats']));
    assert.ok(readFileSync(localrc).subarray(0, comment.length).equals(comment), 'the Latin-1 line is untouched');
    assert.ok(readFileSync(localrc).includes(Buffer.from('Q_PLUGIN=contrail\n')));
    assert.deepEqual(
      readFileSync(glance),
      latin1('[DEFAULT]\n# d\u00e9p\u00f4t des images\ndebug = True\ncontainer_formats = ami,ari,aki,bare,ovf,docker\n'),
    );
    await undo(target, ledger);
    assert.deepEqual(snapshot(root), before);
  });

  it('builds undo commands from what the step records, and refuses any this tool would not have made', () => {
    assert.deepEqual(undoCommand({ kind: 'remove-checkout', dir: '/opt/stack/nova-docker', asRoot: true }), {
      title: 'rm -rf /opt/stack/nova-docker',
      argv: ['rm', '-rf', '--', '/opt/stack/nova-docker'],
      asRoot: true,
    });
    assert.deepEqual(undoCommand({ kind: 'uninstall', venv: '/opt/stack/data/venv' }).argv, [
      '/opt/stack/data/venv/bin/pip',
      'uninstall',
      '-y',
      'nova-docker',
    ]);
    for (const intent of [
      { kind: 'remove-checkout', dir: '/', asRoot: true },
      { kind: 'remove-checkout', dir: '/opt/stack/../../etc/nova-docker', asRoot: true },
      { kind: 'uninstall', venv: '/tmp/evil' },
      { kind: 'checkout-branch', dir: '/opt/stack/nova-docker', branch: '--upload-pack=touch /tmp/x' },
      { kind: 'run', argv: ['touch', '/tmp/x'] },
    ]) {
      assert.throws(() => undoCommand(intent as never), /refusing an undo this tool does not make/);
    }
  });

  it('writes a plugin file that bash accepts and that defines the contract with the right values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dc-plugin-'));
    writeFileSync(join(dir, 'contrail'), CONTRAIL_NEUTRON_PLUGIN);
    execFileSync('bash', ['-n', join(dir, 'contrail')]);
    const out = execFileSync(
      'bash',
      [
        '-c',
        `source ${join(dir, 'contrail')}; for f in neutron_plugin_create_nova_conf neutron_plugin_install_agent_packages neutron_plugin_configure_common neutron_plugin_configure_debug_command neutron_plugin_configure_dhcp_agent neutron_plugin_configure_l3_agent neutron_plugin_configure_plugin_agent neutron_plugin_configure_service neutron_plugin_setup_interface_driver has_neutron_plugin_security_group is_neutron_ovs_base_plugin neutron_plugin_check_adv_test_requirements; do declare -F $f >/dev/null || echo "missing $f"; done
neutron_plugin_configure_common; neutron_plugin_create_nova_conf
echo "$Q_PLUGIN_CONF_PATH|$Q_PLUGIN_CONF_FILENAME|$Q_DB_NAME|$Q_PLUGIN_CLASS|$NOVA_VIF_DRIVER"
has_neutron_plugin_security_group; echo "sg=$?"; is_neutron_ovs_base_plugin; echo "ovs=$?"; neutron_plugin_check_adv_test_requirements; echo "adv=$?"
iniset() { echo "iniset $*"; }; NEUTRON_CONF=/etc/neutron/neutron.conf; neutron_plugin_configure_service`,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(
      out,
      'etc/neutron/plugins/juniper/contrail|ContrailPlugin.ini|neutron|neutron.plugins.juniper.contrail.contrailplugin.ContrailPlugin|nova_contrail_vif.contrailvif.VRouterVIFDriver\nsg=1\novs=1\nadv=0\niniset /etc/neutron/neutron.conf QUOTAS quota_driver neutron.quota.ConfDriver\n',
    );
    assert.equal(definedFunctions(CONTRAIL_NEUTRON_PLUGIN).length, 12);
  });

  it('reports a hand-edited hypervisor-docker as a conflict and leaves it alone', async () => {
    const root = hostTree('2014');
    const path = join(root, 'opt/stack/devstack/lib/nova_plugins/hypervisor-docker');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace('compute_driver docker.DockerDriver', 'compute_driver mycompany.virt.CustomDriver'),
    );
    const before = readFileSync(path, 'utf8');
    const plans = await planSteps(context(root), '2014', ['docker-hypervisor']);
    assert.equal(plans[0].status, 'conflict');
    assert.match(plans[0].message, /sets mycompany\.virt\.CustomDriver, not docker\.DockerDriver: edited by hand/);
    await applyPlans(new LocalTarget(root), ledger, plans);
    assert.equal(readFileSync(path, 'utf8'), before);
  });

  it('writes hostile values as data: sourcing the localrc runs nothing (a canary file proves it)', async () => {
    const root = hostTree('2014');
    const canary = join(root, 'canary');
    // values git takes as a URL and a branch, which would run a command if written unquoted
    const settings = {
      ...DEFAULT_SETTINGS,
      NEUTRON_REPO: `https://x/a';touch\${IFS}${canary};'.git`,
      NEUTRON_BRANCH: `it's"x";touch\${IFS}${canary};&|`,
    };
    await applyPlans(new LocalTarget(root), ledger, await planSteps(context(root, settings), '2014', ['localrc']));
    const localrc = join(root, 'opt/stack/devstack/localrc');
    execFileSync('bash', ['-n', localrc]);
    const sourced = spawnSync('bash', ['-c', `source ${localrc}; printf '%s|%s' "$NEUTRON_REPO" "$NEUTRON_BRANCH"`], { encoding: 'utf8' });
    assert.equal(sourced.stdout, `${settings.NEUTRON_REPO}|${settings.NEUTRON_BRANCH}`);
    assert.equal(existsSync(canary), false);
  });

  it('refuses a value with a newline, $( or a backquote before it plans: localrc is left as it was', async () => {
    const root = hostTree('2014');
    const before = snapshot(root);
    for (const [name, value, reason] of [
      ['NEUTRON_REPO', 'https://x/$(touch canary).git', 'has "$(" (command substitution)'],
      ['NEUTRON_BRANCH', 'contrail\ntouch canary', 'has a newline or another control character'],
      ['NEUTRON_BRANCH', '`touch canary`', 'has a backquote (command substitution)'],
    ] as const) {
      await assert.rejects(planSteps(context(root, { ...DEFAULT_SETTINGS, [name]: value }), '2014', ['localrc']), (error: Error) =>
        error.message.startsWith(`${name}: ${JSON.stringify(value)} ${reason}; give `),
      );
    }
    assert.deepEqual(snapshot(root), before);
  });

  it('stops at a failing step, restores what the run changed, and says which step failed', async () => {
    const root = hostTree('later');
    const before = snapshot(root);
    const plans = await planSteps(context(root), 'current', ['localrc', 'contrail-plugin']);
    // the plugin's folder is a file: writing into it fails after localrc was written
    execFileSync('rm', ['-rf', join(root, 'opt/stack/devstack/lib/neutron_plugins')]);
    writeFileSync(join(root, 'opt/stack/devstack/lib/neutron_plugins'), 'not a folder');
    await assert.rejects(
      applyPlans(new LocalTarget(root), ledger, plans),
      /step contrail-plugin failed: .*; the files this run changed were restored/,
    );
    const after = snapshot(root);
    assert.equal(after.get('/opt/stack/devstack/local.conf'), before.get('/opt/stack/devstack/local.conf'));
  });

  it('refuses a folder that is not a devstack checkout, in plan and apply, before writing anything', async () => {
    const root = hostTree('2014');
    const before = snapshot(root);
    for (const command of ['plan', 'apply']) {
      const result = runCli(
        [command, '--yes', '--root', root, '--devstack', '/opt/stack/devstck', '--steps', FILE_STEPS.join(',')].filter(
          (a) => command === 'apply' || a !== '--yes',
        ),
      );
      assert.equal(result.status, 2, `${command}: ${result.stderr}`);
      assert.match(
        result.stderr,
        new RegExp(
          `^devstack-contrail ${command}: no devstack checkout at /opt/stack/devstck \\(local files under ${root}\\): it has no stack\\.sh and no stackrc; name the checkout with --devstack DIR\\n$`,
        ),
      );
      assert.equal(result.stdout, '');
    }
    assert.equal(existsSync(join(root, 'opt/stack/devstck')), false, 'nothing was created');
    assert.deepEqual(snapshot(root), before);
    assert.equal(existsSync(join(root, '.devstack-contrail')), false, 'no backup set either');
    // the same check for the VS Code command, which plans through the same core
    execFileSync('rm', [join(root, 'opt/stack/devstack/stackrc')]);
    await assert.rejects(
      planSteps(context(root), '2014', FILE_STEPS),
      (error: Error) =>
        error instanceof NoDevstackCheckoutError &&
        /^no devstack checkout at \/opt\/stack\/devstack \(local files under .*\): it has no stackrc$/.test(error.message),
    );
  });

  it('plans the other steps when one file cannot be read, and says which and why', async () => {
    const root = hostTree('later');
    const glance = join(root, 'etc/glance/glance-api.conf');
    execFileSync('rm', [glance]);
    execFileSync('mkfifo', [glance]);
    // a path through a file: /etc/nova/rootwrap.d is a file, so docker.filters cannot be read
    execFileSync('rm', ['-r', join(root, 'etc/nova/rootwrap.d')]);
    writeFileSync(join(root, 'etc/nova/rootwrap.d'), 'not a folder');
    const plan = runCli(['plan', '--root', root, '--steps', FILE_STEPS.join(',')]);
    assert.equal(plan.error, undefined, 'the FIFO was not opened');
    assert.equal(plan.status, 1, plan.stderr);
    assert.deepEqual(
      plan.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/ +/).slice(0, 2).join(' ')),
      [
        'needed localrc',
        'needed contrail-plugin',
        'needed docker-hypervisor',
        'unreadable rootwrap-filter',
        'needed nova-vif-driver',
        'unreadable glance-formats',
      ],
    );
    assert.match(
      plan.stdout,
      /^unreadable +glance-formats +\/etc\/glance\/glance-api\.conf: not a regular file; fix or move it, then plan again$/m,
    );
    assert.match(
      plan.stdout,
      /^unreadable +rootwrap-filter +\/etc\/nova\/rootwrap\.d\/docker\.filters: a part of the path is a file, not a folder; /m,
    );
    const apply = runCli(['apply', '--yes', '--root', root, '--steps', FILE_STEPS.join(',')]);
    assert.equal(apply.status, 1, apply.stderr);
    assert.match(apply.stdout, /^result: applied localrc, contrail-plugin, docker-hypervisor, nova-vif-driver$/m);
    assert.ok(statSync(glance).isFIFO(), 'the FIFO is left alone');
  });
});

describe('a token in a repository URL', () => {
  const TOKEN = 's3cr3tTOKEN';
  const neutron = `https://ci-bot:${TOKEN}@git.example/neutron.git`;
  const novaDocker = `https://${TOKEN}@git.example/nova-docker.git`;

  /** A host where nova-docker is not checked out yet, and git and pip answer as told (the real ones run in e2e). */
  class ScriptedHost extends LocalTarget {
    readonly commands: (readonly string[])[] = [];
    // its commands are answered here, not run from the tree: the --root refusal does not apply
    override readonly commandRefusal = undefined;
    constructor(
      root: string,
      private readonly answer: (argv: readonly string[], emit: (text: string) => void) => CommandResult,
    ) {
      super(root);
    }
    override async run(argv: readonly string[], stdin?: string): Promise<CommandResult> {
      return argv[0] === 'bash' && argv[3] === 'inspect' ? { code: 0, stdout: 'kind=none\n', stderr: '' } : super.run(argv, stdin);
    }
    override async runStreaming(argv: readonly string[], options: StreamingOptions): Promise<CommandResult> {
      this.commands.push(argv);
      return this.answer(argv, (text) => options.onOutput?.(text));
    }
  }

  it('is not in the plan output, but is in the localrc written for devstack', async () => {
    const root = hostTree('2014');
    const out: string[] = [];
    const code = await runProvision(
      'plan',
      ['--root', root, '--steps', 'localrc', '--set', `NEUTRON_REPO=${neutron}`],
      (t) => out.push(t),
      () => undefined,
    );
    assert.equal(code, 0);
    assert.match(out.join(''), /NEUTRON_REPO=https:\/\/ci-bot:\*\*\*@git\.example\/neutron\.git/);
    assert.ok(!out.join('').includes(TOKEN), out.join(''));
    const [plan] = await planSteps(context(root, { ...DEFAULT_SETTINGS, NEUTRON_REPO: neutron }), '2014', ['localrc']);
    assert.ok(plan.changes[0].after.toString('utf8').includes(`NEUTRON_REPO=${neutron}`), 'devstack needs the token to clone');
  });

  it("is not in the nova-docker step's plan, progress, output or backup manifest, but git gets it", async () => {
    const root = hostTree('2014');
    const host = new ScriptedHost(root, (argv, emit) => {
      // git echoes the URL; a chunk may end in the middle of it
      if (argv[0] === 'git') {
        emit(`Cloning from https://${TOKEN.slice(0, 4)}`);
        emit(`${TOKEN.slice(4)}@git.example/nova-docker.git\rdone\n`);
      }
      return { code: 0, stdout: '', stderr: '' };
    });
    const settings = { ...DEFAULT_SETTINGS, NOVA_DOCKER_REPO: novaDocker };
    const plans = await planSteps({ target: host, devstackDir: '/opt/stack/devstack', settings, files: new Map() }, '2014', [
      'nova-docker',
    ]);
    assert.match(
      plans[0].message,
      /^git clone -b opencontrail https:\/\/\*\*\*@git\.example\/nova-docker\.git \/opt\/stack\/nova-docker; /,
    );
    const output: string[] = [];
    const outcome = await applyPlans(host, ledger, plans, { onOutput: (t) => output.push(t) });
    assert.ok(host.commands[0].includes(novaDocker), 'the URL given to git keeps its token');
    assert.match(output.join(''), /Cloning from https:\/\/\*\*\*@git\.example\/nova-docker\.git\rdone\n/);
    const manifest = readFileSync(join(root, `${outcome.backup}/manifest.json`), 'utf8');
    assert.match(manifest, /git clone -b opencontrail https:\/\/\*\*\*@git\.example/);
    for (const shown of [plans[0].message, output.join(''), manifest]) assert.ok(!shown.includes(TOKEN), shown);
  });

  it('is not in the error when git fails and echoes it', async () => {
    const root = hostTree('2014');
    const stderr = `fatal: unable to access 'https://${TOKEN}@git.example/nova-docker.git/': Could not resolve host: git.example\n`;
    const host = new ScriptedHost(root, (argv, emit) => {
      emit(stderr);
      return { code: 128, stdout: '', stderr };
    });
    const plans = await planSteps(
      {
        target: host,
        devstackDir: '/opt/stack/devstack',
        settings: { ...DEFAULT_SETTINGS, NOVA_DOCKER_REPO: novaDocker },
        files: new Map(),
      },
      '2014',
      ['nova-docker'],
    );
    const output: string[] = [];
    await assert.rejects(applyPlans(host, ledger, plans, { onOutput: (t) => output.push(t) }), (error: Error) => {
      assert.match(
        error.message,
        /step nova-docker failed: git clone .* exited with 128: fatal: unable to access 'https:\/\/\*\*\*@git\.example/,
      );
      assert.ok(!error.message.includes(TOKEN), error.message);
      return true;
    });
    assert.ok(!output.join('').includes(TOKEN), output.join(''));
  });
});
