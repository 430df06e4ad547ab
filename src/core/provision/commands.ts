// The commands a step runs after its file changes (the nova-docker install), each with what takes it
// back as data: the backup manifest records the intent, and undo builds the command line from it here.
import { gitArgv } from '../remote/gitCommand';
import { restartCommand, type ServiceManager } from '../devstack/serviceRestart';
import { isCleanAbsolute } from './cleanPath';
import { branchNameProblem } from './gitInputs';
import { restartUndoProblem } from './liveLoadMonitor';

export interface CommandLine {
  readonly title: string;
  readonly argv: readonly string[];
  readonly asRoot?: boolean;
}

/**
 * What takes a command back, as data: the backup manifest records it, and undo builds the command line
 * from it here (checked), never from a command line read off the host.
 */
export type UndoIntent =
  | { readonly kind: 'remove-checkout'; readonly dir: string; readonly asRoot: boolean }
  | { readonly kind: 'uninstall'; readonly venv?: string }
  | { readonly kind: 'checkout-branch'; readonly dir: string; readonly branch: string }
  /** restart again, on the files undo restored; first remove emptyDir (an entry point folder undo emptied) */
  | {
      readonly kind: 'restart-service';
      readonly manager: ServiceManager;
      readonly service: string;
      readonly pidFile: string;
      readonly emptyDir?: string;
    };

export interface StepCommand extends CommandLine {
  /** what undo does to take this command back; none: undo leaves its result in place and says so */
  readonly undo?: UndoIntent;
}

// Debian 12+ marks the system python externally managed; devstack without a venv installs there anyway
export const SYSTEM_PIP = ['env', 'PIP_BREAK_SYSTEM_PACKAGES=1', 'pip'];

/** The command line an undo intent stands for, or why this tool would never have recorded it. */
export function undoCommand(intent: UndoIntent): CommandLine {
  const refuse = (why: string): never => {
    throw new Error(`refusing an undo this tool does not make (${why}): ${JSON.stringify(intent).slice(0, 200)}`);
  };
  switch (intent.kind) {
    case 'remove-checkout':
      if (!isCleanAbsolute(intent.dir) || !intent.dir.endsWith('/nova-docker')) refuse('only a nova-docker checkout is removed');
      return { title: `rm -rf ${intent.dir}`, argv: ['rm', '-rf', '--', intent.dir], asRoot: intent.asRoot === true };
    case 'uninstall':
      if (intent.venv === undefined)
        return { title: 'sudo pip uninstall nova-docker', argv: [...SYSTEM_PIP, 'uninstall', '-y', 'nova-docker'], asRoot: true };
      if (!isCleanAbsolute(intent.venv) || !intent.venv.endsWith('/data/venv')) refuse("only devstack's global venv");
      return { title: 'pip uninstall nova-docker', argv: [`${intent.venv}/bin/pip`, 'uninstall', '-y', 'nova-docker'] };
    case 'checkout-branch':
      if (!isCleanAbsolute(intent.dir) || !intent.dir.endsWith('/nova-docker')) refuse('only a nova-docker checkout');
      if (branchNameProblem(intent.branch) !== undefined) refuse('not a branch name git allows');
      return { title: `git checkout ${intent.branch}`, argv: gitArgv({ dir: intent.dir }, 'checkout', [intent.branch], []) };
    case 'restart-service': {
      const problem = restartUndoProblem(intent.service, intent.manager, intent.pidFile, intent.emptyDir);
      if (problem) refuse(problem);
      const line = restartCommand(intent.manager, intent.service, intent.pidFile);
      const argv = intent.emptyDir
        ? ['sh', '-c', 'rmdir -- "$1" 2>/dev/null; shift; exec "$@"', 'undo', intent.emptyDir, ...line.argv]
        : line.argv;
      return { title: `restart ${intent.service} (${intent.manager})`, argv, asRoot: line.asRoot };
    }
    default:
      return refuse('unknown kind');
  }
}
