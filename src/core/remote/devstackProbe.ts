// What a devstack host looks like, read with ONE remote command per refresh: where devstack is, its
// branch and commit, the era (screen or systemd), the services and their state, the config files.
import { parseLocalConf, isLocalrcSection } from '../config/localConf';
import { parseLocalrc, type LocalrcDocument } from '../config/localrc';
import { enabledServices } from '../config/lint/localrcRules';
import { parseReleaseName, type DevstackEra, type ReleaseName } from '../schema/releases';
import { gitShellFunction } from './gitCommand';
import { shellQuote } from './shellQuote';
import type { SshSession } from './sshSession';

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

/** File contents and facts the provisioning status is computed from. */
export interface ProvisioningFacts {
  readonly hypervisorDriverLines: readonly string[];
  readonly contrailPluginDefinesContract: boolean;
  readonly dockerFilters?: string;
  readonly novaConf?: string;
  readonly glanceApiConf?: string;
  readonly novaDockerDir?: string;
}

export interface HostSnapshot {
  readonly devstack?: DevstackInfo;
  readonly facts?: ProvisioningFacts;
  readonly services: readonly DevstackService[];
  readonly files: readonly RemoteFile[];
  /** the settings file's text, for lint and provisioning status */
  readonly localrcText?: string;
  readonly localConfText?: string;
  readonly tookMs: number;
}

const MARK = '@@devstack-contrail@@';

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

/** The one script a refresh runs. Every value from outside is quoted by shellQuote. */
export function probeScript(devstackDir: string | undefined): string {
  const candidates = devstackDir ? [devstackDir] : ['/opt/stack/devstack', '$HOME/devstack'];
  const list = candidates.map((c) => (c.startsWith('$HOME/') ? `"$HOME"/${shellQuote(c.slice(6))}` : shellQuote(c))).join(' ');
  const files = configFiles('"$D"');
  return [
    'D=""',
    `for c in ${list}; do if [ -f "$c/stack.sh" ]; then D=$c; break; fi; done`,
    `echo ${MARK}dir; printf '%s\\n' "$D"`,
    gitShellFunction('g'),
    `echo ${MARK}git; if [ -n "$D" ]; then g -C "$D" rev-parse --abbrev-ref HEAD 2>/dev/null; g -C "$D" log -1 --format='%h %cs %s' 2>/dev/null; fi`,
    `echo ${MARK}files`,
    ...files.map((f) => `stat -c '%s|%Y|%a|%n' ${f.path.replace('"$D"', '"$D"')} 2>/dev/null || printf 'missing|%s\\n' ${f.path}`),
    `echo ${MARK}localrc; if [ -n "$D" ] && [ -f "$D/localrc" ]; then head -c 262144 "$D/localrc"; fi`,
    `echo; echo ${MARK}localconf; if [ -n "$D" ] && [ -f "$D/local.conf" ]; then head -c 262144 "$D/local.conf"; fi`,
    `echo; echo ${MARK}screen; screen -S stack -Q windows 2>/dev/null; echo`,
    // what the provisioning status needs to know, in the same command
    `echo ${MARK}stackrc; [ -n "$D" ] && [ -f "$D/stackrc" ] && grep -c USE_SYSTEMD "$D/stackrc"`,
    `echo ${MARK}hypervisor; [ -n "$D" ] && grep -h 'compute_driver' "$D/lib/nova_plugins/hypervisor-docker" 2>/dev/null | head -n 5`,
    `echo ${MARK}contrailplugin; [ -n "$D" ] && grep -c -e '^ *function neutron_plugin_configure_common' -e '^ *neutron_plugin_configure_common *()' "$D/lib/neutron_plugins/contrail" 2>/dev/null`,
    `echo ${MARK}filters; head -c 65536 /etc/nova/rootwrap.d/docker.filters 2>/dev/null`,
    `echo; echo ${MARK}novaconf; head -c 262144 /etc/nova/nova.conf 2>/dev/null`,
    `echo; echo ${MARK}glanceconf; head -c 262144 /etc/glance/glance-api.conf 2>/dev/null`,
    `echo; echo ${MARK}novadocker; [ -n "$D" ] && [ -d "$(dirname "$D")/nova-docker" ] && echo "$(dirname "$D")/nova-docker"`,
    `echo ${MARK}systemd; systemctl list-units 'devstack@*' --all --no-legend --plain 2>/dev/null`,
    `echo ${MARK}end`,
  ].join('\n');
}

function sections(output: string): Map<string, string> {
  const map = new Map<string, string>();
  const parts = output.split(MARK);
  for (const part of parts.slice(1)) {
    const newline = part.indexOf('\n');
    map.set(part.slice(0, newline), part.slice(newline + 1));
  }
  return map;
}

function screenWindows(text: string): string[] {
  // `screen -Q windows`: "0 shell  1$ key  2-$ g-api  3*$ n-api" (flags after the number)
  return [...text.matchAll(/(?:^|\s)\d+[-*$!@Z&]*\s+(\S+)/g)].map((m) => m[1]).filter((n) => n !== 'shell' && n !== 'bash');
}

function systemdUnits(text: string): { name: string; active: boolean }[] {
  return text.split('\n').map((l) => /^devstack@(\S+)\.service\s+\S+\s+(\S+)/.exec(l.trim())).filter((m): m is RegExpExecArray => m !== null).map((m) => ({ name: m[1], active: m[2] === 'active' }));
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
export function devstackEra(facts: { systemdUnits?: number; screenWindows?: number; stackrc?: boolean; localrc: boolean; localConf: boolean }): DevstackEra {
  if ((facts.systemdUnits ?? 0) > 0) return 'current';
  if ((facts.screenWindows ?? 0) > 0) return '2014';
  if (facts.stackrc !== undefined) return facts.stackrc ? 'current' : '2014';
  return facts.localrc && !facts.localConf ? '2014' : 'current';
}

export function parseProbe(output: string, tookMs: number): HostSnapshot {
  const s = sections(output);
  const dir = (s.get('dir') ?? '').trim();
  const files: RemoteFile[] = (s.get('files') ?? '').split('\n').filter((l) => l.trim() !== '').map((line) => {
    if (line.startsWith('missing|')) return { path: line.slice(8), exists: false } as Omit<RemoteFile, 'label'>;
    const [size, mtime, mode, ...path] = line.split('|');
    return { path: path.join('|'), exists: true, size: Number(size), mtimeMs: Number(mtime) * 1000, mode: parseInt(mode, 8) };
  }).map((f) => ({ ...f, label: configFiles(dir).find((c) => c.path === f.path)?.label ?? f.path }));
  if (!dir) return { services: [], files: [], tookMs };
  const [branch, commit] = (s.get('git') ?? '').split('\n').map((l) => l.trim());
  const localrcText = (s.get('localrc') ?? '').replace(/\n$/, '') || undefined;
  const localConfText = (s.get('localconf') ?? '').replace(/\n$/, '') || undefined;
  const settingsDoc = settingsDocument(localrcText, localConfText);
  const windows = screenWindows(s.get('screen') ?? '');
  const units = systemdUnits(s.get('systemd') ?? '');
  const hasDockerHypervisor = files.some((f) => f.exists && f.path.endsWith('/lib/nova_plugins/hypervisor-docker'));
  const stackrc = (s.get('stackrc') ?? '').trim();
  const era = devstackEra({ systemdUnits: units.length, screenWindows: windows.length, stackrc: stackrc === '' ? undefined : Number(stackrc) > 0, localrc: localrcText !== undefined, localConf: localConfText !== undefined });
  const enabled = settingsDoc ? enabledServices(settingsDoc, era) : new Set<string>();
  const services: DevstackService[] = [];
  if (era === '2014') {
    const logs = logDirectory(settingsDoc);
    for (const name of new Set([...windows, ...[...enabled].filter((e) => e !== 'neutron' && e !== 'cinder')])) {
      services.push({ name, state: windows.includes(name) ? 'running' : 'stopped', enabled: enabled.has(name), log: { kind: 'file', path: `${logs}/screen-${name}.log` } });
    }
  } else {
    for (const unit of units) services.push({ name: unit.name, state: unit.active ? 'running' : 'stopped', enabled: true, log: { kind: 'journal', unit: `devstack@${unit.name}` } });
  }
  services.sort((a, b) => a.name.localeCompare(b.name));
  const text = (name: string): string | undefined => {
    const value = (s.get(name) ?? '').replace(/\n$/, '');
    return value === '' ? undefined : value;
  };
  const facts: ProvisioningFacts = {
    hypervisorDriverLines: (s.get('hypervisor') ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== ''),
    contrailPluginDefinesContract: Number((s.get('contrailplugin') ?? '0').trim() || '0') > 0,
    dockerFilters: text('filters'),
    novaConf: text('novaconf'),
    glanceApiConf: text('glanceconf'),
    novaDockerDir: text('novadocker')?.trim(),
  };
  return {
    facts,
    devstack: { dir, branch: branch || undefined, commit: commit || undefined, era, release: branch ? parseReleaseName(branch) : undefined, settings: localrcText !== undefined ? 'localrc' : localConfText !== undefined ? 'local.conf' : undefined, hasDockerHypervisor },
    services, files, localrcText, localConfText, tookMs,
  };
}

export async function probeHost(session: SshSession, devstackDir?: string, timeoutMs = 15_000): Promise<HostSnapshot> {
  const started = Date.now();
  const result = await session.exec('sh -s', { stdin: probeScript(devstackDir), timeoutMs });
  if (!result.stdout.includes(`${MARK}end`)) throw new Error(`${session.endpoint.host}: the host probe did not complete (${result.stderr.trim().split('\n').pop() ?? `exit ${result.exitCode}`})`);
  return parseProbe(result.stdout, Date.now() - started);
}
