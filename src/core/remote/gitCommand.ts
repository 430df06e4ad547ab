// The one way this project runs git (provisioning and the host probe), on a host or locally. A
// checkout's own .git/config is not ours: none of what it could make git run is honoured (an
// fsmonitor program, hooks, an upload-pack command), only the transports a repository setting may
// name are allowed (file only for a local fork), and every positional argument follows `--`.
import { shellCommand } from './shellQuote';

export interface GitOptions {
  /** git -C DIR */
  readonly dir?: string;
  /** allow git's file transport: the repository is a local path or file:// URL (a fork on the host) */
  readonly allowFileProtocol?: boolean;
}

const HARDENING = [
  'core.fsmonitor=',
  'core.hooksPath=/dev/null',
  'protocol.allow=never',
  'protocol.https.allow=always',
  'protocol.http.allow=always',
  'protocol.ssh.allow=always',
  'protocol.git.allow=always',
];

/** `git -c …` with the hardening, without a subcommand: for a shell function in a script (see gitShellFunction). */
function gitPrefix(options: GitOptions): string[] {
  const config = [...HARDENING, `protocol.file.allow=${options.allowFileProtocol ? 'always' : 'never'}`];
  return ['git', ...config.flatMap((c) => ['-c', c]), ...(options.dir === undefined ? [] : ['-C', options.dir])];
}

/**
 * The argv of one git command: the hardened prefix, the subcommand and its flags (constant words, or
 * option values already checked), then `--` and the positional arguments, which git then cannot read
 * as options whatever they hold. `positionals: []` ends the command with a lone `--` (git checkout REV
 * --: REV is a revision, never a path); none given, no `--` (git status --porcelain).
 */
export function gitArgv(options: GitOptions, subcommand: string, flags: readonly string[], positionals?: readonly string[]): string[] {
  return [...gitPrefix(options), subcommand, ...flags, ...(positionals ? ['--', ...positionals] : [])];
}

/**
 * A shell function NAME that runs the hardened git on its arguments, for scripts that run several
 * read-only git commands in one round trip (`NAME -C "$d" status --porcelain`).
 */
export function gitShellFunction(name: string): string {
  return `${name}() { ${shellCommand(gitPrefix({}))} "$@"; }`;
}
