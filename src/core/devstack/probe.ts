// What a devstack host looks like, read with ONE remote command per refresh: where devstack is, its
// branch and commit, the era (screen or systemd), the services and their state, the config files.
import { screenPidFile } from './serviceRestart';
import { screenWindows, systemdUnits } from './serviceLists';
import { randomBytes } from 'node:crypto';
import { parseLocalConf, isLocalrcSection } from '../config/localConf';
import { parseLocalrc, type LocalrcDocument } from '../config/localrc';
import { enabledServices } from '../config/lint/localrcRules';
import { parseReleaseName, type DevstackEra, type ReleaseName } from '../schema/releases';
import { MAX_INPUT_FILE_BYTES, inputFileRefusal } from '../inputFile';
import { UnreadableFileError, type CommandResult, type FileState } from '../provision/reads';
import { STEPS } from '../provision/registry';
import { commandKey, hostLayout, type CommandNeed, type HostFacts, type HostLayout } from '../provision/step';
import { gitShellFunction } from '../remote/gitCommand';
import { shellQuote } from '../remote/shellQuote';
import type { SshSession } from '../remote/sshSession';

export interface RemoteFile {
  readonly label: string;
  readonly path: string;
  readonly exists: boolean;
  readonly size?: number;
  readonly mtimeMs?: number;
  readonly mode?: number;
}

export interface DevstackService {
  readonly name: string;
  readonly state: 'running' | 'stopped';
  /** listed in ENABLED_SERVICES (defaults, localrc) */
  readonly enabled: boolean;
  readonly log: { readonly kind: 'file'; readonly path: string } | { readonly kind: 'journal'; readonly unit: string };
  /** the screen era's PID file of the service (stack.sh's screen_it wrote it), for a restart to wait on */
  readonly pidFile?: string;
}

export interface DevstackInfo {
  readonly dir: string;
  readonly branch?: string;
  readonly commit?: string;
  readonly era: DevstackEra;
  readonly release?: ReleaseName;
  /** the file the host's settings live in */
  readonly settings?: 'localrc' | 'local.conf';
  readonly hasDockerHypervisor: boolean;
}

export interface HostSnapshot {
  readonly devstack?: DevstackInfo;
  /** what every provisioning step needs read, as read (see provision/registry.ts) */
  readonly facts?: HostFacts;
  readonly services: readonly DevstackService[];
  readonly files: readonly RemoteFile[];
  /** the settings file's text, for lint and the services */
  readonly localrcText?: string;
  readonly localConfText?: string;
  readonly tookMs: number;
}

/**
 * The line that starts each section of the probe's output. A host's files are printed inside it, so a
 * probe run on a host puts a random nonce in it: a file cannot know it, so it cannot fake a section.
 */
export function probeMark(nonce = ''): string {
  return nonce ? `@@devstack-contrail-${nonce}@@` : '@@devstack-contrail@@';
}

/** The config files the tree shows: devstack's own under its directory, and OpenStack's under /etc. */
export function configFiles(dir: string): { label: string; path: string }[] {
  return [
    { label: 'localrc', path: `${dir}/localrc` },
    { label: 'local.conf', path: `${dir}/local.conf` },
    { label: 'nova.conf', path: '/etc/nova/nova.conf' },
    { label: 'ContrailPlugin.ini', path: '/etc/neutron/plugins/juniper/contrail/ContrailPlugin.ini' },
    { label: 'docker.filters', path: '/etc/nova/rootwrap.d/docker.filters' },
    { label: 'glance-api.conf', path: '/etc/glance/glance-api.conf' },
    { label: 'lib/neutron_plugins/contrail', path: `${dir}/lib/neutron_plugins/contrail` },
    { label: 'lib/nova_plugins/hypervisor-docker', path: `${dir}/lib/nova_plugins/hypervisor-docker` },
  ];
}

/** What the probe reads: devstack's settings (services, era) and what each step needs for its status. */
function probeNeeds(layout: HostLayout): { stat: string[]; read: string[]; commands: CommandNeed[] } {
  const needs = STEPS.map((step) => step.needs(layout, 'status'));
  const read = [...new Set([`${layout.devstackDir}/localrc`, `${layout.devstackDir}/local.conf`, ...needs.flatMap((n) => n.files)])];
  const stat = [...new Set([...configFiles(layout.devstackDir).map((f) => f.path), ...read])];
  return {
    stat,
    read,
    commands: STEPS.flatMap((step, i) => (needs[i].commands ?? []).map((c) => ({ ...c, key: commandKey(step.id, c.key) }))),
  };
}

// the script finds devstack at run time: the steps' paths are built on these and become "$D"/… in it
const SCRIPT_LAYOUT: HostLayout = { devstackDir: '\0D', dest: '\0DEST' };

/** A path of SCRIPT_LAYOUT's as a shell word; every part from outside quoted by shellQuote. */
function shellPath(path: string): string {
  for (const [mark, variable] of [
    [SCRIPT_LAYOUT.dest, '"$DEST"'],
    [SCRIPT_LAYOUT.devstackDir, '"$D"'],
  ]) {
    if (path === mark) return variable;
    if (path.startsWith(`${mark}/`)) return `${variable}/${shellQuote(path.slice(mark.length + 1))}`;
  }
  return shellQuote(path);
}

/** The one script a refresh runs. Every value from outside is quoted by shellQuote. */
export function probeScript(devstackDir: string | undefined, nonce = ''): string {
  const mark = probeMark(nonce);
  const candidates = devstackDir ? [devstackDir.replace(/(.)\/+$/, '$1')] : ['/opt/stack/devstack', '$HOME/devstack'];
  const list = candidates.map((c) => (c.startsWith('$HOME/') ? `"$HOME"/${shellQuote(c.slice(6))}` : shellQuote(c))).join(' ');
  const needs = probeNeeds(SCRIPT_LAYOUT);
  return [
    'D=""',
    `for c in ${list}; do if [ -f "$c/stack.sh" ]; then D=$c; break; fi; done`,
    `echo ${mark}dir; printf '%s\\n' "$D"`,
    // $DEST as hostLayout() has it: devstack's parent
    'DEST=${D%/*}; [ -n "$DEST" ] || DEST=/',
    gitShellFunction('g'),
    `echo ${mark}git; if [ -n "$D" ]; then g -C "$D" rev-parse --abbrev-ref HEAD 2>/dev/null; g -C "$D" log -1 --format='%h %cs %s' 2>/dev/null; fi`,
    `echo ${mark}files`,
    ...needs.stat.map(shellPath).map((p) => `stat -L -c '%s|%Y|%a|%F|%n' ${p} 2>/dev/null || printf 'missing|%s\\n' ${p}`),
    // what the steps read: a regular file that can be read, whole up to the limit a plan reads (inputFile.ts)
    // (each section named by its path on the host, or by step:key)
    ...needs.read
      .map(shellPath)
      .map(
        (p) =>
          `echo ${mark}read ${p}; if [ -n "$D" ] && [ -f ${p} ] && [ -r ${p} ]; then echo ok; head -c ${MAX_INPUT_FILE_BYTES} ${p}; echo; fi`,
      ),
    ...needs.commands.map((c, i) =>
      [
        `echo ${mark}run ${shellQuote(c.key)}; if [ -n "$D" ]; then`,
        `step_need_${i}() {`,
        c.script,
        '}',
        `step_need_${i} ${c.args.map(shellPath).join(' ')} 2>&1; rc=$?; echo ${mark}exit ${shellQuote(c.key)}; echo $rc; fi`,
      ].join('\n'),
    ),
    `echo ${mark}screen; screen -S stack -Q windows 2>/dev/null; echo`,
    `echo ${mark}stackrc; [ -n "$D" ] && [ -f "$D/stackrc" ] && grep -c USE_SYSTEMD "$D/stackrc"`,
    `echo ${mark}systemd; systemctl list-units 'devstack@*' --all --no-legend --plain 2>/dev/null`,
    `echo ${mark}end`,
  ].join('\n');
}

function sections(output: string, nonce: string): Map<string, string> {
  const map = new Map<string, string>();
  const parts = output.split(probeMark(nonce));
  for (const part of parts.slice(1)) {
    const newline = part.indexOf('\n');
    map.set(part.slice(0, newline), part.slice(newline + 1));
  }
  return map;
}

function logDirectory(doc: LocalrcDocument | undefined): string {
  const value = (name: string): string | undefined => doc?.assignments.find((a) => a.name === name && !a.expands)?.value;
  return value('SCREEN_LOGDIR') ?? value('LOGDIR') ?? '/opt/stack/logs';
}

/** A host's devstack settings: its localrc, else local.conf's [[local|localrc]] body. */
export function settingsDocument(localrcText: string | undefined, localConfText: string | undefined): LocalrcDocument | undefined {
  if (localrcText !== undefined) return parseLocalrc(localrcText);
  if (localConfText === undefined) return undefined;
  const section = parseLocalConf(localConfText).sections.find((x) => isLocalrcSection(x.phase, x.file));
  return section?.body.kind === 'localrc' ? section.body.document : undefined;
}

/**
 * The devstack era from what provisioning never writes: running units or screen windows, then
 * devstack's own stackrc (USE_SYSTEMD came with systemd-era devstack in 2017), then a localrc without
 * local.conf (2014).
 */
export function devstackEra(facts: {
  systemdUnits?: number;
  screenWindows?: number;
  stackrc?: boolean;
  localrc: boolean;
  localConf: boolean;
}): DevstackEra {
  if ((facts.systemdUnits ?? 0) > 0) return 'current';
  if ((facts.screenWindows ?? 0) > 0) return '2014';
  if (facts.stackrc !== undefined) return facts.stackrc ? 'current' : '2014';
  return facts.localrc && !facts.localConf ? '2014' : 'current';
}

interface Stat {
  readonly size: number;
  readonly mtimeMs: number;
  readonly mode: number;
  readonly regular: boolean;
}

function stats(section: string): Map<string, Stat | undefined> {
  const map = new Map<string, Stat | undefined>();
  for (const line of section.split('\n').filter((l) => l.trim() !== '')) {
    if (line.startsWith('missing|')) {
      map.set(line.slice(8), undefined);
      continue;
    }
    const [size, mtime, mode, type, ...path] = line.split('|');
    map.set(path.join('|'), {
      size: Number(size),
      mtimeMs: Number(mtime) * 1000,
      mode: parseInt(mode, 8),
      regular: type.startsWith('regular'),
    });
  }
  return map;
}

/** A file as a target's read() would have it: missing, its bytes, or why it cannot be read. */
function fileRead(path: string, stat: Stat | undefined, body: string | undefined): FileState | UnreadableFileError {
  if (!stat) return { exists: false };
  const refusal = inputFileRefusal({ isFile: () => stat.regular, size: stat.size });
  if (refusal) return new UnreadableFileError(path, refusal);
  // the script prints "ok" before a file it could read, and a newline after it
  if (body === undefined || !body.startsWith('ok\n')) return new UnreadableFileError(path, 'permission denied');
  return { exists: true, data: Buffer.from(body.slice(3).replace(/\n$/, ''), 'utf8'), mode: stat.mode };
}

/** What the steps needed read, keyed as each step asks for it (by path on this host, by step:key). */
function hostReads(s: Map<string, string>, layout: HostLayout, fileStats: Map<string, Stat | undefined>): HostFacts['reads'] {
  const needs = probeNeeds(layout);
  const files = new Map(needs.read.map((path) => [path, fileRead(path, fileStats.get(path), s.get(`read ${path}`))] as const));
  const commands = new Map<string, CommandResult>();
  needs.commands.forEach((need) => {
    const output = s.get(`run ${need.key}`);
    const code = s.get(`exit ${need.key}`);
    // stdout and stderr come together: the steps read stdout, and stderr only to say why a command failed
    if (output !== undefined && code !== undefined) commands.set(need.key, { code: Number(code.trim()), stdout: output, stderr: output });
  });
  return { files, commands };
}

const textOf = (read: FileState | UnreadableFileError | undefined): string | undefined =>
  read instanceof UnreadableFileError || !read?.data ? undefined : read.data.toString('utf8') || undefined;

/** 2014 devstack: a screen window per running service, the rest of ENABLED_SERVICES stopped; later: systemd units. */
function devstackServices(
  dest: string,
  era: DevstackEra,
  settingsDoc: LocalrcDocument | undefined,
  windows: readonly string[],
  units: readonly { name: string; active: boolean }[],
): DevstackService[] {
  const services: DevstackService[] = [];
  if (era === '2014') {
    const enabled = settingsDoc ? enabledServices(settingsDoc, era) : new Set<string>();
    const logs = logDirectory(settingsDoc);
    for (const name of new Set([...windows, ...[...enabled].filter((e) => e !== 'neutron' && e !== 'cinder')])) {
      services.push({
        name,
        state: windows.includes(name) ? 'running' : 'stopped',
        enabled: enabled.has(name),
        log: { kind: 'file', path: `${logs}/screen-${name}.log` },
        pidFile: screenPidFile(dest, name),
      });
    }
  } else {
    for (const unit of units)
      services.push({
        name: unit.name,
        state: unit.active ? 'running' : 'stopped',
        enabled: true,
        log: { kind: 'journal', unit: `devstack@${unit.name}` },
      });
  }
  return services.sort((a, b) => a.name.localeCompare(b.name));
}

export function parseProbe(output: string, tookMs: number, nonce = ''): HostSnapshot {
  const s = sections(output, nonce);
  const dir = (s.get('dir') ?? '').trim();
  if (!dir) return { services: [], files: [], tookMs };
  const fileStats = stats(s.get('files') ?? '');
  const files: RemoteFile[] = configFiles(dir)
    .filter((f) => fileStats.has(f.path))
    .map(({ label, path }) => {
      const stat = fileStats.get(path);
      return stat ? { label, path, exists: true, size: stat.size, mtimeMs: stat.mtimeMs, mode: stat.mode } : { label, path, exists: false };
    });
  const layout = hostLayout(dir);
  const reads = hostReads(s, layout, fileStats);
  const [branch, commit] = (s.get('git') ?? '').split('\n').map((l) => l.trim());
  const localrcText = textOf(reads.files.get(`${dir}/localrc`));
  const localConfText = textOf(reads.files.get(`${dir}/local.conf`));
  const settingsDoc = settingsDocument(localrcText, localConfText);
  const windows = screenWindows(s.get('screen') ?? '');
  const units = systemdUnits(s.get('systemd') ?? '');
  const hasDockerHypervisor = files.some((f) => f.exists && f.path.endsWith('/lib/nova_plugins/hypervisor-docker'));
  const stackrc = (s.get('stackrc') ?? '').trim();
  const era = devstackEra({
    systemdUnits: units.length,
    screenWindows: windows.length,
    stackrc: stackrc === '' ? undefined : Number(stackrc) > 0,
    localrc: localrcText !== undefined,
    localConf: localConfText !== undefined,
  });
  const services = devstackServices(layout.dest, era, settingsDoc, windows, units);
  return {
    facts: { layout, era, reads },
    devstack: {
      dir,
      branch: branch || undefined,
      commit: commit || undefined,
      era,
      release: branch ? parseReleaseName(branch) : undefined,
      settings: localrcText !== undefined ? 'localrc' : localConfText !== undefined ? 'local.conf' : undefined,
      hasDockerHypervisor,
    },
    services,
    files,
    localrcText,
    localConfText,
    tookMs,
  };
}

export async function probeHost(session: SshSession, devstackDir?: string, timeoutMs = 15_000): Promise<HostSnapshot> {
  const started = Date.now();
  const nonce = randomBytes(12).toString('hex');
  const result = await session.exec('sh -s', { stdin: probeScript(devstackDir, nonce), timeoutMs });
  if (!result.stdout.includes(`${probeMark(nonce)}end`))
    throw new Error(
      `${session.endpoint.host}: the host probe did not complete (${result.stderr.trim().split('\n').pop() ?? `exit ${result.exitCode}`})`,
    );
  return parseProbe(result.stdout, Date.now() - started, nonce);
}
