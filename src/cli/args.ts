// The options of a command line, as every command reads them: `--flag value` and `--flag=value`.
/** Bad usage: the message is shown with the command's name, and the exit code is 2. */
export class UsageError extends Error {}

/**
 * Calls `handle` for each argument in order; `value()` takes the flag's value (after `=`, else the next
 * argument), or fails with a UsageError naming the flag when there is none.
 */
export function forEachArgument(argv: readonly string[], handle: (flag: string, value: () => string, arg: string) => void): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const split = arg.startsWith('--') && arg.includes('=');
    const flag = split ? arg.slice(0, arg.indexOf('=')) : arg;
    const inline = split ? arg.slice(arg.indexOf('=') + 1) : undefined;
    handle(
      flag,
      () => {
        const v = inline ?? argv[++i];
        if (v === undefined) throw new UsageError(`${flag} needs a value`);
        return v;
      },
      arg,
    );
  }
}
