#!/usr/bin/env bash
# Stops what up.sh started (the OpenStack, every sshd host under $STATE/hosts — the bench's too — and the
# Docker Engine), by PID, and removes the iptables rule. Keeps keys and images for the next up.sh.
set -uo pipefail
STATE=${DEVSTACK_CONTRAIL_TEST_STATE:-/var/tmp/devstack-contrail-test}
SSH_PORT=${DEVSTACK_CONTRAIL_TEST_SSH_PORT:-2222}
bash "$(dirname "$0")/openstack/down.sh"   # first: its Nova's containers live on the dockerd stopped below
stop_pid() {  # $1 pid file, $2 what the process's command line holds (a recycled PID is left alone)
  [ -s "$1" ] || { rm -f "$1"; return 0; }
  local pid; pid=$(cat "$1")
  if { tr '\0' ' ' < "/proc/$pid/cmdline" | grep -F -- "$2" >/dev/null; } 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}
# screen sessions belong to the hosts' user; end them before the hosts go away
if id stack >/dev/null 2>&1; then pkill -u stack -f "SCREEN -dmS stack" 2>/dev/null || true; fi
for pidfile in "$STATE"/hosts/*/sshd.pid; do
  [ -e "$pidfile" ] && stop_pid "$pidfile" "$(dirname "$pidfile")/sshd_config"
done
if id stack >/dev/null 2>&1; then
  STACK_UID=$(id -u stack)
  while iptables -D OUTPUT -o lo -d 127.0.0.4 -p tcp --dport "$SSH_PORT" -m owner ! --uid-owner "$STACK_UID" -j REJECT -m comment --comment devstack-contrail-test 2>/dev/null; do :; done
fi
stop_pid "$STATE/docker/dockerd.pid" "$STATE/docker/"
umount "$STATE/docker/exec/netns/default" 2>/dev/null || true
# what is still listening on the test env's addresses is a leak: say so (the next up.sh would fail on it)
left=$(ss -ltnpH 2>/dev/null | grep -E "127\.0\.0\.([2-9]|1[0-9]):$SSH_PORT\b" || true)
if [ -n "$left" ]; then echo "test/env/down.sh: still listening after stop: $left" >&2; exit 1; fi
echo "test/env/down.sh: stopped"
