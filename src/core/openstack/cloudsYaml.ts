// clouds.yaml (and secure.yaml) as openstacksdk finds and reads them, mapped to CloudConfig. YAML is
// parsed by the `yaml` package only; a broken file is an error naming the file, line and column.
// Unlike openstacksdk, a clouds.yaml inside the workspace folder (or cwd) is someone else's file: it is
// used only once the user accepted it, and never gets the user's secure.yaml merged in, so a cloud
// named like one of the user's cannot carry the user's password to another auth_url.
import { createHash } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { homedir, platform } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { CloudAuth, CloudConfig } from './types';

export interface CloudsYamlSearch {
  /** the folder whose ./clouds.yaml counts (the workspace folder); default process.cwd() */
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly home?: string;
  /** the site folder; default /etc/openstack */
  readonly siteDir?: string;
  /** folders whose files the user did not write (the workspace folders), besides cwd */
  readonly workspaceDirs?: readonly string[];
  /**
   * Asked before a clouds.yaml inside cwd or a workspace folder is used; false skips it (the next
   * location counts). Without it such a file is used, as openstacksdk does (the CLI, run where the user chose).
   */
  readonly approve?: (file: WorkspaceCloudsFile) => Promise<boolean>;
}

/** A clouds.yaml of the workspace, as the question about it names it: a changed file is a new question. */
export interface WorkspaceCloudsFile {
  readonly path: string;
  /** sha256 of its bytes, hex */
  readonly sha256: string;
}

const SUFFIXES = ['.yaml', '.yml', '.json'];

function searchDirs(search: CloudsYamlSearch): string[] {
  const env = search.env ?? process.env;
  const home = search.home ?? homedir();
  const dirs = [resolve(search.cwd ?? process.cwd())];
  if (env.XDG_CONFIG_HOME) dirs.push(join(env.XDG_CONFIG_HOME, 'openstack'));
  if (platform() === 'darwin') dirs.push(join(home, 'Library', 'Application Support', 'openstack'));
  dirs.push(join(home, '.config', 'openstack'), search.siteDir ?? '/etc/openstack');
  return [...new Set(dirs)];
}

function candidates(base: 'clouds' | 'secure', envFile: string | undefined, search: CloudsYamlSearch): string[] {
  const files = searchDirs(search).flatMap((dir) => SUFFIXES.map((suffix) => join(dir, `${base}${suffix}`)));
  return envFile ? [envFile, ...files] : files;
}

/**
 * Where clouds.yaml is looked for, first match wins, in openstacksdk's order: $OS_CLIENT_CONFIG_FILE, then
 * ./clouds.yaml of cwd, ~/.config/openstack (and $XDG_CONFIG_HOME/openstack), /etc/openstack; each as
 * .yaml, .yml or .json.
 */
export function cloudsYamlCandidates(search: CloudsYamlSearch = {}): string[] {
  return candidates('clouds', (search.env ?? process.env).OS_CLIENT_CONFIG_FILE, search);
}

/** Where secure.yaml (passwords kept apart from clouds.yaml) is looked for: $OS_CLIENT_SECURE_FILE, then the same folders. */
export function secureYamlCandidates(search: CloudsYamlSearch = {}): string[] {
  return candidates('secure', (search.env ?? process.env).OS_CLIENT_SECURE_FILE, search);
}

export class CloudsYamlError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'CloudsYamlError';
  }
}

type JsonRecord = Record<string, unknown>;

function asRecord(value: unknown): JsonRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

/** The YAML (or JSON) of one file as plain data, or a CloudsYamlError naming the line. */
export function readYamlText(text: string, file: string): unknown {
  const document = parseDocument(text, { prettyErrors: true });
  const error = document.errors[0];
  if (error) {
    const position = error.linePos?.[0];
    const reason = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const where = position ? `${file}, line ${position.line}, column ${position.col}` : file;
    throw new CloudsYamlError(
      `${where}: not valid YAML: ${reason}. Fix that line (YAML indents with spaces, not tabs) and reload.`,
      file,
      position?.line,
      position?.col,
    );
  }
  return document.toJS();
}

function mergeDeep(base: unknown, over: unknown): unknown {
  const a = asRecord(base);
  const b = asRecord(over);
  if (!a || !b) return over === undefined ? base : over;
  const merged: JsonRecord = { ...a };
  for (const [key, value] of Object.entries(b)) merged[key] = mergeDeep(a[key], value);
  return merged;
}

/** clouds.yaml accepts "project-name" for "project_name", as openstacksdk does. */
function underscored(record: JsonRecord): JsonRecord {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key.replace(/-/g, '_'), value]));
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return undefined;
}

function isFalse(value: unknown): boolean {
  return value === false || (typeof value === 'string' && /^(false|no|0)$/i.test(value));
}

function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && /^(true|yes|1)$/i.test(value));
}

function interfaceOf(value: unknown): CloudConfig['interface'] | 'bad' | undefined {
  const text = scalar(value);
  if (text === undefined) return undefined;
  const name = text.replace(/URL$/, '').toLowerCase();
  return name === 'public' || name === 'internal' || name === 'admin' ? name : 'bad';
}

function regionOf(cloud: JsonRecord): string | undefined {
  const named = scalar(cloud.region_name);
  if (named) return named;
  if (!Array.isArray(cloud.regions) || cloud.regions.length === 0) return undefined;
  const first: unknown = cloud.regions[0];
  return scalar(first) ?? scalar(asRecord(first)?.name);
}

const PASSWORD_TYPES = new Set(['password', 'v3password']);
const APPLICATION_CREDENTIAL_TYPES = new Set(['v3applicationcredential', 'applicationcredential', 'application_credential']);

function authOf(raw: JsonRecord, applicationCredential: boolean): CloudAuth {
  const auth: CloudAuth = { authUrl: scalar(raw.auth_url) ?? '' };
  const set = (key: keyof CloudAuth, ...names: string[]): void => {
    for (const name of names) {
      const value = scalar(raw[name]);
      if (value !== undefined) {
        auth[key] = value;
        return;
      }
    }
  };
  set('username', 'username', 'user_name');
  set('userId', 'user_id');
  set('userDomainName', 'user_domain_name', 'domain_name');
  set('userDomainId', 'user_domain_id', 'domain_id');
  if (applicationCredential) {
    set('applicationCredentialId', 'application_credential_id');
    set('applicationCredentialName', 'application_credential_name');
    set('applicationCredentialSecret', 'application_credential_secret');
    return auth;
  }
  set('password', 'password');
  set('projectName', 'project_name', 'tenant_name');
  set('projectId', 'project_id', 'tenant_id');
  set('projectDomainName', 'project_domain_name', 'domain_name');
  set('projectDomainId', 'project_domain_id', 'domain_id');
  return auth;
}

function cloudOf(name: string, value: unknown, file: string): CloudConfig | string {
  const cloud = asRecord(value);
  if (!cloud) return `${file}: cloud "${name}" is not a mapping; skipped`;
  const fields = underscored(cloud);
  if (fields.profile !== undefined)
    return `${file}: cloud "${name}" uses a vendor profile, which is not supported; write its auth_url instead`;
  const authType = (scalar(fields.auth_type) ?? 'password').toLowerCase();
  const applicationCredential = APPLICATION_CREDENTIAL_TYPES.has(authType);
  if (!applicationCredential && !PASSWORD_TYPES.has(authType)) {
    return `${file}: cloud "${name}" uses auth_type ${authType}; only password, v3password and v3applicationcredential are supported`;
  }
  const auth = authOf(underscored(asRecord(fields.auth) ?? {}), applicationCredential);
  if (auth.authUrl === '') return `${file}: cloud "${name}" has no auth.auth_url; skipped`;
  const config: CloudConfig = { name, source: 'clouds.yaml', auth };
  const region = regionOf(fields);
  if (region) config.regionName = region;
  const endpointInterface = interfaceOf(fields.interface ?? fields.endpoint_type);
  if (endpointInterface === 'bad')
    return `${file}: cloud "${name}" has interface ${String(fields.interface ?? fields.endpoint_type)}; use public, internal or admin`;
  if (endpointInterface) config.interface = endpointInterface;
  if (isFalse(fields.verify) || isTrue(fields.insecure)) config.verify = false;
  const cacert = scalar(fields.cacert);
  if (cacert) config.cacert = cacert;
  return config;
}

export interface CloudsYamlContents {
  readonly clouds: CloudConfig[];
  /** clouds left out and why, for a warning */
  readonly problems: string[];
}

/** The clouds of a clouds.yaml text, with secure.yaml's values merged over them. */
export function parseCloudsYaml(text: string, file: string, secure?: { text: string; file: string }): CloudsYamlContents {
  let data = readYamlText(text, file);
  if (data !== null && data !== undefined && !asRecord(data)) {
    throw new CloudsYamlError(`${file}: expected a mapping with a "clouds:" key at the top`, file, 1, 1);
  }
  if (secure) data = mergeDeep(data, readYamlText(secure.text, secure.file));
  const clouds = asRecord(asRecord(data)?.clouds);
  if (!clouds) return { clouds: [], problems: [`${file}: no "clouds:" mapping, so no clouds`] };
  const result: CloudsYamlContents = { clouds: [], problems: [] };
  for (const [name, value] of Object.entries(clouds)) {
    const cloud = cloudOf(name, value, file);
    if (typeof cloud === 'string') result.problems.push(cloud);
    else result.clouds.push(cloud);
  }
  return result;
}

async function readIfThere(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new CloudsYamlError(`${file}: cannot be read (${code ?? (error as Error).message}); fix its permissions or move it away`, file);
  }
}

/** Whether a file is inside one of the folders, by its path as found or by where its links lead. */
async function insideAny(file: string, dirs: readonly string[]): Promise<boolean> {
  const within = (path: string, dir: string): boolean => {
    const rel = relative(dir, path);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  const real = async (path: string): Promise<string> => realpath(path).catch(() => resolve(path));
  const paths = [resolve(file), await real(file)];
  const folders = [...dirs.map((d) => resolve(d)), ...(await Promise.all(dirs.map(real)))];
  return paths.some((path) => folders.some((dir) => within(path, dir)));
}

/**
 * Whether a found clouds.yaml or secure.yaml is the workspace's: ./ of cwd, or any file inside cwd or a
 * workspace folder, except in the user's and the site's own openstack folders (a workspace opened at ~).
 */
async function isWorkspaceFile(file: string, search: CloudsYamlSearch): Promise<boolean> {
  const cwd = resolve(search.cwd ?? process.cwd());
  const own = searchDirs(search).filter((dir) => dir !== cwd);
  if (own.includes(dirname(resolve(file)))) return false;
  return insideAny(file, [cwd, ...(search.workspaceDirs ?? [])]);
}

/** The first secure.yaml outside the workspace: one inside it could rewrite the user's auth_url. */
async function userSecureYaml(search: CloudsYamlSearch): Promise<{ file: string; text: string } | undefined> {
  for (const file of secureYamlCandidates(search)) {
    if (await isWorkspaceFile(file, search)) continue;
    const bytes = await readIfThere(file);
    if (bytes) return { file, text: bytes.toString('utf8') };
  }
  return undefined;
}

export interface LoadedClouds extends CloudsYamlContents {
  /** the clouds.yaml read, undefined when none exists */
  readonly file?: string;
  readonly secureFile?: string;
}

/**
 * Finds the first clouds.yaml and reads its clouds; none found is an empty list. The user's own file gets
 * secure.yaml's values merged in; a workspace file is asked about first and gets nothing merged.
 */
export async function loadCloudsYaml(search: CloudsYamlSearch = {}): Promise<LoadedClouds> {
  const declined: string[] = [];
  const declinedProblems = (): string[] =>
    declined.map(
      (file) =>
        `${file} is inside the workspace folder and was not accepted, so its clouds are not used (a changed file is asked about again)`,
    );
  for (const file of cloudsYamlCandidates(search)) {
    const bytes = await readIfThere(file);
    if (!bytes) continue;
    const text = bytes.toString('utf8');
    if (await isWorkspaceFile(file, search)) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (search.approve && !(await search.approve({ path: resolve(file), sha256 }))) {
        declined.push(file);
        continue;
      }
      const contents = parseCloudsYaml(text, file);
      return { clouds: contents.clouds, problems: [...declinedProblems(), ...contents.problems], file };
    }
    const secure = await userSecureYaml(search);
    const contents = parseCloudsYaml(text, file, secure);
    return { clouds: contents.clouds, problems: [...declinedProblems(), ...contents.problems], file, secureFile: secure?.file };
  }
  return { clouds: [], problems: declinedProblems() };
}
