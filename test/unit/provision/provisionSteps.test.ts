import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NOVA_DOCKER_DRIVER, NOVA_DOCKER_FORK_BRANCH, NOVA_DOCKER_FORK_REPO } from '../../../src/core/devstack/novaDocker';
import { DEFAULT_SETTINGS, planSteps } from '../../../src/core/provision/plan';
import { STEPS, type StepId } from '../../../src/core/provision/registry';
import { treeStatus, type StepPlan } from '../../../src/core/provision/step';
import { UnreadableFileError, type FileState } from '../../../src/core/provision/reads';
import { provisioningStatus } from '../../../src/core/provision/status';
import { LocalTarget } from '../../../src/core/provision/target';
import { parseProbe, probeScript, type HostSnapshot } from '../../../src/core/devstack/probe';

// Each step judges once: the Hosts tree's status (the host probe's script, run here with sh on a
// devstack tree) and the plan's (LocalTarget on the same tree) must say the same on every fixture.
// The tree lives in a temporary folder, so the steps' /etc files are this machine's own: both sides
// read the same ones, and nothing here writes outside the folder.
const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'env', 'fixtures');
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, stdio: 'ignore' });

interface Tree {
  readonly name: string;
  /** $DEST: the tree's opt/stack */
  readonly dest: string;
  readonly devstack: string;
}

function devstackTree(name: string, era: '2014' | 'later'): Tree {
  const dest = join(mkdtempSync(join(tmpdir(), `dc-steps-${era}-`)), 'opt/stack');
  cpSync(join(fixtures, `devstack-${era}`), join(dest, 'devstack'), { recursive: true });
  return { name, dest, devstack: join(dest, 'devstack') };
}

function probe(tree: Tree): HostSnapshot {
  const run = spawnSync('sh', ['-s'], { input: probeScript(tree.devstack), encoding: 'utf8', timeout: 30_000 });
  return parseProbe(run.stdout, 0);
}

async function plan(tree: Tree, snapshot: HostSnapshot, settings = DEFAULT_SETTINGS): Promise<StepPlan<StepId>[]> {
  return planSteps({ target: new LocalTarget(), devstackDir: tree.devstack, settings, files: new Map() }, snapshot.facts?.era ?? 'current');
}

/** Writes the plan's changes that fall inside the tree (the devstack files): a host part-way set up. */
async function applyInside(tree: Tree): Promise<void> {
  for (const change of (await plan(tree, probe(tree))).flatMap((p) => p.changes)) {
    if (change.path.startsWith(`${tree.dest}/`)) writeFileSync(change.path, change.after);
  }
}

function edit(path: string, from: RegExp, to: string): void {
  const text = readFileSync(path, 'utf8');
  assert.match(text, from, `${path} has what the fixture edits`);
  writeFileSync(path, text.replace(from, to));
}

function novaDockerCheckout(tree: Tree, origin: string, branch: string, dirty = false): void {
  const dir = join(tree.dest, 'nova-docker');
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', branch);
  writeFileSync(join(dir, 'setup.py'), 'print("not run")\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'fork');
  git(dir, 'remote', 'add', 'origin', origin);
  if (dirty) writeFileSync(join(dir, 'setup.py'), 'changed\n');
}

/** Every fixture tree: the test hosts' two layouts as laid out, part-way set up, and edited by hand. */
async function fixtureTrees(): Promise<Tree[]> {
  const trees: Tree[] = [];
  for (const era of ['2014', 'later'] as const) {
    trees.push(devstackTree(`${era} as laid out`, era));
    const applied = devstackTree(`${era} with its devstack files set up`, era);
    await applyInside(applied);
    trees.push(applied);
    const settings = era === '2014' ? 'localrc' : 'local.conf';
    const otherNeutron = devstackTree(`${era}: NEUTRON_REPO names another repository`, era);
    await applyInside(otherNeutron);
    edit(join(otherNeutron.devstack, settings), /^NEUTRON_REPO=.*$/m, 'NEUTRON_REPO=https://git.example/other/neutron.git');
    trees.push(otherNeutron);
    const driverX = devstackTree(`${era}: hypervisor-docker sets ${NOVA_DOCKER_DRIVER}X`, era);
    await applyInside(driverX);
    edit(
      join(driverX.devstack, 'lib/nova_plugins/hypervisor-docker'),
      new RegExp(`compute_driver ${NOVA_DOCKER_DRIVER.replace(/\./g, '\\.')}$`, 'm'),
      `compute_driver ${NOVA_DOCKER_DRIVER}X`,
    );
    trees.push(driverX);
  }
  const onePluginFunction = devstackTree('a contrail plugin with one of the twelve functions', 'later');
  mkdirSync(join(onePluginFunction.devstack, 'lib/neutron_plugins'), { recursive: true });
  writeFileSync(join(onePluginFunction.devstack, 'lib/neutron_plugins/contrail'), 'function neutron_plugin_configure_common {\n    :\n}\n');
  trees.push(onePluginFunction);
  const otherOrigin = devstackTree('nova-docker checked out from another repository', '2014');
  novaDockerCheckout(otherOrigin, 'https://git.example/someone/nova-docker.git', NOVA_DOCKER_FORK_BRANCH);
  trees.push(otherOrigin);
  const dirty = devstackTree('the fork checked out on master with local changes', 'later');
  novaDockerCheckout(dirty, NOVA_DOCKER_FORK_REPO, 'master', true);
  trees.push(dirty);
  const notInstalled = devstackTree('the fork on its branch, not installed', 'later');
  novaDockerCheckout(notInstalled, NOVA_DOCKER_FORK_REPO, NOVA_DOCKER_FORK_BRANCH);
  trees.push(notInstalled);
  const notAFile = devstackTree('hypervisor-docker is a FIFO, local.conf a folder', 'later');
  execFileSync('mkfifo', [join(notAFile.devstack, 'lib/nova_plugins/hypervisor-docker')]);
  rmSync(join(notAFile.devstack, 'local.conf'));
  mkdirSync(join(notAFile.devstack, 'local.conf'));
  trees.push(notAFile);
  return trees;
}

const trees = fixtureTrees();
const judged = trees.then((all) =>
  Promise.all(
    all.map(async (tree) => {
      const snapshot = probe(tree);
      return { tree, snapshot, shown: provisioningStatus(snapshot), plan: await plan(tree, snapshot) };
    }),
  ),
);

const describeRead = (read: FileState | UnreadableFileError | undefined) =>
  read instanceof UnreadableFileError ? `unreadable: ${read.reason}` : read?.exists ? `${read.data?.toString('utf8')}` : 'missing';

describe('each step judges once: the Hosts tree and the plan agree', () => {
  for (const step of STEPS) {
    it(`${step.id}: on every fixture tree, the same status from the probe's reads as from the plan's`, async () => {
      for (const { tree, snapshot, shown, plan: plans } of await judged) {
        const inTree = shown.find((s) => s.id === step.id);
        const planned = plans.find((p) => p.id === step.id);
        assert.ok(inTree && planned, `${tree.name}: the step is in both`);
        assert.equal(
          inTree.status,
          treeStatus(planned.status),
          `${tree.name}: tree "${inTree.status} — ${inTree.detail}", plan "${planned.status} — ${planned.message}"`,
        );
        // the probe read each file the step needs as the plan's target reads it
        for (const path of step.needs({ devstackDir: tree.devstack, dest: tree.dest }, 'status').files) {
          const direct = await new LocalTarget().read(path).catch((error: unknown) => error as UnreadableFileError);
          assert.equal(describeRead(snapshot.facts?.reads.files.get(path)), describeRead(direct), `${tree.name}: ${path}`);
        }
      }
    });
  }

  it('says "needed" in the tree when NEUTRON_REPO names another repository, as the plan does', async () => {
    for (const { tree, shown, plan: plans } of (await judged).filter((j) => j.tree.name.includes('NEUTRON_REPO'))) {
      assert.equal(shown[0].status, 'needed', tree.name);
      assert.equal(shown[0].detail, 'missing: NEUTRON_REPO=https://github.com/Juniper/neutron.git');
      assert.equal(plans[0].status, 'needed');
    }
  });

  it(`says "conflict" in the tree when hypervisor-docker sets ${NOVA_DOCKER_DRIVER}X, as the plan does`, async () => {
    for (const { tree, shown } of (await judged).filter((j) => j.tree.name.includes('DockerDriverX'))) {
      const hypervisor = shown.find((s) => s.id === 'docker-hypervisor');
      assert.deepEqual([hypervisor?.status, hypervisor?.detail], ['conflict', `sets ${NOVA_DOCKER_DRIVER}X: edited by hand`], tree.name);
    }
  });

  it("checks the twelve plugin functions and the nova-docker checkout's origin, branch and import in the tree too", async () => {
    const status = async (name: string, id: StepId) => (await judged).find((j) => j.tree.name === name)?.shown.find((s) => s.id === id);
    assert.equal((await status('a contrail plugin with one of the twelve functions', 'contrail-plugin'))?.status, 'conflict');
    assert.equal(
      (await status('nova-docker checked out from another repository', 'nova-docker'))?.detail,
      "a checkout of https://git.example/someone/nova-docker.git, not the setting's repository",
    );
    assert.equal(
      (await status('the fork checked out on master with local changes', 'nova-docker'))?.detail,
      'local changes on branch master',
    );
    assert.equal(
      (await status('the fork on its branch, not installed', 'nova-docker'))?.detail,
      `on ${NOVA_DOCKER_FORK_BRANCH}, not installed`,
    );
    assert.equal((await status('hypervisor-docker is a FIFO, local.conf a folder', 'docker-hypervisor'))?.status, 'unreadable');
  });
});
