// What a repository or branch setting may hold, checked where it enters (CLI --set, VS Code settings)
// before git or a localrc sees it. A branch follows git's own branch name rules (`git check-ref-format
// --branch`); a repository is a URL of a transport git may use here, user@host:path, or a local
// repository. Neither may start with '-' (git, and devstack's own `git clone $NEUTRON_REPO`, would read
// an option), nor hold a newline, `$(` or a backquote (the neutron ones go into localrc, which bash sources).

const URL_SCHEMES = ['https', 'http', 'ssh', 'git', 'file'];

/** Why bash or git would read the value as more than data; undefined when neither would. */
function shellHazard(value: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(value)) return 'has a newline or another control character';
  if (value.includes('$(')) return 'has "$(" (command substitution)';
  if (value.includes('`')) return 'has a backquote (command substitution)';
  return undefined;
}

/** What neither a branch nor a repository may be: empty, an option to git, or shell syntax. */
function argumentProblem(value: string): string | undefined {
  if (value === '') return 'is empty';
  if (value.startsWith('-')) return "starts with '-' (git would read it as an option)";
  return shellHazard(value);
}

/** Why git would refuse this as a branch name (its check-ref-format --branch rules), or read it as an option. */
export function branchNameProblem(name: string): string | undefined {
  const common = argumentProblem(name);
  if (common) return common;
  if (name === 'HEAD' || name === '@') return `is "${name}", which git does not take as a branch name`;
  const bad = /[ ~^:?*[\\]/.exec(name);
  if (bad) return `has "${bad[0]}", which a git branch name cannot hold`;
  if (name.includes('..')) return 'has "..", which a git branch name cannot hold';
  if (name.includes('@{')) return 'has "@{", which a git branch name cannot hold';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return "begins or ends with '/' or has '//'";
  if (name.endsWith('.')) return "ends with '.'";
  if (name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock')))
    return "has a part that begins with '.' or ends with '.lock'";
  return undefined;
}

const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)$/;

function hostProblem(user: string | undefined, host: string): string | undefined {
  if (host === '') return 'names no host';
  if (host.startsWith('-') || user?.startsWith('-')) return "has a host or user that starts with '-' (ssh would read it as an option)";
  if (!HOST.test(host)) return `has "${host}", which is not a host name or address`;
  return undefined;
}

/** Why this repository cannot be cloned safely from, or undefined when it can. */
export function repositoryProblem(url: string): string | undefined {
  const common = argumentProblem(url);
  if (common) return common;
  if (url.includes(' ')) return 'has a space';
  const withScheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/]*)(.*)$/.exec(url);
  if (withScheme) {
    const [, rawScheme, authority, path] = withScheme;
    const scheme = rawScheme.toLowerCase();
    if (!URL_SCHEMES.includes(scheme)) return `uses ${scheme}://, which is not one of ${URL_SCHEMES.map((s) => `${s}://`).join(', ')}`;
    if (scheme === 'file') {
      return authority === '' && path.startsWith('/') ? undefined : 'is a file:// URL that does not name an absolute path (file:///path)';
    }
    const at = authority.lastIndexOf('@');
    const hostPort = authority.slice(at + 1).replace(/:\d*$/, '');
    return hostProblem(at < 0 ? undefined : authority.slice(0, at), hostPort);
  }
  // git runs a remote helper for transport::address (ext:: runs any command): never from a setting
  if (url.includes('::')) return 'uses the transport::address form, which makes git run a helper program';
  if (url.startsWith('/')) return undefined;
  const scpLike = /^(?:([^@/:]+)@)?([^@/:]*):(.+)$/.exec(url);
  if (scpLike) return hostProblem(scpLike[1], scpLike[2]);
  return 'is not a URL git can clone from here';
}

/** What to give instead, for the messages. */
export const REPOSITORY_HINT =
  'give an https://, http://, ssh:// or git:// URL, user@host:path, or the absolute path or file:// URL of a local repository';
export const BRANCH_HINT = 'give a branch name as git allows it (e.g. opencontrail)';

/** A repository on this machine's filesystem: git needs its file transport for it. */
export function isLocalRepository(url: string): boolean {
  return url.startsWith('/') || /^file:\/\//i.test(url);
}
