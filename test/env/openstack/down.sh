#!/usr/bin/env bash
# Stops what openstack/up.sh started, by recorded PID (each service's process group, as up.sh started each
# in its own session), and removes the test driver's leftover containers (label devstack-contrail-test=nova).
# Keeps the state directory (logs) until the next up.sh starts clean.
set -uo pipefail
STATE=${DEVSTACK_CONTRAIL_TEST_STATE:-/var/tmp/devstack-contrail-test}
BASE=$STATE/openstack
P=$BASE/pids
MARK=DEVSTACK_CONTRAIL_OPENSTACK=$BASE
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_MNESIA_BASE=$BASE/rabbitmq/mnesia RABBITMQ_LOG_BASE=$BASE/rabbitmq/log

rm -f "$STATE/openstack.json"   # it says "OpenStack is up"

# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
ours() { pid_marked "$1" "$MARK" "$BASE/"; }  # $1 pid: started by up.sh for this $BASE (a recycled PID is left alone)
signal() {  # $1 signal, $2 pid: its process group when it leads one, else the process
  if [ "$(ps -o pgid= -p "$2" 2>/dev/null | tr -d ' ')" = "$2" ]; then kill "-$1" -- "-$2" 2>/dev/null; else kill "-$1" "$2" 2>/dev/null; fi
}
pids=()
stop() {  # pid file names, in order
  local n pid
  for n in "$@"; do
    [ -s "$P/$n.pid" ] || continue
    pid=$(cat "$P/$n.pid")
    if ours "$pid"; then signal TERM "$pid"; pids+=("$pid"); fi
  done
}

if [ -d "$P" ]; then
  stop heat-api heat-engine fake-ovs-agent nova-compute nova-api nova-scheduler nova-conductor neutron-server glance-api placement keystone
  if [ -s "$P/beam.pid" ] && ours "$(cat "$P/beam.pid")"; then
    timeout 30 rabbitmqctl -q stop >/dev/null 2>&1 || true
  fi
  stop rabbitmq beam mariadbd epmd
  for _ in $(seq 1 80); do   # 8 s: nova-compute may take its graceful time; nothing here needs it
    left=0
    for pid in "${pids[@]}"; do ours "$pid" && left=1; done
    [ $left = 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do
    if ours "$pid"; then echo "test/env/openstack/down.sh: killing $pid ($( { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | cut -c1-80))"; signal KILL "$pid"; fi
  done
  # workers whose leader is gone (a group kill reaches them; this is for anything that left the group)
  for e in /proc/[0-9]*/environ; do
    pid=${e#/proc/}; pid=${pid%/environ}
    [ "$pid" = $$ ] && continue
    ours "$pid" && kill -KILL "$pid" 2>/dev/null
  done
  rm -f "$P"/*.pid
fi

for sock in "$STATE/docker/docker.sock" "$STATE"/hosts/*/docker/docker.sock; do   # the compute hosts' own too
  [ -S "$sock" ] || continue
  export DOCKER_HOST=unix://$sock
  if docker info >/dev/null 2>&1; then
    ids=$(docker ps -aq --filter label=devstack-contrail-test=nova)
    [ -n "$ids" ] && docker rm -f $ids >/dev/null 2>&1
  fi
done
echo "test/env/openstack/down.sh: stopped"
