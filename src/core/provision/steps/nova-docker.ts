// nova-docker: the OpenContrail fork checked out under $DEST and installed the way the host's devstack
// does it. Not a file edit: a few commands whose output is streamed, each with the command that takes
// it back on undo. What the checkout is comes from one read-only script (git hardened, see gitCommand).
import { gitArgv, gitShellFunction } from '../../remote/gitCommand';
import type { DevstackEra } from '../../schema/releases';
import { redactUrlCredentials } from '../../text/urlCredentials';
import { SYSTEM_PIP, type StepCommand } from '../commands';
import { branchNameProblem, isLocalRepository } from '../gitInputs';
import { defineStep, type HostLayout, type Judgement } from '../step';

interface CheckoutFacts {
  readonly kind: 'none' | 'git' | 'other';
  readonly origin?: string;
  readonly branch?: string;
  readonly dirty: boolean;
  readonly venv: boolean;
  /** where python imports novadocker from, if it does */
  readonly importedFrom?: string;
}

// $1 checkout dir, $2 devstack's global venv (later devstack: $DEST/data/venv), $3 the purpose: the
// Hosts tree's refresh (status) asks python only about a checkout, as no status depends on it otherwise
const INSPECT = [
  gitShellFunction('g'),
  'd=$1; v=$2',
  'if [ -d "$d/.git" ]; then echo kind=git; echo "origin=$(g -C "$d" config --get remote.origin.url)";',
  '  echo "branch=$(g -C "$d" symbolic-ref --short -q HEAD)"; [ -n "$(g -C "$d" status --porcelain)" ] && echo dirty=1;',
  'elif [ -e "$d" ]; then echo kind=other; else echo kind=none; fi',
  'py=python3; if [ -x "$v/bin/python" ]; then py=$v/bin/python; echo venv=1; fi',
  'if [ "$3" != status ] || [ -d "$d/.git" ]; then',
  '  f=$(cd / && "$py" -c "import novadocker, os; print(os.path.dirname(novadocker.__file__))" 2>/dev/null) && echo "imported=$f"',
  'fi',
  'true',
].join('\n');

const paths = ({ dest }: HostLayout) => ({ dir: `${dest}/nova-docker`, venv: `${dest}/data/venv` });

function parseFacts(stdout: string): CheckoutFacts {
  const values = new Map(
    stdout
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()] as const),
  );
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
  if (facts.venv)
    return {
      title: `${venv}/bin/pip install -e ${dir}`,
      argv: [`${venv}/bin/pip`, 'install', '-e', dir],
      undo: { kind: 'uninstall', venv },
    };
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
    return [
      {
        title: `git clone -b ${branch} ${redactUrlCredentials(repo)} ${dir}`,
        argv: gitArgv(git, 'clone', ['--progress', transport, '--branch', branch], [repo, dir]),
        undo: { kind: 'remove-checkout', dir, asRoot: !facts.venv },
      },
    ];
  }
  // the branch it was on comes from the host: taken back only when it is a branch name git allows
  const previous = facts.branch !== undefined && branchNameProblem(facts.branch) === undefined ? facts.branch : undefined;
  return [
    {
      title: `git fetch origin ${branch}`,
      argv: gitArgv({ ...git, dir }, 'fetch', ['--progress', transport], ['origin', `refs/heads/${branch}`]),
    },
    {
      title: `git checkout ${branch}`,
      argv: gitArgv({ ...git, dir }, 'checkout', ['-B', branch, 'FETCH_HEAD'], []),
      undo: previous === undefined ? undefined : { kind: 'checkout-branch', dir, branch: previous },
    },
  ];
}

/** Why the checkout there cannot be brought to the setting's repository and branch, if it cannot. */
function conflict(facts: CheckoutFacts, dir: string, repo: string, branch: string): Judgement | undefined {
  if (facts.kind === 'other')
    return {
      status: 'conflict',
      message: `${dir} exists but is not a git checkout: move it away, then apply again`,
      detail: `${dir} is not a git checkout`,
    };
  // the repository URL may carry a token: plan text, titles and the manifest show it redacted, git gets it whole
  if (facts.kind === 'git' && facts.origin !== repo) {
    const origin = facts.origin ? redactUrlCredentials(facts.origin) : 'an unknown origin';
    return {
      status: 'conflict',
      message: `${dir} is a checkout of ${origin}, not ${redactUrlCredentials(repo)}: change the nova-docker repository setting or move the checkout away`,
      detail: `a checkout of ${origin}, not the setting's repository`,
    };
  }
  if (facts.kind === 'git' && facts.branch !== branch && facts.dirty) {
    const on = facts.branch ? `branch ${facts.branch}` : 'a detached HEAD';
    return {
      status: 'conflict',
      message: `${dir} has local changes on ${on}: commit or stash them before switching to ${branch}`,
      detail: `local changes on ${on}`,
    };
  }
  return undefined;
}

export const novaDockerStep = defineStep({
  id: 'nova-docker',
  title: 'nova-docker',
  needs: (layout, purpose) => {
    const { dir, venv } = paths(layout);
    return { files: [], commands: [{ key: 'checkout', script: INSPECT, args: [dir, venv, purpose] }] };
  },
  judge({ layout, era, settings, commandRefusal, command }) {
    // a --root tree: its git config, venv and setup.py would run as this user; the step is the host's to run
    if (commandRefusal)
      return { status: 'skipped', message: `${commandRefusal}; apply it on the host itself`, detail: 'not run on a --root tree' };
    const { dir, venv } = paths(layout);
    const { NOVA_DOCKER_REPO: repo, NOVA_DOCKER_BRANCH: branch } = settings;
    const probe = command('checkout');
    if (!probe || probe.code !== 0) {
      const why = probe?.stderr.trim() ?? 'not run';
      return { status: 'conflict', message: `cannot inspect ${dir}: ${why}`, detail: `cannot inspect ${dir}: ${why}` };
    }
    const facts = parseFacts(probe.stdout);
    const refused = conflict(facts, dir, repo, branch);
    if (refused) return refused;
    const onBranch = facts.kind === 'git' && facts.branch === branch;
    const installed = facts.importedFrom !== undefined;
    if (onBranch && installed) {
      return {
        status: 'applied',
        message: `${dir} is on ${branch} and python imports novadocker from ${facts.importedFrom}`,
        detail: `${dir} on ${branch}, imported from ${facts.importedFrom}`,
      };
    }
    const commands = onBranch ? [] : checkoutCommands(facts, dir, repo, branch);
    const install = installCommand(dir, venv, facts, era);
    commands.push(installed ? { ...install, undo: undefined } : install);
    const detail =
      facts.kind === 'none'
        ? 'not checked out next to devstack'
        : onBranch
          ? `on ${branch}, not installed`
          : `on ${facts.branch ?? 'a detached HEAD'}, not ${branch}`;
    return { status: 'needed', message: commands.map((c) => c.title).join('; '), detail, commands };
  },
});
