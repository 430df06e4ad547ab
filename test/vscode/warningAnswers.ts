// The user's answers to warning questions, scripted by standing in for vscode.window.showWarningMessage:
// each question asked is kept (with its detail) and answered with the next reply.
import * as vscode from 'vscode';

type Warning = (message: string, ...rest: unknown[]) => Thenable<unknown>;

/**
 * Answers the next warnings with these replies (then dismisses them). With `modalOnly`, other warnings
 * (notifications) go on to VS Code and take no reply.
 */
export function answerWarnings(replies: (string | undefined)[], { modalOnly = false } = {}): { asked: string[]; restore: () => void } {
  const window = vscode.window as unknown as { showWarningMessage: Warning };
  const original = window.showWarningMessage;
  const asked: string[] = [];
  window.showWarningMessage = async (message: string, ...rest: unknown[]) => {
    const options = rest[0] as { detail?: string; modal?: boolean } | undefined;
    const isOptions = options !== undefined && typeof options === 'object';
    if (modalOnly && !(isOptions && options.modal)) return original(message, ...rest);
    asked.push(`${message}${isOptions && options.detail ? `\n${options.detail}` : ''}`);
    return replies.shift();
  };
  return {
    asked,
    restore: () => {
      window.showWarningMessage = original;
    },
  };
}
