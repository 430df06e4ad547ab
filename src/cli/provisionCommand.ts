// `devstack-contrail plan|apply|undo`: the Contrail + nova-docker setup of a devstack host, over SSH
// (host keys checked as OpenSSH does) or on local files (--root standing in for /).
import { applyPlans, ApplyError, undo } from '../core/provision/apply';
import { FileLedger } from '../core/provision/backupLedger';
import { checkoutEra, NoDevstackCheckoutError } from '../core/provision/devstackCheckout';
import { DEFAULT_SETTINGS, planSteps, SETTING_NAMES, type ProvisionSettings, type StepPlan } from '../core/provision/plan';
import { isStepId, STEP_IDS, type StepId } from '../core/provision/registry';
import { settingProblem } from '../core/provision/settings';
import { LocalTarget, SshTarget, type ProvisionTarget } from '../core/provision/target';
import { parseSshTarget } from '../core/remote/hostConfig';
import { UsageError, forEachArgument } from './args';
import { connectCliSsh, defaultSshFlags, readSshFlag, type SshFlags } from './sshConnect';
import { TerminalLines, type Write } from './output';
import { redactUrlCredentials } from '../core/text/urlCredentials';

interface ProvisionArgs {
  host?: string;
  ssh: SshFlags;
  devstack: string;
  root?: string;
  steps?: StepId[];
  settings: ProvisionSettings;
  format: 'text' | 'json';
  yes: boolean;
}

function formatOf(v: string): ProvisionArgs['format'] {
  if (v !== 'text' && v !== 'json') throw new UsageError(`--format: "${v}" is not text or json`);
  return v;
}

function stepsOf(list: string): StepId[] {
  const ids = list.split(',').map((s) => s.trim());
  const bad = ids.filter((id) => !isStepId(id));
  if (bad.length) throw new UsageError(`--steps: unknown step ${bad.join(', ')} (steps: ${STEP_IDS.join(', ')})`);
  return ids.filter(isStepId);
}

/** --set NAME=VALUE, checked here before anything is read or run: git and localrc get only values they read as data */
function withSetting(settings: ProvisionSettings, assignment: string): ProvisionSettings {
  const eq = assignment.indexOf('=');
  const name = assignment.slice(0, eq);
  if (eq < 0 || !(SETTING_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(`--set: "${redactUrlCredentials(assignment)}" is not ${SETTING_NAMES.map((n) => `${n}=…`).join(', ')}`);
  }
  const problem = settingProblem(name as keyof ProvisionSettings, assignment.slice(eq + 1));
  if (problem) throw new UsageError(`--set ${name}: ${problem}`);
  return { ...settings, [name]: assignment.slice(eq + 1) };
}

function parseArgs(argv: readonly string[]): ProvisionArgs {
  const args: ProvisionArgs = {
    ssh: defaultSshFlags(),
    devstack: '/opt/stack/devstack',
    settings: { ...DEFAULT_SETTINGS },
    format: 'text',
    yes: false,
  };
  forEachArgument(argv, (flag, value, arg) => {
    switch (flag) {
      case '--host':
        args.host = value();
        parseSshTarget(args.host);
        break;
      case '--devstack':
        args.devstack = value();
        break;
      case '--root':
        args.root = value();
        break;
      case '--format':
        args.format = formatOf(value());
        break;
      case '--yes':
        args.yes = true;
        break;
      case '--steps':
        args.steps = stepsOf(value());
        break;
      case '--set':
        args.settings = withSetting(args.settings, value());
        break;
      default:
        if (!readSshFlag(flag, value, args.ssh)) throw new UsageError(`unknown option ${arg}`);
    }
  });
  if (args.host && args.root) throw new UsageError('--root works on local files; it does not go with --host');
  return args;
}

async function openTarget(
  args: ProvisionArgs,
  onWarning: (message: string) => void,
): Promise<{ target: ProvisionTarget; close: () => void }> {
  if (!args.host) return { target: new LocalTarget(args.root), close: () => undefined };
  const session = await connectCliSsh(args.host, args.ssh);
  return { target: new SshTarget(session, { onWarning }), close: () => session.close() };
}

/** Plans on the checkout at --devstack; a folder that is not one is refused before anything is read or written. */
async function plan(target: ProvisionTarget, args: ProvisionArgs): Promise<StepPlan[]> {
  const ctx = { target, devstackDir: args.devstack, settings: args.settings, files: new Map() };
  try {
    return await planSteps(ctx, await checkoutEra((path) => target.read(path), args.devstack), args.steps);
  } catch (error) {
    if (error instanceof NoDevstackCheckoutError) throw new UsageError(`${error.message}; name the checkout with --devstack DIR`);
    throw error;
  }
}

function report(plans: readonly StepPlan[], format: 'text' | 'json', extra: Record<string, unknown>, lines: TerminalLines): void {
  if (format === 'json') {
    lines.out(
      JSON.stringify(
        {
          steps: plans.map((p) => ({
            id: p.id,
            status: p.status,
            files: p.changes.map((c) => ({ path: c.path, change: c.before === undefined ? 'create' : 'modify' })),
            message: p.message,
          })),
          ...extra,
        },
        null,
        2,
      ),
    );
    return;
  }
  for (const p of plans) lines.out(`${p.status.padEnd(10)} ${p.id.padEnd(18)} ${p.message}`);
  for (const [key, value] of Object.entries(extra))
    if (value !== undefined) lines.out(`${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
}

export async function runProvision(
  command: 'plan' | 'apply' | 'undo',
  argv: readonly string[],
  stdout: Write,
  stderr: Write,
): Promise<number> {
  const args = parseArgs(argv);
  const lines = new TerminalLines(stdout, stderr);
  if (command !== 'plan' && !args.yes && !process.stdin.isTTY)
    throw new UsageError(`${command} changes files on ${args.host ?? 'this machine'}: add --yes to confirm`);
  const { target, close } = await openTarget(args, (message) => lines.err(`warning: ${message}`));
  try {
    if (command === 'undo') return await runUndo(target, args, lines);
    const plans = await plan(target, args);
    // a conflict or an unreadable file needs a person; the other steps are planned (and applied) still
    const needsPerson = plans.some((p) => p.status === 'conflict' || p.status === 'unreadable');
    if (command === 'plan') report(plans, args.format, {}, lines);
    else if (!(await runApply(target, args, plans, lines))) return 1;
    return needsPerson ? 1 : 0;
  } finally {
    close();
  }
}

async function runUndo(target: ProvisionTarget, args: ProvisionArgs, lines: TerminalLines): Promise<number> {
  const result = await undo(target, FileLedger.forCli(), args.format === 'text' ? (t) => lines.errChunk(t) : undefined);
  if (!result) {
    lines.err(`nothing to undo on ${target.description}: no backup set this machine wrote there`);
    return 0;
  }
  if (args.format === 'json')
    lines.out(
      JSON.stringify(
        { undone: result.backup, restored: result.restored, commandsUndone: result.undone, commandsKept: result.kept },
        null,
        2,
      ),
    );
  else
    lines.out(
      `restored ${result.restored.length} file(s) from ${result.backup}:\n${result.restored.map((p) => `  ${p}\n`).join('')}${result.undone.map((c) => `took back: ${c}\n`).join('')}${result.kept.map((c) => `kept: ${c}\n`).join('')}`,
    );
  return 0;
}

/** Applies the plans and reports the host as it is then; false when a step failed (said on stderr). */
async function runApply(target: ProvisionTarget, args: ProvisionArgs, plans: StepPlan[], lines: TerminalLines): Promise<boolean> {
  try {
    // progress (and the output of git clone / pip install) on stderr: stdout stays the report
    const outcome = await applyPlans(target, FileLedger.forCli(), plans, {
      onStep: (p) => lines.err(`applying ${p.id}…`),
      onOutput: (t) => lines.errChunk(t),
    });
    const after = outcome.nothingToDo ? plans : await plan(target, args);
    report(
      after,
      args.format,
      {
        result: outcome.nothingToDo ? 'already applied' : `applied ${outcome.applied.map((p) => p.id).join(', ')}`,
        backup: outcome.backup,
      },
      lines,
    );
    return true;
  } catch (error) {
    if (!(error instanceof ApplyError)) throw error;
    lines.err(`devstack-contrail apply: ${error.message}`);
    return false;
  }
}
