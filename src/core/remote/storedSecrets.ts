// Passwords and passphrases: asked when needed, kept (in a secret store such as VS Code's
// SecretStorage) only after the host accepted them and only if the user says so; a kept one that
// the host refuses is forgotten, so the next connect asks instead of failing without a word.
import type { HostConfig } from './hostConfig';
import { hostSecretKey } from '../secrets/secretKeys';
import type { PromptContext, SecretKind, SecretPrompts } from './hostConnections';

export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export interface SecretQuestions {
  /** asks the user for it; undefined when cancelled, or when asking is not allowed now (a background refresh) */
  ask(host: HostConfig, kind: SecretKind, prompt: string, context: PromptContext): Promise<string | undefined>;
  /** whether to keep one the host just accepted */
  remember(host: HostConfig, kind: SecretKind): Promise<boolean>;
}

export const SECRET_KINDS: readonly SecretKind[] = ['password', 'passphrase'];

export class StoredSecretPrompts implements SecretPrompts {
  constructor(
    private readonly store: SecretStore,
    private readonly questions: SecretQuestions,
  ) {}

  private async value(host: HostConfig, kind: SecretKind, prompt: string, context: PromptContext): Promise<string | undefined> {
    const stored = await this.store.get(hostSecretKey(kind, host.name));
    if (stored !== undefined) return stored;
    return this.questions.ask(host, kind, prompt, context);
  }

  passphrase(host: HostConfig, keyFile: string, context: PromptContext): Promise<string | undefined> {
    const again = context.retry ? ' (the last one was wrong)' : '';
    return this.value(host, 'passphrase', `Passphrase for ${keyFile}${again}`, context);
  }

  password(host: HostConfig, reason: string, context: PromptContext): Promise<string | undefined> {
    const again = context.retry ? 'the last one was not accepted' : reason.replace(/^.*?: /, '');
    return this.value(host, 'password', `Password for ${host.user ?? ''}@${host.host} (${again})`, context);
  }

  async accepted(host: HostConfig, kind: SecretKind, value: string): Promise<void> {
    const key = hostSecretKey(kind, host.name);
    if ((await this.store.get(key)) === value) return;
    if (await this.questions.remember(host, kind)) await this.store.store(key, value);
  }

  async rejected(host: HostConfig, kind: SecretKind): Promise<void> {
    await this.store.delete(hostSecretKey(kind, host.name));
  }
}

/** Forgets what was kept for a host (it was removed, or the user asked). */
export async function forgetSecrets(store: SecretStore, hostName: string): Promise<void> {
  for (const kind of SECRET_KINDS) await store.delete(hostSecretKey(kind, hostName));
}
