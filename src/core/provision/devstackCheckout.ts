// The folder provisioning works on must be a devstack checkout: plan and apply (CLI and VS Code)
// refuse any other before reading a step or writing a file, so a typo in the path writes nothing.
import { stackrcUsesSystemd } from '../devstack/stackrc';
import { devstackEra } from '../devstack/probe';
import type { DevstackEra } from '../schema/releases';
import { UnreadableFileError, type FileState } from './target';

export class NoDevstackCheckoutError extends Error {
  constructor(
    readonly dir: string,
    where: string,
    detail: string,
  ) {
    super(`no devstack checkout at ${dir} (${where}): ${detail}`);
    this.name = 'NoDevstackCheckoutError';
  }
}

type Read = (path: string) => Promise<FileState>;

/** The file's state, or undefined when it is there but cannot be read. */
async function readOrUnreadable(read: Read, path: string): Promise<FileState | undefined> {
  try {
    return await read(path);
  } catch (error) {
    if (error instanceof UnreadableFileError) return undefined;
    throw error;
  }
}

/** Refuses a folder without devstack's stack.sh and stackrc (`where`: the target, for the message). */
export async function requireDevstackCheckout(read: Read, dir: string, where: string): Promise<void> {
  const missing: string[] = [];
  for (const name of ['stack.sh', 'stackrc']) {
    const state = await readOrUnreadable(read, `${dir}/${name}`);
    if (!state?.exists) missing.push(state ? `no ${name}` : `an unreadable ${name}`);
  }
  if (missing.length > 0) throw new NoDevstackCheckoutError(dir, where, `it has ${missing.join(' and ')}`);
}

/** The devstack era of a checkout from its files (the CLI's; VS Code takes the probe's, which also sees running services). */
export async function checkoutEra(read: Read, dir: string): Promise<DevstackEra> {
  const [stackrc, localrc, localConf] = await Promise.all(
    ['stackrc', 'localrc', 'local.conf'].map((name) => readOrUnreadable(read, `${dir}/${name}`)),
  );
  // an unreadable localrc or local.conf is still there: its step says what is wrong with it
  return devstackEra({
    stackrc: stackrc?.exists ? stackrcUsesSystemd(stackrc.data?.toString('utf8') ?? '') : undefined,
    localrc: localrc === undefined || localrc.exists,
    localConf: localConf === undefined || localConf.exists,
  });
}
