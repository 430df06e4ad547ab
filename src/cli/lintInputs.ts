// What `lint` reads: the files named and those found in folders, each checked on its stat before it
// is opened (never a FIFO, a device or a huge file); a problem with one input is reported, not fatal.
import { stackrcFolders } from '../core/devstack/stackrc';
import { compareOrdinal } from '../core/text/compare';
import { lstatSync, readFileSync, readdirSync, readlinkSync, statSync, type Dirent } from 'node:fs';
import { dirname, join } from 'node:path';
import { nameHint } from '../core/config/fileType';
import { inputFileRefusal } from '../core/inputFile';

/** A file to lint, or a path that could not be walked or read and why (the message after "PATH: "). */
export interface Input {
  readonly path: string;
  readonly problem?: string;
  /** a .yaml/.yml file found in a folder: linted only when its content shows a Heat template, else passed over */
  readonly ifHeatTemplate?: boolean;
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '.tox', '.venv', 'out', 'dist']);

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  ELOOP: 'too many symbolic links',
  EISDIR: 'a folder, not a file',
  EIO: 'input/output error',
};

function whyUnreadable(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'ENOENT') {
    try {
      if (lstatSync(path).isSymbolicLink()) return `cannot read: a symbolic link to ${readlinkSync(path)}, which does not exist`;
    } catch {
      // not there at all: the plain message
    }
  }
  return `cannot read: ${ERRNO_TEXT[code] ?? (code || (error as Error).message)}`;
}

/** Files a folder walk lints: those whose name says they are ours, not editors' and packagers' leftovers. */
function isConfigPath(path: string): boolean {
  const hint = nameHint(path);
  if (!hint || hint.leftover) return false;
  if (hint.strength !== 'extension') return true;
  return /(^|\/)etc\/(nova|neutron|glance)\/[^/]+\.conf$/.test(path);
}

/**
 * Files named on the command line and the config files found under folders (with the YAML files that
 * may be Heat templates), in order, with the paths that failed.
 */
export function collectFiles(paths: readonly string[]): Input[] {
  const inputs: Input[] = [];
  const walk = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      inputs.push({ path: dir, problem: whyUnreadable(dir, error) });
      return;
    }
    for (const entry of entries.sort((a, b) => compareOrdinal(a.name, b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(path);
      } else if (isConfigPath(path)) {
        // links, FIFOs and devices with a config file's name too: reading them says what is wrong
        inputs.push({ path });
      } else if (entry.isFile() && /\.ya?ml$/i.test(entry.name) && !nameHint(path)?.leftover) {
        inputs.push({ path, ifHeatTemplate: true });
      }
    }
  };
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      inputs.push({ path, problem: whyUnreadable(path, error) });
      continue;
    }
    if (isDirectory) walk(path);
    else inputs.push({ path });
  }
  return inputs;
}

/** A file's text, or why it was not read: the stat is checked first, so nothing blocks or floods. */
export function readInput(path: string): { text: string } | { problem: string } {
  let refusal: string | undefined;
  try {
    refusal = inputFileRefusal(statSync(path));
  } catch (error) {
    return { problem: whyUnreadable(path, error) };
  }
  if (refusal) return { problem: refusal };
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (error) {
    return { problem: whyUnreadable(path, error) };
  }
}

/**
 * The stackrc of the devstack checkout a file sits in: beside it (devstack/localrc) or one folder up
 * (devstack/samples/local.conf). Read on the same terms as inputs; none is fine.
 */
export function stackrcNear(
  file: string,
  cache: Map<string, { path: string; text: string } | null>,
): { path: string; text: string } | undefined {
  for (const dir of stackrcFolders(dirname(file), dirname)) {
    let found = cache.get(dir);
    if (found === undefined) {
      const path = join(dir, 'stackrc');
      const read = readInput(path);
      found = 'text' in read ? { path, text: read.text } : null;
      cache.set(dir, found);
    }
    if (found) return found;
  }
  return undefined;
}
