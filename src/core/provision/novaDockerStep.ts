// The `nova-docker` step: the OpenContrail fork of nova-docker checked out under $DEST and installed
// the way the host's devstack does it. Not a file edit: a few commands whose output is streamed, each
// with the command that takes it back on undo.
import { gitArgv, gitShellFunction } from '../remote/gitCommand';
import type { DevstackEra } from '../schema/releases';
import { branchNameProblem, isLocalRepository } from './gitInputs';
import type { CommandLine, StepCommand, StepPlan, UndoIntent } from './plan';
import type { ProvisionTarget } from './target';
import { redactUrlCredentials } from '../text/urlCredentials';

/** The fork of nova-docker that carries novadocker.virt.docker.opencontrail (2014). */
export const NOVA_DOCKER_FORK_REPO = 'https://github.com/pedro-r-marques/nova-docker.git';
export const NOVA_DOCKER_FORK_BRANCH = 'opencontrail';

export type { CommandLine, StepCommand, UndoIntent } from './plan';

// Debian 12+ marks the system python externally managed; devstack without a venv installs there anyway
const SYSTEM_PIP = ['env', 'PIP_BREAK_SYSTEM_PACKAGES=1', 'pip'];
const isCleanAbsolute = (path: string): boolean => path.startsWith('/') && !path.split('/').some((part) => part === '..' || part === '.') && !/[\0\n]/.test(path);

/** The command line an undo intent stands for, or why this tool would never have recorded it. */
export function undoCommand(intent: UndoIntent): CommandLine {
  const refuse = (why: string): never => { throw new Error(`refusing an undo this tool does not make (${why}): ${JSON.stringify(intent).slice(0, 200)}`); };
  switch (intent.kind) {
    case 'remove-checkout':
      if (!isCleanAbsolute(intent.dir) || !intent.dir.endsWith('/nova-docker')) refuse('only a nova-docker checkout is removed');
      return { title: `rm -rf ${intent.dir}`, argv: ['rm', '-rf', '--', intent.dir], asRoot: intent.asRoot === true };
    case 'uninstall':
      if (intent.venv === undefined) return { title: 'sudo pip uninstall nova-docker', argv: [...SYSTEM_PIP, 'uninstall', '-y', 'nova-docker'], asRoot: true };
      if (!isCleanAbsolute(intent.venv) || !intent.venv.endsWith('/data/venv')) refuse("only devstack's global venv");
      return { title: 'pip uninstall nova-docker', argv: [`${intent.venv}/bin/pip`, 'uninstall', '-y', 'nova-docker'] };
    case 'checkout-branch':
      if (!isCleanAbsolute(intent.dir) || !intent.dir.endsWith('/nova-docker')) refuse('only a nova-docker checkout');
      if (branchNameProblem(intent.branch) !== undefined) refuse('not a branch name git allows');
      return { title: `git checkout ${intent.branch}`, argv: gitArgv({ dir: intent.dir }, 'checkout', [intent.branch], []) };
    default:
      return refuse('unknown kind');
  }
}

interface CheckoutFacts {
  readonly kind: 'none' | 'git' | 'other';
  readonly origin?: string;
  readonly branch?: string;
  readonly dirty: boolean;
  readonly venv: boolean;
  /** where python imports novadocker from, if it does */
  readonly importedFrom?: string;
}

// $1 checkout dir, $2 devstack's global venv (later devstack: $DEST/data/venv); git hardened (gitCommand)
const INSPECT = [
  gitShellFunction('g'),
  'd=$1; v=$2',
  'if [ -d "$d/.git" ]; then echo kind=git; echo "origin=$(g -C "$d" config --get remote.origin.url)";',
  '  echo "branch=$(g -C "$d" symbolic-ref --short -q HEAD)"; [ -n "$(g -C "$d" status --porcelain)" ] && echo dirty=1;',
  'elif [ -e "$d" ]; then echo kind=other; else echo kind=none; fi',
  'py=python3; if [ -x "$v/bin/python" ]; then py=$v/bin/python; echo venv=1; fi',
  'f=$(cd / && "$py" -c "import novadocker, os; print(os.path.dirname(novadocker.__file__))" 2>/dev/null) && echo "imported=$f"',
  'true',
].join('\n');

function parseFacts(stdout: string): CheckoutFacts {
  const values = new Map(stdout.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()] as const));
  const kind = values.get('kind');
  return {
    kind: kind === 'git' || kind === 'other' ? kind : 'none',
    origin: values.get('origin') || undefined,
    branch: values.get('branch') || undefined,
    dirty: values.has('dirty'),
    venv: values.has('venv'),
    importedFrom: values.get('imported') || undefined,
  };
}

/** pip as devstack of that era ran it: the global venv's, else the system's through sudo. */
function installCommand(dir: string, venv: string, facts: CheckoutFacts, era: DevstackEra): StepCommand {
  if (facts.venv) return { title: `${venv}/bin/pip install -e ${dir}`, argv: [`${venv}/bin/pip`, 'install', '-e', dir], undo: { kind: 'uninstall', venv } };
  // 2014 devstack: `sudo pip install .` of the checkout; later: an editable install (setup.py develop)
  const args = era === '2014' ? ['install', dir] : ['install', '-e', dir];
  return { title: `sudo pip ${args.join(' ')}`, argv: [...SYSTEM_PIP, ...args], asRoot: true, undo: { kind: 'uninstall' } };
}

/** The git commands that bring the checkout to the branch, each with its undo; repo and branch are checked settings. */
function checkoutCommands(facts: CheckoutFacts, dir: string, repo: string, branch: string): StepCommand[] {
  const git = { allowFileProtocol: isLocalRepository(repo) };
  // --upload-pack: the program git runs for a local or ssh fetch is git's own, not one a checkout's config names
  const transport = '--upload-pack=git-upload-pack';
  if (facts.kind === 'none') {
    // a pip run through sudo leaves root's build/ folder in the checkout: removing it takes root too
    return [{
      title: `git clone -b ${branch} ${redactUrlCredentials(repo)} ${dir}`, argv: gitArgv(git, 'clone', ['--progress', transport, '--branch', branch], [repo, dir]),
      undo: { kind: 'remove-checkout', dir, asRoot: !facts.venv },
    }];
  }
  // the branch it was on comes from the host: taken back only when it is a branch name git allows
  const previous = facts.branch !== undefined && branchNameProblem(facts.branch) === undefined ? facts.branch : undefined;
  return [
    { title: `git fetch origin ${branch}`, argv: gitArgv({ ...git, dir }, 'fetch', ['--progress', transport], ['origin', `refs/heads/${branch}`]) },
    {
      title: `git checkout ${branch}`, argv: gitArgv({ ...git, dir }, 'checkout', ['-B', branch, 'FETCH_HEAD'], []),
      undo: previous === undefined ? undefined : { kind: 'checkout-branch', dir, branch: previous },
    },
  ];
}

export async function planNovaDocker(target: ProvisionTarget, devstackDir: string, era: DevstackEra, repo: string, branch: string): Promise<StepPlan> {
  // a --root tree: its git config, venv and setup.py would run as this user; the step is the host's to run
  if (target.commandRefusal) {
    return { id: 'nova-docker', status: 'skipped', message: `${target.commandRefusal}; apply it on the host itself`, changes: [] };
  }
  const dest = devstackDir.replace(/\/+$/, '').replace(/\/[^/]*$/, '') || '/';
  const dir = `${dest}/nova-docker`;
  const venv = `${dest}/data/venv`;
  const probe = await target.run(['bash', '-c', INSPECT, 'inspect', dir, venv]);
  if (probe.code !== 0) return { id: 'nova-docker', status: 'conflict', message: `cannot inspect ${dir}: ${probe.stderr.trim()}`, changes: [] };
  const facts = parseFacts(probe.stdout);
  if (facts.kind === 'other') return { id: 'nova-docker', status: 'conflict', message: `${dir} exists but is not a git checkout: move it away, then apply again`, changes: [] };
  // the repository URL may carry a token: plan text, titles and the manifest show it redacted, git gets it whole
  const shownRepo = redactUrlCredentials(repo);
  if (facts.kind === 'git' && facts.origin !== repo) {
    const origin = facts.origin ? redactUrlCredentials(facts.origin) : 'an unknown origin';
    return { id: 'nova-docker', status: 'conflict', message: `${dir} is a checkout of ${origin}, not ${shownRepo}: change the nova-docker repository setting or move the checkout away`, changes: [] };
  }
  const onBranch = facts.kind === 'git' && facts.branch === branch;
  if (facts.kind === 'git' && !onBranch && facts.dirty) {
    return { id: 'nova-docker', status: 'conflict', message: `${dir} has local changes on ${facts.branch ? `branch ${facts.branch}` : 'a detached HEAD'}: commit or stash them before switching to ${branch}`, changes: [] };
  }
  const installed = facts.importedFrom !== undefined;
  if (onBranch && installed) return { id: 'nova-docker', status: 'applied', message: `${dir} is on ${branch} and python imports novadocker from ${facts.importedFrom}`, changes: [] };

  const commands = onBranch ? [] : checkoutCommands(facts, dir, repo, branch);
  const install = installCommand(dir, venv, facts, era);
  commands.push(installed ? { ...install, undo: undefined } : install);
  return { id: 'nova-docker', status: 'needed', message: commands.map((c) => c.title).join('; '), changes: [], commands };
}
