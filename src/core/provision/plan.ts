// What planning a step gives: its status and the file changes and commands that apply it. Apart from
// steps.ts so a step's own module can return one without importing the planner that calls it.
import type { StepId } from './status';

export interface CommandLine {
  readonly title: string;
  readonly argv: readonly string[];
  readonly asRoot?: boolean;
}

/**
 * What takes a command of this step back, as data: the backup manifest records it, and undo builds the
 * command line from it here (checked), never from a command line read off the host.
 */
export type UndoIntent =
  | { readonly kind: 'remove-checkout'; readonly dir: string; readonly asRoot: boolean }
  | { readonly kind: 'uninstall'; readonly venv?: string }
  | { readonly kind: 'checkout-branch'; readonly dir: string; readonly branch: string };

export interface StepCommand extends CommandLine {
  /** what undo does to take this command back; none: undo leaves its result in place and says so */
  readonly undo?: UndoIntent;
}

export interface FileChange {
  readonly path: string;
  readonly before?: Buffer;
  readonly after: Buffer;
  readonly mode?: number;
  /** how verify checks it after writing */
  readonly check: 'bash' | 'ini' | 'text';
}

export interface StepPlan {
  readonly id: StepId;
  /** unreadable: a file the step needs is there but cannot be read; the other steps are still planned */
  readonly status: 'applied' | 'needed' | 'conflict' | 'skipped' | 'unreadable';
  readonly message: string;
  readonly changes: readonly FileChange[];
  /** commands run after the file changes (the nova-docker install), each with its undo */
  readonly commands?: readonly StepCommand[];
}
