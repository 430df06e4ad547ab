// Placement by instant load on Nova's own scheduler: a compute monitor that reports the host's live CPU
// (cpu.percent) and really free memory, a weigher for that memory, and the settings that use them, in
// the host's nova.conf; then the Nova services that run here restarted. Every host of the cloud gets the
// same: nova-compute reads the monitor settings, nova-scheduler the weigher settings, each ignores the
// other's. Where nova's python is comes from the host: the interpreter its nova-compute (or
// nova-scheduler) script names, in devstack's global venv or on PATH.
import { restartCommand, screenPidFile, type ServiceManager } from '../../devstack/serviceRestart';
import { screenWindows, systemdUnits } from '../../devstack/serviceLists';
import { setOptionEdit } from '../../config/lint/osloEdits';
import { parseOsloIni, type OsloDocument } from '../../config/osloIni';
import { applyEdits } from '../../config/text';
import { LIVE_LOAD_MODULE } from '../templates';
import type { StepCommand } from '../commands';
import { isCleanAbsolute } from '../cleanPath';
import { DIST_INFO, LIVE_LOAD_MONITOR, NOVA_SERVICES } from '../liveLoadMonitor';
import { bytesOf, textOf } from '../fileText';
import type { FileState } from '../reads';
import { defineStep, type FileChange, type Judgement } from '../step';

const NOVA_CONF = '/etc/nova/nova.conf';
const MODULE_PATH = `nova.compute.monitors.cpu.${LIVE_LOAD_MONITOR}`;
const ENTRY_POINTS = `[nova.compute.monitors.cpu]\n${LIVE_LOAD_MONITOR} = ${MODULE_PATH}:Monitor\n`;
const METADATA = `Metadata-Version: 2.1\nName: ${LIVE_LOAD_MONITOR}\nVersion: 1.0\nSummary: devstack-contrail's live-load compute monitor for Nova (nova.compute.monitors.cpu)\n`;

/** [section, option, value]: what the scheduler places by, and on compute hosts what feeds it */
export const LIVE_LOAD_SETTINGS: readonly (readonly [string, string, string])[] = [
  ['DEFAULT', 'compute_monitors', `cpu.${LIVE_LOAD_MONITOR}`],
  // a fresh reading every 5 s (Nova's default is a minute: a load older than the boots it should steer)
  ['DEFAULT', 'update_resources_interval', '5'],
  // (no allocation ratios: Nova keeps a ratio it was given after the setting goes, so undo could not
  // give the old one back; see the README)
  ['filter_scheduler', 'weight_classes', `nova.scheduler.weights.metrics.MetricsWeigher,${MODULE_PATH}.LiveMemoryWeigher`],
  ['metrics', 'weight_setting', 'cpu.percent=-1.0'],
  // a host whose monitor has not reported yet is placed on last, not an error
  ['metrics', 'required', 'false'],
];

// $1 $DEST, $2 the purpose. Prints nova's python, its CPU monitors package and site-packages, each file
// this step writes there (base64, or "-" when absent), and the services as screen or systemd list them.
// The plan asks nova's python (seconds: it imports nova); the Hosts tree's refresh (status) looks in the
// places python would name instead (devstack's venv or checkout, Debian's and pip's folders). In a
// subshell: the host probe runs it as a function of its own script, which its variables and exit must
// not touch.
const INSPECT = [
  '(',
  'dest=$1',
  'py=',
  'for s in "$dest/data/venv/bin/nova-compute" "$dest/data/venv/bin/nova-scheduler" "$(command -v nova-compute)" "$(command -v nova-scheduler)"; do',
  '  [ -n "$s" ] && [ -f "$s" ] || continue',
  '  line=$(head -n1 "$s"); case $line in "#!"*) py=${line#"#!"}; py=${py# }; py=${py%% *}; break ;; esac',
  'done',
  'echo "python=$py"',
  '[ -n "$py" ] && [ -x "$py" ] || exit 0   # (the subshell)',
  'if [ "$2" = status ]; then',
  '  v=${py%/bin/*}; out=',
  '  for m in "$v"/lib/python3*/site-packages/nova/compute/monitors/cpu "$dest/nova/nova/compute/monitors/cpu" /usr/lib/python3/dist-packages/nova/compute/monitors/cpu /usr/local/lib/python3*/dist-packages/nova/compute/monitors/cpu; do',
  '    [ -d "$m" ] && { out="monitors=$m"; break; }',
  '  done',
  '  for s in "$v"/lib/python3*/site-packages /usr/local/lib/python3*/dist-packages; do [ -d "$s" ] && { out="$out',
  'site=$s"; break; }; done',
  'else',
  `  out=$(cd / && "$py" -c 'import sysconfig, nova.compute.monitors.cpu as m; print("monitors=" + m.__path__[0]); print("site=" + sysconfig.get_paths()["purelib"])' 2>&1 | tail -n 2)`,
  'fi',
  'printf "%s\\n" "$out"; m=$(printf "%s\\n" "$out" | sed -n "s/^monitors=//p"); s=$(printf "%s\\n" "$out" | sed -n "s/^site=//p")',
  `for f in "$m/${LIVE_LOAD_MONITOR}.py" "$s/${DIST_INFO}/entry_points.txt" "$s/${DIST_INFO}/METADATA"; do`,
  '  if [ -f "$f" ]; then echo "file=$f $(head -c 65536 "$f" | base64 -w0)"; else echo "file=$f -"; fi',
  'done',
  'echo "screen=$(screen -S stack -Q windows 2>/dev/null)"',
  `echo "systemd=$(systemctl list-units ${NOVA_SERVICES.map((s) => `'devstack@${s}.service'`).join(' ')} --all --no-legend --plain 2>/dev/null | tr '\\n' ';')"`,
  ')',
].join('\n');

interface NovaFacts {
  readonly python?: string;
  readonly monitors?: string;
  readonly site?: string;
  readonly problem?: string;
  readonly files: ReadonlyMap<string, Buffer | undefined>;
  readonly services: readonly { name: string; manager: ServiceManager }[];
}

function parseFacts(stdout: string): NovaFacts {
  const lines = stdout.split('\n');
  const value = (key: string) =>
    lines
      .find((l) => l.startsWith(`${key}=`))
      ?.slice(key.length + 1)
      .trim();
  const files = new Map<string, Buffer | undefined>();
  for (const line of lines.filter((l) => l.startsWith('file='))) {
    const [path, data] = line.slice(5).split(' ');
    if (path && data !== undefined) files.set(path, data === '-' ? undefined : Buffer.from(data, 'base64'));
  }
  const windows = screenWindows(value('screen') ?? '');
  const units = systemdUnits((value('systemd') ?? '').replace(/;/g, '\n'));
  const managerOf = (name: string): ServiceManager | undefined =>
    windows.includes(name) ? 'screen' : units.some((u) => u.name === name) ? 'systemd' : undefined;
  const services = NOVA_SERVICES.flatMap((name): { name: string; manager: ServiceManager }[] => {
    const manager = managerOf(name);
    return manager ? [{ name, manager }] : [];
  });
  const python = value('python') || undefined;
  const monitors = value('monitors');
  const site = value('site');
  const problem = python && !monitors ? lines.filter((l) => l && !/^(python|file|screen|systemd)=/.test(l)).pop() : undefined;
  return { python, monitors, site, problem, files, services };
}

function settingsEdited(text: string): { after: string; missing: string[] } {
  let after = text;
  const missing: string[] = [];
  for (const [section, key, value] of LIVE_LOAD_SETTINGS) {
    const doc: OsloDocument = parseOsloIni(after);
    const current = [...doc.options].reverse().find((o) => o.section?.toLowerCase() === section.toLowerCase() && o.key === key);
    if (current?.value === value) continue;
    missing.push(`[${section}] ${key}`);
    after = applyEdits(after, [setOptionEdit(doc, section, key, value)]);
  }
  return { after, missing };
}

/** The files of the monitor, each with what is there now. */
function monitorFiles(facts: NovaFacts & { monitors: string; site: string }): FileChange[] {
  const wanted: [string, string][] = [
    [`${facts.monitors}/${LIVE_LOAD_MONITOR}.py`, LIVE_LOAD_MODULE],
    [`${facts.site}/${DIST_INFO}/entry_points.txt`, ENTRY_POINTS],
    [`${facts.site}/${DIST_INFO}/METADATA`, METADATA],
  ];
  return wanted.map(([path, text]) => ({
    path,
    before: facts.files.get(path),
    after: Buffer.from(text),
    mode: 0o644,
    check: 'text' as const,
  }));
}

function restarts(facts: NovaFacts, dest: string): StepCommand[] {
  return facts.services.map(({ name, manager }) => {
    const pidFile = screenPidFile(dest, name);
    const line = restartCommand(manager, name, pidFile);
    // n-cpu's undo first takes the entry point's folder away (undo has removed its files): an empty
    // dist-info folder would leave stevedore's cache naming a monitor that is gone
    const emptyDir = name === 'n-cpu' && facts.site ? `${facts.site}/${DIST_INFO}` : undefined;
    return {
      title: `restart ${name} (${manager})`,
      ...line,
      undo: { kind: 'restart-service', manager, service: name, pidFile, ...(emptyDir ? { emptyDir } : {}) },
    };
  });
}

function judgeWith(nova: FileState, facts: NovaFacts, dest: string): Judgement {
  if (!facts.python)
    return {
      status: 'skipped',
      message: `no nova-compute or nova-scheduler here (looked in ${dest}/data/venv/bin and on PATH)`,
      detail: 'no Nova service on this host',
    };
  if (!facts.monitors || !facts.site || !isCleanAbsolute(facts.monitors) || !isCleanAbsolute(facts.site) || !isCleanAbsolute(facts.python))
    return {
      status: 'conflict',
      message: `${facts.python} cannot import nova's CPU monitors: ${(facts.problem ?? 'no answer').slice(0, 200)}`,
      detail: "nova's python does not import nova.compute.monitors",
    };
  if (!nova.exists)
    return {
      status: 'skipped',
      message: `${NOVA_CONF} is not there yet (stack.sh writes it); run again after stack.sh`,
      detail: 'no nova.conf yet',
    };
  const text = textOf(nova);
  const { after, missing } = settingsEdited(text);
  const files = monitorFiles({ ...facts, monitors: facts.monitors, site: facts.site }).filter((c) => !c.before?.equals(c.after));
  if (missing.length === 0 && files.length === 0)
    return {
      status: 'applied',
      message: `${NOVA_CONF} places by live load; the monitor is in ${facts.monitors}`,
      detail: `live load (${facts.services.map((s) => s.name).join(', ') || 'no Nova service running'})`,
    };
  const changes: FileChange[] = [...files];
  if (missing.length > 0) changes.push({ path: NOVA_CONF, before: nova.data, after: bytesOf(nova, after), mode: nova.mode, check: 'ini' });
  const names = facts.services.map((s) => s.name);
  return {
    status: 'needed',
    message: `${[...files.map((f) => f.path), ...(missing.length ? [`${NOVA_CONF}: ${missing.join(', ')}`] : [])].join('; ')}; then restart ${names.join(' and ') || 'nothing (no Nova service runs here)'} (until the next stack.sh, which rewrites nova.conf)`,
    detail: missing.length ? `not set: ${missing.join(', ')}` : 'the monitor is missing or differs',
    changes,
    commands: [
      { title: `${facts.python} -c 'import ${MODULE_PATH}'`, argv: [facts.python, '-c', `import ${MODULE_PATH}`] },
      ...restarts(facts, dest),
    ],
  };
}

export const liveLoadSchedulerStep = defineStep({
  id: 'live-load-scheduler',
  title: 'Nova places by live load',
  needs: ({ dest }, purpose) => ({ files: [NOVA_CONF], commands: [{ key: 'nova', script: INSPECT, args: [dest, purpose] }] }),
  judge({ layout, file, command, commandRefusal }) {
    if (commandRefusal)
      return { status: 'skipped', message: `finding Nova's python needs commands run: ${commandRefusal}`, detail: commandRefusal };
    const result = command('nova');
    if (!result || result.code !== 0)
      return {
        status: 'unreadable',
        message: `could not look for Nova on this host: ${(result?.stderr ?? '').trim().slice(0, 200) || `exit ${result?.code}`}`,
        detail: 'the look for Nova failed',
      };
    return judgeWith(file(NOVA_CONF), parseFacts(result.stdout), layout.dest);
  },
});
