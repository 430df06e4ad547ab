// `devstack-contrail plan|apply|undo`: the Contrail + nova-docker setup of a devstack host, over SSH
// (host keys checked as OpenSSH does) or on local files (--root standing in for /).
import { readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { applyPlans, ApplyError, undo } from '../core/provision/apply';
import type { StepId } from '../core/provision/status';
import { DEFAULT_SETTINGS, planSteps, SETTING_NAMES, STEP_ORDER, type ProvisionSettings, type StepPlan } from '../core/provision/steps';
import { LocalTarget, SshTarget, type ProvisionTarget } from '../core/provision/target';
import { devstackEra } from '../core/remote/devstackProbe';
import { parseSshTarget } from '../core/remote/hostConfig';
import { HostKeyError, SshSession } from '../core/remote/sshSession';
import type { DevstackEra } from '../core/schema/releases';
import { UsageError } from './lintCommand';
import { redactUrlCredentials } from '../core/text/urlCredentials';


interface ProvisionArgs {
  host?: string; identity?: string; knownHosts: string; acceptNew: boolean; devstack: string; root?: string;
  steps?: StepId[]; settings: ProvisionSettings; format: 'text' | 'json'; yes: boolean;
}

function parseArgs(argv: readonly string[]): ProvisionArgs {
  const args: ProvisionArgs = { knownHosts: join(homedir(), '.ssh', 'known_hosts'), acceptNew: false, devstack: '/opt/stack/devstack', settings: { ...DEFAULT_SETTINGS }, format: 'text', yes: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') && !arg.startsWith('--set=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--host': args.host = value(); parseSshTarget(args.host); break;
      case '--identity': args.identity = value(); break;
      case '--known-hosts': args.knownHosts = value(); break;
      case '--accept-new-host-key': args.acceptNew = true; break;
      case '--devstack': args.devstack = value(); break;
      case '--root': args.root = value(); break;
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json') throw new UsageError(`--format: "${v}" is not text or json`);
        args.format = v;
        break;
      }
      case '--yes': args.yes = true; break;
      case '--steps': {
        const ids = value().split(',').map((s) => s.trim());
        const bad = ids.filter((id) => !(STEP_ORDER as readonly string[]).includes(id));
        if (bad.length) throw new UsageError(`--steps: unknown step ${bad.join(', ')} (steps: ${STEP_ORDER.join(', ')})`);
        args.steps = ids as StepId[];
        break;
      }
      case '--set': {
        const v = arg === '--set' ? value() : arg.slice(6);
        const eq = v.indexOf('=');
        const name = v.slice(0, eq);
        if (eq < 0 || !(SETTING_NAMES as readonly string[]).includes(name)) throw new UsageError(`--set: "${redactUrlCredentials(v)}" is not ${SETTING_NAMES.map((n) => `${n}=…`).join(', ')}`);
        args.settings = { ...args.settings, [name]: v.slice(eq + 1) };
        break;
      }
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  if (args.host && args.root) throw new UsageError('--root works on local files; it does not go with --host');
  return args;
}

async function openTarget(args: ProvisionArgs): Promise<{ target: ProvisionTarget; close: () => void }> {
  if (!args.host) return { target: new LocalTarget(args.root), close: () => undefined };
  const where = parseSshTarget(args.host);
  let privateKey: Buffer | undefined;
  if (args.identity) {
    try {
      privateKey = readFileSync(args.identity);
    } catch {
      throw new UsageError(`cannot read the key file ${args.identity}`);
    }
  }
  try {
    const session = await SshSession.connect({
      endpoint: { host: where.host, port: where.port, user: where.user ?? userInfo().username },
      credentials: { privateKey, agent: process.env.SSH_AUTH_SOCK || undefined },
      hostKeys: { knownHostsPath: args.knownHosts, confirmUnknownKey: async () => args.acceptNew },
    });
    return { target: new SshTarget(session), close: () => session.close() };
  } catch (error) {
    if (error instanceof HostKeyError && error.verdict === 'unknown-refused') {
      throw new UsageError(`${error.message}. If that fingerprint is the host's, add it with --accept-new-host-key, or append this line to ${args.knownHosts}:\n${error.knownHostsLine ?? ''}`);
    }
    throw new UsageError((error as Error).message);
  }
}

async function eraOf(target: ProvisionTarget, dir: string): Promise<DevstackEra> {
  const [stackrc, localrc, localConf] = await Promise.all([target.read(`${dir}/stackrc`), target.read(`${dir}/localrc`), target.read(`${dir}/local.conf`)]);
  return devstackEra({ stackrc: stackrc.exists ? /USE_SYSTEMD/.test(stackrc.data?.toString('utf8') ?? '') : undefined, localrc: localrc.exists, localConf: localConf.exists });
}

function report(plans: readonly StepPlan[], format: 'text' | 'json', extra: Record<string, unknown>, out: (t: string) => void): void {
  if (format === 'json') {
    out(JSON.stringify({
      steps: plans.map((p) => ({ id: p.id, status: p.status, files: p.changes.map((c) => ({ path: c.path, change: c.before === undefined ? 'create' : 'modify' })), message: p.message })),
      ...extra,
    }, null, 2) + '\n');
    return;
  }
  for (const p of plans) out(`${p.status.padEnd(8)} ${p.id.padEnd(18)} ${p.message}\n`);
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) out(`${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
}

export async function runProvision(command: 'plan' | 'apply' | 'undo', argv: readonly string[], out: (t: string) => void, err: (t: string) => void): Promise<number> {
  const args = parseArgs(argv);
  if (command !== 'plan' && !args.yes && !process.stdin.isTTY) throw new UsageError(`${command} changes files on ${args.host ?? 'this machine'}: add --yes to confirm`);
  const { target, close } = await openTarget(args);
  try {
    if (command === 'undo') {
      const result = await undo(target, undefined, args.format === 'text' ? err : undefined);
      if (!result) {
        err(`nothing to undo on ${target.description}\n`);
        return 0;
      }
      if (args.format === 'json') out(JSON.stringify({ undone: result.backup, restored: result.restored, commandsUndone: result.undone, commandsKept: result.kept }, null, 2) + '\n');
      else out(`restored ${result.restored.length} file(s) from ${result.backup}:\n${result.restored.map((p) => `  ${p}\n`).join('')}${result.undone.map((c) => `took back: ${c}\n`).join('')}${result.kept.map((c) => `kept: ${c}\n`).join('')}`);
      return 0;
    }
    const plans = await planSteps({ target, devstackDir: args.devstack, settings: args.settings, files: new Map() }, await eraOf(target, args.devstack), args.steps);
    const conflicts = plans.some((p) => p.status === 'conflict');
    if (command === 'plan') {
      report(plans, args.format, {}, out);
      return conflicts ? 1 : 0;
    }
    try {
      // progress (and the output of git clone / pip install) on stderr: stdout stays the report
      const outcome = await applyPlans(target, plans, { onStep: (p) => err(`applying ${p.id}…\n`), onOutput: err });
      const after = outcome.nothingToDo ? plans : await planSteps({ target, devstackDir: args.devstack, settings: args.settings, files: new Map() }, await eraOf(target, args.devstack), args.steps);
      report(after, args.format, { result: outcome.nothingToDo ? 'already applied' : `applied ${outcome.applied.map((p) => p.id).join(', ')}`, backup: outcome.backup }, out);
      return conflicts ? 1 : 0;
    } catch (error) {
      if (error instanceof ApplyError) {
        err(`devstack-contrail apply: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  } finally {
    close();
  }
}
