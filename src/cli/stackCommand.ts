// `devstack-contrail stack`: Heat stacks from the command line. A template is checked first (the HOT
// rules of lint: against the --cloud's Heat and what it has, else offline) and nothing is sent while it
// has an error; with --wait each Heat event is a line as it comes, and a failed stack is left with its
// failed resources and servers named, for `stack delete`.
import { basename, extname } from 'node:path';
import { lint } from '../core/config/lint/lint';
import { HeatClient, type Stack, type StackEvent, type StackRequest } from '../core/heat/heatClient';
import { inProgress, StackWatch } from '../core/heat/stackWatch';
import { UsageError, forEachArgument } from './args';
import { cloudTemplateChecksFor, connectCloud } from './cloudConnect';
import type { TemplateChecks } from './lintCommand';
import { readInput } from './lintInputs';
import { findingLines, type InputOutcome } from './lintReport';
import { displayPath, TerminalLines, type Write } from './output';

export type StackVerb = 'validate' | 'create' | 'update' | 'delete' | 'events' | 'list';
export const STACK_VERBS: readonly StackVerb[] = ['validate', 'create', 'update', 'delete', 'events', 'list'];

interface StackArgs {
  cloud?: string;
  /** the template (validate, create, update) or the stack (delete, events) */
  target?: string;
  name?: string;
  params: Record<string, string>;
  wait: boolean;
  timeoutSeconds: number;
  format: 'text' | 'json';
}

function parseArgs(verb: StackVerb, argv: readonly string[]): StackArgs {
  const args: StackArgs = { params: {}, wait: false, timeoutSeconds: 1800, format: 'text' };
  forEachArgument(argv, (flag, value, arg) => {
    if (flag === '--cloud') args.cloud = value();
    else if (flag === '--name') args.name = value();
    else if (flag === '--param') {
      const pair = value();
      const eq = pair.indexOf('=');
      if (eq < 1) throw new UsageError(`--param: "${pair}" is not KEY=VALUE`);
      args.params[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (flag === '--wait') args.wait = true;
    else if (flag === '--timeout') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new UsageError('--timeout: a whole number of seconds');
      args.timeoutSeconds = n;
    } else if (flag === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json') throw new UsageError(`--format: "${f}" is not text or json`);
      args.format = f;
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (args.target === undefined) args.target = arg;
    else throw new UsageError(`one ${verb === 'delete' || verb === 'events' ? 'stack' : 'template'} at a time (also given: ${arg})`);
  });
  if (verb !== 'list' && args.target === undefined)
    throw new UsageError(verb === 'delete' || verb === 'events' ? 'name the stack' : 'name the template file');
  if (verb !== 'validate' && !args.cloud) throw new UsageError('--cloud NAME is needed');
  return args;
}

/**
 * The template's text and its findings as lint reports them: the HOT rules offline, or with --cloud
 * against that cloud (its Heat's schemas, its images, flavors, networks; the parameters given count).
 */
async function checkTemplate(
  path: string,
  checks: TemplateChecks | undefined,
  params: Readonly<Record<string, string>>,
  lines: TerminalLines,
): Promise<{ text: string; outcome: InputOutcome; release: string; errors: number }> {
  const read = readInput(path);
  if ('problem' in read) throw new UsageError(`${displayPath(path)}: ${read.problem}`);
  if (checks) {
    await checks.prepare([read.text]);
    for (const problem of new Set(checks.problems())) lines.err(`--cloud: ${problem}`);
  }
  const result = lint(read.text, { fileName: path, type: { kind: 'hot' }, ...checks?.lintOptions(), givenParameters: Object.keys(params) });
  const outcome: InputOutcome = { checked: true, shown: displayPath(path), typeReason: 'a Heat template', result };
  return { text: read.text, outcome, release: result.release.reason, errors: result.findings.filter((f) => f.severity === 'error').length };
}

/** Heat's reasons may hold newlines (Neutron's request ids): one line each here */
const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ');
/** "TIME [NESTED/]RESOURCE STATUS reason"; a stack's own events name the stack once */
const eventLine = (e: StackEvent, top: string): string => {
  const nested = e.stackName && e.stackName !== top && e.stackName !== e.resourceName ? `${e.stackName}/` : '';
  return `${e.time}  ${nested}${e.resourceName}  ${e.status}${e.statusReason ? `  ${oneLine(e.statusReason)}` : ''}`;
};

/** Prints each event as it comes until the stack leaves *_IN_PROGRESS (or is gone); returns it then. */
async function follow(heat: HeatClient, stack: Pick<Stack, 'id' | 'name'>, lines: TerminalLines, timeoutSeconds: number, after?: string) {
  const watch = new StackWatch(heat, stack, { after, timeoutMs: timeoutSeconds * 1000 });
  let current: Stack | undefined;
  for await (const change of watch.changes()) {
    for (const e of change.events) lines.err(eventLine(e, stack.name));
    current = change.stack;
  }
  if (watch.timedOut) throw new Error(`stack ${stack.name} is still ${current?.status ?? 'in progress'} after ${timeoutSeconds} s`);
  return current;
}

/** The end of a create or update: the stack's status, its resources per status, the failed ones and the servers. */
async function report(heat: HeatClient, stack: Stack, lines: TerminalLines, format: StackArgs['format']): Promise<number> {
  const resources = await heat.listResources(stack);
  const failed = resources.filter((r) => r.status.endsWith('_FAILED'));
  const servers = resources.filter((r) => r.type === 'OS::Nova::Server' && r.physicalId);
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.status] = (counts[r.status] ?? 0) + 1;
  const ok = stack.status.endsWith('_COMPLETE');
  if (format === 'json') {
    lines.out(
      JSON.stringify({ stack, resources: counts, failed, servers: servers.map((s) => ({ name: s.name, id: s.physicalId })) }, null, 1),
    );
    return ok ? 0 : 1;
  }
  const tally = Object.entries(counts)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  lines.out(
    `${stack.name}  ${stack.status}  ${stack.id}${stack.statusReason ? `\n  ${oneLine(stack.statusReason)}` : ''}\n  resources: ${tally || 'none'}`,
  );
  for (const r of failed) lines.out(`  failed: ${r.name} (${r.type}): ${oneLine(r.statusReason)}`);
  if (!ok && servers.length > 0)
    lines.out(
      `  servers it made: ${servers.map((s) => `${s.name} ${s.physicalId}`).join(', ')}\n  delete them with: devstack-contrail stack delete --cloud ${heat.cloudName} ${stack.name}`,
    );
  for (const o of stack.outputs ?? []) lines.out(`  output ${o.key}: ${JSON.stringify(o.value)}`);
  return ok ? 0 : 1;
}

async function findOrFail(heat: HeatClient, name: string): Promise<Stack> {
  const stack = await heat.findStack(name);
  if (!stack)
    throw new UsageError(`no stack "${name}" on cloud ${heat.cloudName} (devstack-contrail stack list --cloud ${heat.cloudName})`);
  return stack;
}

/** validate, create, update: the template checked; undefined when it has an error (its findings printed) */
async function templateRequest(verb: StackVerb, args: StackArgs, lines: TerminalLines): Promise<StackRequest | undefined | 'valid'> {
  const checks = args.cloud === undefined ? undefined : await cloudTemplateChecksFor(args.cloud);
  const checked = await checkTemplate(args.target!, checks, args.params, lines);
  const found = findingLines([checked.outcome]);
  if (found.length > 0) lines.out(found.join('\n'));
  if (checked.errors > 0) {
    lines.err(`${checked.outcome.shown}: ${checked.errors} error(s)${verb === 'validate' ? '' : ': nothing sent to Heat'}`);
    return undefined;
  }
  if (verb === 'validate') {
    lines.err(`${checked.outcome.shown}: no errors (${checked.release})`);
    return 'valid';
  }
  return { name: args.name ?? basename(args.target!, extname(args.target!)), template: checked.text, parameters: args.params };
}

async function listStacks(heat: HeatClient, args: StackArgs, lines: TerminalLines): Promise<number> {
  const stacks = await heat.listStacks();
  if (args.format === 'json') lines.out(JSON.stringify(stacks, null, 1));
  else lines.out(stacks.map((s) => `${s.name}  ${s.status}  ${s.id}`).join('\n') || '(no stacks)');
  return 0;
}

async function createStack(heat: HeatClient, request: StackRequest, args: StackArgs, lines: TerminalLines): Promise<number> {
  const created = await heat.createStack(request);
  lines.err(`${created.name}: create sent (${created.id})`);
  if (!args.wait) return 0;
  const done = await follow(heat, created, lines, args.timeoutSeconds);
  return done ? report(heat, done, lines, args.format) : 1;
}

async function showEvents(heat: HeatClient, stack: Stack, args: StackArgs, lines: TerminalLines): Promise<number> {
  const events = await heat.listEvents(stack);
  for (const e of events) lines.out(eventLine(e, stack.name));
  if (args.wait && inProgress(stack.status)) await follow(heat, stack, lines, args.timeoutSeconds, events.at(-1)?.id);
  return 0;
}

/** update (its preview printed first) or delete, followed with --wait from the stack's last event on */
async function changeStack(heat: HeatClient, stack: Stack, request: StackRequest | undefined, args: StackArgs, lines: TerminalLines) {
  const last = (await heat.listEvents(stack)).at(-1)?.id;
  if (request) {
    const preview = await heat.previewUpdate(stack, request);
    const part = (what: string, list: readonly string[]) => (list.length > 0 ? `  ${what}: ${list.join(', ')}` : '');
    const parts = [
      part('added', preview.added),
      part('replaced', preview.replaced),
      part('deleted', preview.deleted),
      part('updated', preview.updated),
    ];
    lines.out(`${stack.name}: the update would change\n${parts.filter(Boolean).join('\n') || '  nothing'}`);
    await heat.updateStack(stack, request);
  } else await heat.deleteStack(stack);
  if (!args.wait) return 0;
  const done = await follow(heat, stack, lines, args.timeoutSeconds, last);
  if (!request && (!done || done.status === 'DELETE_COMPLETE')) {
    lines.out(`${stack.name}: deleted`);
    return 0;
  }
  return done ? report(heat, done, lines, args.format) : 1;
}

export async function runStack(verb: StackVerb, argv: readonly string[], out: Write, err: Write): Promise<number> {
  const args = parseArgs(verb, argv);
  const lines = new TerminalLines(out, err);
  const request = verb === 'validate' || verb === 'create' || verb === 'update' ? await templateRequest(verb, args, lines) : undefined;
  if (verb === 'validate') return request === 'valid' ? 0 : 1;
  if ((verb === 'create' || verb === 'update') && request === undefined) return 1;
  const template = request === 'valid' ? undefined : request;
  const heat = new HeatClient((await connectCloud(args.cloud!)).session);
  if (verb === 'list') return listStacks(heat, args, lines);
  if (verb === 'create') return createStack(heat, template!, args, lines);
  const stack = await findOrFail(heat, template ? template.name : args.target!);
  if (verb === 'events') return showEvents(heat, stack, args, lines);
  return changeStack(heat, stack, template, args, lines);
}
