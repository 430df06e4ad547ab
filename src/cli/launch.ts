// The `devstack-contrail` executable (dist/cli.js): runs the CLI bundle (dist/cli-main.js) with the V8 code
// cache the build made for it (dist/cli-main.cache), so a cold run compiles nothing it ran at build time;
// a Node that rejects the cache (another version) compiles as usual. Output goes straight to the file
// descriptors: no stream set-up at start, and stdout and stderr stay in order.
import { readFileSync, writeSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';

type CliMain = typeof import('../cli');

export const CLI_MAIN = 'cli-main.js';
export const CLI_CACHE = 'cli-main.cache';

/** Compiles and runs dist/cli-main.js as node's loader would, with its code cache when there is one. */
export function loadCliMain(directory: string, cachedData?: Buffer): { main: CliMain['main']; script: Script } {
  const file = join(directory, CLI_MAIN);
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const module = { exports: {} as CliMain };
  const compiled = script.runInThisContext() as (...args: unknown[]) => void;
  compiled.call(module.exports, module.exports, createRequire(file), module, file, directory);
  return { main: module.exports.main, script };
}

/** Writes all of `text` to a file descriptor; a reader that went away (`| head`) ends the writing, not the run. */
function writeAll(fd: number, text: string): void {
  let rest = Buffer.from(text, 'utf8');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1); // a full non-blocking pipe: wait for the reader
    }
  }
}

function cachedData(): Buffer | undefined {
  try {
    return readFileSync(join(__dirname, CLI_CACHE));
  } catch {
    return undefined;
  }
}

if (require.main === module) {
  const { main } = loadCliMain(__dirname, cachedData());
  void main(
    process.argv.slice(2),
    (t) => writeAll(1, t),
    (t) => writeAll(2, t),
  ).then((code) => {
    process.exitCode = code;
  });
}
