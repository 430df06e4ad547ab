// The contract of a provisioning step. A step says what it needs read from a host and judges, from
// what was read, whether it is applied and what it would change. The Hosts tree (`inspect`, on what
// the host probe read) and the plan (`plan`, on what a target reads) both ask that one judgement, so
// they cannot disagree. A new step is a file in steps/ and a line in registry.ts.
import type { DevstackEra } from '../schema/releases';
import type { StepCommand } from './commands';
import { UnreadableFileError, type CommandResult, type FileState } from './reads';
import type { ProvisionSettings } from './settings';
import type { ProvisionTarget } from './target';

export interface FileChange {
  readonly path: string;
  readonly before?: Buffer;
  readonly after: Buffer;
  readonly mode?: number;
  /** how verify checks it after writing */
  readonly check: 'bash' | 'ini' | 'text';
}

/** unreadable: a file the step needs is there but cannot be read; the other steps are still planned */
export type PlanStatus = 'applied' | 'needed' | 'conflict' | 'skipped' | 'unreadable';

export interface StepPlan<Id extends string = string> {
  readonly id: Id;
  readonly status: PlanStatus;
  readonly message: string;
  readonly changes: readonly FileChange[];
  /** commands run after the file changes (the nova-docker install), each with its undo */
  readonly commands?: readonly StepCommand[];
}

export interface PlanContext {
  readonly target: ProvisionTarget;
  readonly devstackDir: string;
  readonly settings: ProvisionSettings;
  /** files read once per plan; a step's changes are put here for the steps after it */
  readonly files: Map<string, FileState>;
}

/** Where devstack is on a host, and $DEST beside it, where devstack clones the projects. */
export interface HostLayout {
  readonly devstackDir: string;
  readonly dest: string;
}

export function hostLayout(devstackDir: string): HostLayout {
  return { devstackDir, dest: devstackDir.replace(/\/+$/, '').replace(/\/[^/]*$/, '') || '/' };
}

/** A read-only POSIX shell script a step needs run, its arguments as $1…: the plan runs it with bash -c, the probe as a function. */
export interface CommandNeed {
  /** unique within the step */
  readonly key: string;
  readonly script: string;
  readonly args: readonly string[];
}

export interface StepNeeds {
  readonly files: readonly string[];
  readonly commands?: readonly CommandNeed[];
}

/** status: the Hosts tree's refresh, which a step may spare a read that no status depends on */
export type ReadPurpose = 'plan' | 'status';

/** What was read from a host: each needed file (or why it cannot be read), each command's result (by commandKey). */
export interface HostReads {
  readonly files: ReadonlyMap<string, FileState | UnreadableFileError>;
  readonly commands: ReadonlyMap<string, CommandResult>;
}

/** A command need's key among every step's: `step:key`. */
export const commandKey = (stepId: string, key: string): string => `${stepId}:${key}`;

/** What the host probe read for every step, with the devstack it found. */
export interface HostFacts {
  readonly layout: HostLayout;
  readonly era: DevstackEra;
  readonly reads: HostReads;
}

export interface StepContext {
  readonly layout: HostLayout;
  readonly era: DevstackEra;
  readonly settings: ProvisionSettings;
  /** set when the target runs no commands (a --root tree), saying why */
  readonly commandRefusal?: string;
  /** a needed file as read; throws UnreadableFileError for one that is there but cannot be read */
  file(path: string): FileState;
  /** a needed command's result; undefined when the target runs no commands */
  command(key: string): CommandResult | undefined;
}

/** The one judgement of a step: its status, said for the plan (message) and for the tree (detail). */
export interface Judgement {
  readonly status: PlanStatus;
  readonly message: string;
  /** the Hosts tree's short form */
  readonly detail: string;
  /** the tree's label when it depends on the host (the settings file's name) */
  readonly title?: string;
  readonly changes?: readonly FileChange[];
  readonly commands?: readonly StepCommand[];
}

export type TreeStatus = 'applied' | 'needed' | 'conflict' | 'unreadable' | 'not-applicable';

/** A step as the Hosts tree shows it. */
export interface StepStatus<Id extends string = string> {
  readonly id: Id;
  readonly title: string;
  readonly status: TreeStatus;
  /** what is missing, or why it does not apply */
  readonly detail: string;
}

/** The tree's word for a plan's status: a step the plan skips does not apply to that host. */
export function treeStatus(status: PlanStatus): TreeStatus {
  return status === 'skipped' ? 'not-applicable' : status;
}

export interface StepDefinition<Id extends string> {
  readonly id: Id;
  /** what it sets up, for the tree and the CLI's help */
  readonly title: string;
  needs(layout: HostLayout, purpose: ReadPurpose): StepNeeds;
  judge(context: StepContext): Judgement;
}

export interface Step<Id extends string = string> extends StepDefinition<Id> {
  /** the Hosts tree's status, from what the host probe read */
  inspect(facts: HostFacts, settings: ProvisionSettings): StepStatus<Id>;
  /** reads what the step needs through the target and plans it */
  plan(context: PlanContext, era: DevstackEra): Promise<StepPlan<Id>>;
}

function contextOf(stepId: string, reads: HostReads, base: Omit<StepContext, 'file' | 'command'>): StepContext {
  return {
    ...base,
    file(path) {
      const read = reads.files.get(path);
      if (read === undefined) throw new Error(`${path} is not among the files the step said it needs`);
      if (read instanceof UnreadableFileError) throw read;
      return read;
    },
    command: (key) => reads.commands.get(commandKey(stepId, key)),
  };
}

/** The judgement, or "unreadable" when a file it looks at cannot be read (the other steps go on). */
function judgeOrUnreadable<Id extends string>(step: StepDefinition<Id>, context: StepContext): Judgement {
  try {
    return step.judge(context);
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    return { status: 'unreadable', message: `${error.message}; fix or move it, then plan again`, detail: error.message };
  }
}

async function readThrough(context: PlanContext, path: string): Promise<FileState | UnreadableFileError> {
  const cached = context.files.get(path);
  if (cached) return cached;
  try {
    const state = await context.target.read(path);
    context.files.set(path, state);
    return state;
  } catch (error) {
    if (error instanceof UnreadableFileError) return error;
    throw error;
  }
}

export function defineStep<Id extends string>(definition: StepDefinition<Id>): Step<Id> {
  return {
    ...definition,
    inspect(facts, settings) {
      const judgement = judgeOrUnreadable(
        definition,
        contextOf(definition.id, facts.reads, { layout: facts.layout, era: facts.era, settings }),
      );
      return {
        id: definition.id,
        title: judgement.title ?? definition.title,
        status: treeStatus(judgement.status),
        detail: judgement.detail,
      };
    },
    async plan(context, era) {
      const layout = hostLayout(context.devstackDir);
      const needs = definition.needs(layout, 'plan');
      const files = new Map<string, FileState | UnreadableFileError>();
      for (const path of needs.files) files.set(path, await readThrough(context, path));
      const commands = new Map<string, CommandResult>();
      const refusal = context.target.commandRefusal;
      for (const need of refusal ? [] : (needs.commands ?? [])) {
        commands.set(commandKey(definition.id, need.key), await context.target.run(['bash', '-c', need.script, 'inspect', ...need.args]));
      }
      const stepContext = contextOf(
        definition.id,
        { files, commands },
        { layout, era, settings: context.settings, commandRefusal: refusal },
      );
      const judgement = judgeOrUnreadable(definition, stepContext);
      const plan = { id: definition.id, status: judgement.status, message: judgement.message, changes: judgement.changes ?? [] };
      return judgement.commands ? { ...plan, commands: judgement.commands } : plan;
    },
  };
}
