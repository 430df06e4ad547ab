// Restarting a devstack service as devstack's docs say: its systemd unit (devstack@NAME) in the systemd
// era; in the screen era, Ctrl-C in its window of session "stack", then the window's last command again
// (Up, Enter). Between the two, the old process is waited for by the PID file stack.sh's screen_it wrote
// ($DEST/status/stack/NAME.pid): typed while it still runs, Up and Enter would go to it and be lost.

export type ServiceManager = 'screen' | 'systemd';

/** a devstack service name as screen windows and devstack@ units carry them (n-cpu, q-svc, …) */
export const SERVICE_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** Where screen_it wrote a service's PID, under $DEST. */
export const screenPidFile = (dest: string, service: string): string => `${dest.replace(/\/+$/, '')}/status/stack/${service}.pid`;

// $1 the window, $2 its PID file. Exits 0 once a new process of the service runs (or, without a PID
// file to tell, after typing the command again).
const SCREEN_RESTART = [
  'set -u',
  'svc=$1 pidfile=$2',
  'old=$(cat "$pidfile" 2>/dev/null || true)',
  `screen -S stack -p "$svc" -X stuff "$(printf '\\003')" || { echo "no screen window $svc in session stack" >&2; exit 1; }`,
  'if [ -z "$old" ]; then sleep 1; else',
  '  i=0; while kill -0 "$old" 2>/dev/null && [ $i -lt 150 ]; do sleep 0.2; i=$((i + 1)); done',
  '  if kill -0 "$old" 2>/dev/null; then echo "$svc (pid $old) did not stop within 30 s of Ctrl-C" >&2; exit 1; fi',
  'fi',
  `screen -S stack -p "$svc" -X stuff "$(printf '\\033[A\\r')"`,
  '[ -n "$old" ] || exit 0',
  'i=0; while [ $i -lt 100 ]; do',
  '  new=$(cat "$pidfile" 2>/dev/null || true)',
  '  if [ -n "$new" ] && [ "$new" != "$old" ] && kill -0 "$new" 2>/dev/null; then exit 0; fi',
  '  sleep 0.2; i=$((i + 1))',
  'done',
  'echo "$svc did not start again within 20 s (see its screen window)" >&2; exit 1',
].join('\n');

export interface RestartCommand {
  readonly argv: readonly string[];
  readonly asRoot: boolean;
}

/** The command line that restarts `service`; `pidFile` is the screen era's (screenPidFile). */
export function restartCommand(manager: ServiceManager, service: string, pidFile: string): RestartCommand {
  if (!SERVICE_NAME.test(service)) throw new Error(`"${service.slice(0, 40)}" is not a devstack service name`);
  if (manager === 'systemd') return { argv: ['systemctl', 'restart', '--', `devstack@${service}.service`], asRoot: true };
  return { argv: ['sh', '-c', SCREEN_RESTART, 'restart', service, pidFile], asRoot: false };
}
