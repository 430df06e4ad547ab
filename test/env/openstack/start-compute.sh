#!/usr/bin/env bash
# Starts Nova on a compute host the way 2014's stack.sh did (screen_it): screen session "stack", a
# window per service whose shell was typed the command, its PID written to
# /opt/stack/status/stack/<service>.pid, its output logged to /opt/stack/logs/screen-<service>.log.
# devstack's restart (Ctrl-C, then Up and Enter in the window) works on them. Run on the host as the
# stack user, from stdin: bash -s -- MARK SERVICE…   (SERVICE: n-cpu, n-sch). Idempotent.
set -eu
export SCREENDIR=/opt/stack/.screen
export "$1"; shift                        # the mark openstack/down.sh finds these processes by
export PYTHONDONTWRITEBYTECODE=1 DEVSTACK_CONTRAIL_TEST_DRIVER_DIR=/opt/stack/data/test-nova
VENV=/opt/stack/data/venv STATUS=/opt/stack/status/stack
mkdir -p "$SCREENDIR" /opt/stack/logs "$STATUS"; chmod 700 "$SCREENDIR"
running() { [ -s "$STATUS/$1.pid" ] && kill -0 "$(cat "$STATUS/$1.pid")" 2>/dev/null; }
live() { screen -ls stack 2>/dev/null | grep -Eq '[0-9]+\.stack[[:space:]].*\((Detached|Attached)\)'; }
if ! live; then
  rm -f "$SCREENDIR"/*.stack   # a dead session's socket (see start-screen-services.sh)
  screen -dmS stack -t shell bash
fi
for svc in "$@"; do
  running "$svc" && continue
  case $svc in
    n-cpu) cmd="$VENV/bin/nova-compute --config-file /etc/nova/nova.conf" ;;
    n-sch) cmd="$VENV/bin/nova-scheduler --config-file /etc/nova/nova.conf" ;;
    *) echo "start-compute: unknown service $svc" >&2; exit 2 ;;
  esac
  rm -f "$STATUS/$svc.pid" "$STATUS/$svc.failure"
  screen -S stack -p "$svc" -X kill 2>/dev/null || true
  screen -S stack -X screen -t "$svc" bash
  screen -S stack -p "$svc" -X logfile "/opt/stack/logs/screen-$svc.log"
  screen -S stack -p "$svc" -X log on
  sleep 0.3   # the window's shell reads what is typed once it is up
  screen -S stack -p "$svc" -X stuff "$cmd & echo \$! >$STATUS/$svc.pid; fg || echo \"$svc failed to start\" | tee \"$STATUS/$svc.failure\""$'\r'
done
for svc in "$@"; do
  for _ in $(seq 1 50); do running "$svc" && break; sleep 0.1; done
  running "$svc" || { echo "start-compute: $svc did not start on $(hostname) (see /opt/stack/logs/screen-$svc.log)" >&2; exit 1; }
done
