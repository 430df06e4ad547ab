// The names the live-load-scheduler step writes and restarts, which its undo checks against: apart from
// the step so that commands.ts (undo) and the step share them without a cycle.
import { SERVICE_NAME } from '../devstack/serviceRestart';
import { isCleanAbsolute } from './cleanPath';

/** the monitor's entry point name and module (nova/compute/monitors/cpu/<this>.py) */
export const LIVE_LOAD_MONITOR = 'devstack_contrail_live_load';
/** the folder in nova's site-packages that registers the entry point */
export const DIST_INFO = `${LIVE_LOAD_MONITOR}-1.0.dist-info`;
/** the Nova services the settings take effect in, when they run on the host */
export const NOVA_SERVICES = ['n-cpu', 'n-sch'] as const;

/** Why undo would refuse to restart this (a manifest this tool did not write), or undefined. */
export function restartUndoProblem(service: string, manager: string, pidFile: string, emptyDir?: string): string | undefined {
  if (!SERVICE_NAME.test(service) || !(NOVA_SERVICES as readonly string[]).includes(service)) return 'only a Nova service';
  if (manager !== 'screen' && manager !== 'systemd') return 'an unknown service manager';
  if (!isCleanAbsolute(pidFile) || !pidFile.endsWith(`/status/stack/${service}.pid`)) return 'not a devstack PID file of that service';
  if (emptyDir !== undefined && (!isCleanAbsolute(emptyDir) || !emptyDir.endsWith(`/${DIST_INFO}`)))
    return "not this step's entry point folder";
  return undefined;
}
