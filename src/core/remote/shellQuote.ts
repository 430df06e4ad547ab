// The one helper that turns arguments into a POSIX shell command line. Every remote command goes through it.

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes one argument so that a POSIX shell reads it back as exactly this string. */
export function shellQuote(arg: string): string {
  if (arg.length > 0 && SAFE_WORD.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Builds a command line from a program and its arguments, each quoted. */
export function shellCommand(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('shellCommand needs at least a program name');
  return argv.map(shellQuote).join(' ');
}
