#!/usr/bin/env bash
# Stops what up.sh started (the OpenStack, every sshd host under $STATE/hosts — the bench's too — and the
# Docker Engine), by PID, and removes the iptables rule. Keeps keys and images for the next up.sh.
set -uo pipefail
STATE=${DEVSTACK_CONTRAIL_TEST_STATE:-/var/tmp/devstack-contrail-test}
SSH_PORT=${DEVSTACK_CONTRAIL_TEST_SSH_PORT:-2222}
bash "$(dirname "$0")/openstack/down.sh"   # first: its Nova's containers live on the dockerd stopped below
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# screen sessions belong to the hosts' user; end them before the hosts go away
if id stack >/dev/null 2>&1; then pkill -u stack -f "SCREEN -dmS stack" 2>/dev/null || true; fi
for pidfile in "$STATE"/hosts/*/sshd.pid; do
  [ -e "$pidfile" ] && stop_pid "$pidfile" "$(dirname "$pidfile")/sshd_config"
done
drop_test_rules
# the containers first: dockerd stops each for up to 10 s on TERM, and one killed meanwhile leaves shims
if alive "$STATE/docker/dockerd.pid" "$STATE/docker/"; then
  ids=$(DOCKER_HOST=unix://$STATE/docker/docker.sock docker ps -q 2>/dev/null || true)
  [ -z "$ids" ] || DOCKER_HOST=unix://$STATE/docker/docker.sock docker kill $ids >/dev/null 2>&1 || true
fi
# the compute hosts' Docker Engines (each its own), then their cgroups
for DK in "$STATE"/hosts/*/docker; do
  [ -e "$DK/dockerd.pid" ] || continue
  if alive "$DK/dockerd.pid" "$DK/"; then
    ids=$(DOCKER_HOST=unix://$DK/docker.sock docker ps -q 2>/dev/null || true)
    [ -z "$ids" ] || DOCKER_HOST=unix://$DK/docker.sock docker kill $ids >/dev/null 2>&1 || true
  fi
  stop_pid "$DK/dockerd.pid" "$DK/" 20
  stop_docker_leftovers "$DK/exec"
  umount "$DK/exec/netns/default" 2>/dev/null || true
  host=$(basename "$(dirname "$DK")")
  for d in $(host_cgroup_dirs "$host"); do [ -d "$d" ] && rmdir "$d" 2>/dev/null; done
  ip link del "dc-$host" 2>/dev/null
done
stop_pid "$STATE/docker/dockerd.pid" "$STATE/docker/" 20
stop_docker_leftovers "$STATE/docker/exec"
umount "$STATE/docker/exec/netns/default" 2>/dev/null || true
# what is still listening on the test env's addresses is a leak: say so (the next up.sh would fail on it)
left=$(ss -ltnpH 2>/dev/null | grep -E "127\.0\.0\.([2-9]|1[0-9]):$SSH_PORT\b" || true)
if [ -n "$left" ]; then echo "test/env/down.sh: still listening after stop: $left" >&2; exit 1; fi
echo "test/env/down.sh: stopped"
