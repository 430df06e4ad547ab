// What the Instances view keeps and asks about clouds: typed-in passwords in SecretStorage under the
// key of their Keystone and account (core/secrets/secretKeys.ts), and the user's answer about a
// clouds.yaml that lives in the workspace, remembered per file path and content.
import * as vscode from 'vscode';
import type { DevstackContext } from '../context';
import type { WorkspaceCloudsFile } from '../core/openstack/cloudsYaml';
import { cloudPasswordKey, legacyCloudPasswordKey, type CloudPasswordIdentity } from '../core/secrets/secretKeys';

/** A typed-in cloud's password: the one kept for this Keystone and account, else asked and kept. */
export async function cloudPassword(ctx: DevstackContext, cloud: string, account: CloudPasswordIdentity): Promise<string | undefined> {
  // the name-only key of older versions may hold a password typed for another URL: dropped, never used
  await ctx.extension.secrets.delete(legacyCloudPasswordKey(cloud));
  const stored = await ctx.extension.secrets.get(cloudPasswordKey(account));
  if (stored !== undefined) return stored;
  const typed = await vscode.window.showInputBox({
    title: `Cloud ${cloud}`,
    password: true,
    ignoreFocusOut: true,
    prompt: `Keystone password of ${account.username ?? account.userId ?? '?'} at ${account.authUrl} (kept in VS Code's secret storage)`,
  });
  if (typed !== undefined) await storeCloudPassword(ctx, account, typed);
  return typed;
}

export async function storeCloudPassword(ctx: DevstackContext, account: CloudPasswordIdentity, password: string): Promise<void> {
  await ctx.extension.secrets.store(cloudPasswordKey(account), password);
}

export async function forgetCloudPassword(ctx: DevstackContext, cloud: string, account: CloudPasswordIdentity | undefined): Promise<void> {
  await ctx.extension.secrets.delete(legacyCloudPasswordKey(cloud));
  if (account) await ctx.extension.secrets.delete(cloudPasswordKey(account));
}

const ANSWERS_KEY = 'devstackContrail.workspaceCloudsFiles';
export const USE_WORKSPACE_CLOUDS = 'Use Its Clouds';
export const IGNORE_WORKSPACE_CLOUDS = "Don't Use";

type Answers = Record<string, { sha256: string; use: boolean }>;

/**
 * Asks (modal) whether to use a clouds.yaml inside the workspace, once per path and content: the answer
 * is kept in globalState with the file's sha256, so a changed file is asked about again. Dismissed, it
 * is not used and not asked again until VS Code restarts.
 */
export class WorkspaceCloudsQuestion {
  private readonly pending = new Map<string, Promise<boolean>>();
  private readonly dismissed = new Set<string>();

  constructor(private readonly state: vscode.Memento) {}

  approve(file: WorkspaceCloudsFile): Promise<boolean> {
    const id = `${file.path}\n${file.sha256}`;
    const known = this.state.get<Answers>(ANSWERS_KEY, {})[file.path];
    if (known?.sha256 === file.sha256) return Promise.resolve(known.use);
    if (this.dismissed.has(id)) return Promise.resolve(false);
    let answer = this.pending.get(id);
    if (!answer) {
      answer = this.ask(file, id).finally(() => this.pending.delete(id));
      this.pending.set(id, answer);
    }
    return answer;
  }

  private async ask(file: WorkspaceCloudsFile, id: string): Promise<boolean> {
    const reply = await vscode.window.showWarningMessage(
      `Use the clouds.yaml of this workspace?`,
      {
        modal: true,
        detail:
          `${file.path} lives in the workspace, so whoever made the workspace wrote it. Used, its clouds are listed and signed in to ` +
          'with what it says; your secure.yaml is never merged into it. Not used, your own clouds.yaml counts. A changed file is asked about again.',
      },
      USE_WORKSPACE_CLOUDS,
      IGNORE_WORKSPACE_CLOUDS,
    );
    if (reply === undefined) {
      this.dismissed.add(id);
      return false;
    }
    const use = reply === USE_WORKSPACE_CLOUDS;
    await this.state.update(ANSWERS_KEY, { ...this.state.get<Answers>(ANSWERS_KEY, {}), [file.path]: { sha256: file.sha256, use } });
    return use;
  }
}
