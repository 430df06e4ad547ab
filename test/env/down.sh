#!/usr/bin/env bash
# Stops what up.sh started, by PID, and removes the iptables rule. Keeps keys and images for the next up.sh.
set -uo pipefail
STATE=${DEVSTACK_CONTRAIL_TEST_STATE:-/var/tmp/devstack-contrail-test}
SSH_PORT=${DEVSTACK_CONTRAIL_TEST_SSH_PORT:-2222}
bash "$(dirname "$0")/openstack/down.sh"   # first: its Nova's containers live on the dockerd stopped below
stop_pid() {  # $1 pid file
  [ -f "$1" ] || return 0
  local pid; pid=$(cat "$1")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}
if id stack >/dev/null 2>&1; then
  for h in host1 host2 host3; do
    # screen sessions belong to the host's user; end them before the host goes away
    pkill -u stack -f "SCREEN -dmS stack" 2>/dev/null || true
    stop_pid "$STATE/hosts/$h/sshd.pid"
  done
  STACK_UID=$(id -u stack)
  while iptables -D OUTPUT -o lo -d 127.0.0.4 -p tcp --dport "$SSH_PORT" -m owner ! --uid-owner "$STACK_UID" -j REJECT -m comment --comment devstack-contrail-test 2>/dev/null; do :; done
fi
stop_pid "$STATE/docker/dockerd.pid"
umount "$STATE/docker/exec/netns/default" 2>/dev/null || true
echo "test/env/down.sh: stopped"
