// What a devstack checkout's own stackrc says: the branches it clones by default (which name the
// release it was cut for) and whether it is systemd-era devstack. Pure: the callers read the file.
import { nearestNote, parseReleaseName, type Release } from '../schema/releases';

/**
 * Where the stackrc of the devstack checkout a file sits in can be: beside it (devstack/localrc), then one
 * folder up (devstack/samples/local.conf). `dirname` is the caller's: a local path, a URI path.
 */
export function stackrcFolders(fileDir: string, dirname: (path: string) => string): string[] {
  return [fileDir, dirname(fileDir)];
}

/** USE_SYSTEMD came with systemd-era devstack (2017); a stackrc without it is screen-era devstack. */
export function stackrcUsesSystemd(text: string): boolean {
  return /USE_SYSTEMD/.test(text);
}

/** What a branch variable defaults to: `X=${X:-stable/icehouse}`, `X=stable/icehouse`, `X="${X:-$TARGET_BRANCH}"`. */
function defaultValue(raw: string, known: ReadonlyMap<string, string>): string {
  let value = raw.trim().replace(/\s+#.*$/, '');
  if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
  const fallback = /^\$\{\w+:?-(.*)\}$/.exec(value);
  if (fallback) value = fallback[1];
  // one level of references to variables set earlier in the file ($TARGET_BRANCH, ${TARGET_BRANCH})
  return value.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => known.get(name) ?? whole);
}

export interface StackrcRelease {
  readonly release: Release;
  /** for messages: "NOVA_BRANCH defaults to stable/icehouse" */
  readonly reason: string;
}

// nova's branch says most about the option data a checkout's config files are checked against
const PREFERRED_BRANCHES = ['NOVA_BRANCH', 'TARGET_BRANCH', 'DEVSTACK_BRANCH'];

/**
 * The release a devstack checkout was cut for, from its stackrc: the first branch default that names
 * a release (NOVA_BRANCH, TARGET_BRANCH, DEVSTACK_BRANCH, then any other *_BRANCH); failing that, a
 * stackrc without USE_SYSTEMD is 2014-era devstack (Icehouse is the nearest release with data).
 * GIT_BASE names a server, not a release, so it is not used. One pass over the lines.
 */
export function releaseFromStackrc(text: string): StackrcRelease | undefined {
  const values = new Map<string, string>();
  const branches: [string, string][] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    const value = defaultValue(m[2], values);
    values.set(m[1], value);
    if (m[1].endsWith('_BRANCH')) branches.push([m[1], value]);
  }
  const rank = (name: string): number => (PREFERRED_BRANCHES.includes(name) ? PREFERRED_BRANCHES.indexOf(name) : PREFERRED_BRANCHES.length);
  for (const [name, value] of [...branches].sort((a, b) => rank(a[0]) - rank(b[0]))) {
    const named = parseReleaseName(value);
    if (!named) continue;
    return { release: named.release, reason: `${name} defaults to ${value}${nearestNote(named)}` };
  }
  if (branches.length > 0 && !stackrcUsesSystemd(text)) {
    const defaults = [...new Set(branches.map(([, v]) => v))].join(', ');
    return { release: 'icehouse', reason: `its branches are ${defaults} and it has no USE_SYSTEMD: 2014-era devstack` };
  }
  return undefined;
}
