// A devstack host's own credentials: source its openrc (or an accrc file) in a clean bash over SSH and
// read back the OS_* variables, NUL-separated so that no value can break the parsing.
import { shellQuote } from '../remote/shellQuote';
import type { SshSession } from '../remote/sshSession';
import type { CloudConfig } from './types';

export interface OpenrcRequest {
  /** the devstack checkout on the host, e.g. /opt/stack/devstack */
  readonly devstackDir: string;
  /** openrc's first argument (OS_USERNAME), e.g. admin or demo */
  readonly user?: string;
  /** openrc's second argument (OS_PROJECT_NAME) */
  readonly project?: string;
  /** source this file instead of openrc (devstack's accrc/<project>/<user> from tools/create_userrc.sh) */
  readonly accrcFile?: string;
}

const MARK = '@@devstack-contrail-openrc@@';
const NOT_FOUND_EXIT = 3;

function rcFileOf(request: OpenrcRequest): string {
  if (request.accrcFile)
    return request.accrcFile.startsWith('/') ? request.accrcFile : `${request.devstackDir.replace(/\/+$/, '')}/${request.accrcFile}`;
  return `${request.devstackDir.replace(/\/+$/, '')}/openrc`;
}

/**
 * The remote command: a bash started with an empty environment (HOME, USER and PATH kept) sources the
 * file from the devstack folder, with its output sent to stderr, then prints a mark and each OS_*
 * variable as NAME=value followed by a NUL byte.
 */
export function openrcCommand(request: OpenrcRequest): string {
  const rcFile = rcFileOf(request);
  const args = request.accrcFile ? [] : [request.user, request.project].filter((a): a is string => a !== undefined && a !== '');
  const script = [
    `cd ${shellQuote(request.devstackDir)} 2>/dev/null || { echo ${shellQuote(`no devstack folder at ${request.devstackDir}`)} >&2; exit ${NOT_FOUND_EXIT}; }`,
    `[ -f ${shellQuote(rcFile)} ] || { echo ${shellQuote(`no ${rcFile}`)} >&2; exit ${NOT_FOUND_EXIT}; }`,
    `source ${[rcFile, ...args].map(shellQuote).join(' ')} >&2 </dev/null`,
    `printf '%s\\0' ${MARK}`,
    `for name in \${!OS_@}; do printf '%s=%s\\0' "$name" "\${!name}"; done`,
  ].join('\n');
  return `env -i HOME="$HOME" USER="$USER" LOGNAME="$LOGNAME" PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 bash --noprofile --norc -c ${shellQuote(script)}`;
}

/** NAME=value pairs after the mark; values may hold newlines and '='. */
export function openrcVariables(output: string): Map<string, string> {
  const variables = new Map<string, string>();
  const start = output.indexOf(`${MARK}\0`);
  if (start < 0) return variables;
  for (const entry of output.slice(start + MARK.length + 1).split('\0')) {
    const equals = entry.indexOf('=');
    if (equals > 0) variables.set(entry.slice(0, equals), entry.slice(equals + 1));
  }
  return variables;
}

function endpointInterface(value: string | undefined): CloudConfig['interface'] {
  const name = value?.replace(/URL$/, '').toLowerCase();
  return name === 'public' || name === 'internal' || name === 'admin' ? name : undefined;
}

/** A cloud from the OS_* variables a devstack openrc set; throws when they do not make one. */
export function cloudFromOpenrc(output: string, hostName: string, rcFile = 'openrc'): CloudConfig {
  const vars = openrcVariables(output);
  const get = (...names: string[]): string | undefined => names.map((n) => vars.get(n)).find((v) => v !== undefined && v !== '');
  const authUrl = get('OS_AUTH_URL');
  if (!authUrl) {
    throw new Error(
      `${hostName}: sourcing ${rcFile} set no OS_AUTH_URL; has stack.sh finished on that host (it writes the settings openrc reads)?`,
    );
  }
  const auth: CloudConfig['auth'] = { authUrl };
  const fields: [keyof CloudConfig['auth'], string[]][] = [
    ['username', ['OS_USERNAME']],
    ['userId', ['OS_USER_ID']],
    ['password', ['OS_PASSWORD']],
    ['userDomainName', ['OS_USER_DOMAIN_NAME', 'OS_DEFAULT_DOMAIN_NAME']],
    ['userDomainId', ['OS_USER_DOMAIN_ID', 'OS_DEFAULT_DOMAIN']],
    ['projectName', ['OS_PROJECT_NAME', 'OS_TENANT_NAME']],
    ['projectId', ['OS_PROJECT_ID', 'OS_TENANT_ID']],
    ['projectDomainName', ['OS_PROJECT_DOMAIN_NAME', 'OS_DEFAULT_DOMAIN_NAME']],
    ['projectDomainId', ['OS_PROJECT_DOMAIN_ID', 'OS_DEFAULT_DOMAIN']],
  ];
  const applicationCredential = /applicationcredential|application_credential/i.test(get('OS_AUTH_TYPE') ?? '');
  if (applicationCredential) {
    fields.push(
      ['applicationCredentialId', ['OS_APPLICATION_CREDENTIAL_ID']],
      ['applicationCredentialName', ['OS_APPLICATION_CREDENTIAL_NAME']],
      ['applicationCredentialSecret', ['OS_APPLICATION_CREDENTIAL_SECRET']],
    );
  }
  for (const [key, names] of fields) {
    const value = get(...names);
    if (value !== undefined) auth[key] = value;
  }
  const who = auth.username ?? auth.userId ?? auth.applicationCredentialName ?? auth.applicationCredentialId ?? '?';
  const project = auth.projectName ?? auth.projectId;
  const cloud: CloudConfig = {
    name: `${hostName} openrc ${project ? `${who}/${project}` : who}`,
    source: 'openrc',
    auth,
    sshHost: hostName,
  };
  const region = get('OS_REGION_NAME');
  if (region) cloud.regionName = region;
  const chosenInterface = endpointInterface(get('OS_INTERFACE', 'OS_ENDPOINT_TYPE'));
  if (chosenInterface) cloud.interface = chosenInterface;
  if (/^(true|1|yes)$/i.test(get('OS_INSECURE') ?? '')) cloud.verify = false;
  return cloud;
}

/** Reads a devstack host's openrc over its SSH session. */
export async function readOpenrc(
  session: Pick<SshSession, 'exec' | 'endpoint'>,
  request: OpenrcRequest,
  hostName = session.endpoint.host,
): Promise<CloudConfig> {
  const rcFile = rcFileOf(request);
  const result = await session.exec(openrcCommand(request), { timeoutMs: 30_000 });
  if (result.exitCode === NOT_FOUND_EXIT) {
    throw new Error(
      `${hostName}: ${result.stderr.trim() || `no ${rcFile}`}; set the devstack folder of this host, or run stack.sh there first`,
    );
  }
  if (!result.stdout.includes(MARK)) {
    const said = result.stderr.trim().split('\n').slice(-3).join(' / ');
    throw new Error(
      `${hostName}: sourcing ${rcFile} failed${said ? ` (${said})` : ''}; is bash installed, and does the file work in a shell there?`,
    );
  }
  return cloudFromOpenrc(result.stdout, hostName, rcFile);
}
