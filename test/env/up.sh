#!/usr/bin/env bash
# Starts the real services the e2e tier talks to (idempotent; root on Debian/Ubuntu):
#   - a Docker Engine on its own socket with a locally imported busybox image;
#   - three OpenSSH servers on loopback addresses, each with its own host key and its own
#     filesystem view (a mount namespace binding a per-host /opt/stack and /etc/{nova,neutron,glance}):
#       host1 127.0.0.2  2014-era devstack (localrc, hypervisor-docker, screen services); also a password user
#       host2 127.0.0.3  later devstack (local.conf, no hypervisor-docker); the jump host for host3
#       host3 127.0.0.4  later devstack, reachable only through host2 (an iptables owner rule)
# Writes $STATE/env.json, which the e2e tests read. Stop everything with down.sh. DEVSTACK_CONTRAIL_FRESH=1
# lays the hosts' trees anew (npm test starts so: the demo of npm start shares these hosts).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
STATE=${DEVSTACK_CONTRAIL_TEST_STATE:-/var/tmp/devstack-contrail-test}
SSH_PORT=${DEVSTACK_CONTRAIL_TEST_SSH_PORT:-2222}
STACK_USER=stack
PASSWORD_USER=ops

die() { echo "test/env/up.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (it starts sshd and dockerd, adds users and an iptables rule); try: sudo $0"
command -v apt-get >/dev/null || die "needs Debian/Ubuntu (apt-get) to install openssh-server docker.io busybox-static screen git iptables"

need=()
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh-keygen >/dev/null || need+=(openssh-client)
command -v dockerd >/dev/null || need+=(docker.io)
[ -x /bin/busybox ] || need+=(busybox-static)
command -v screen >/dev/null || need+=(screen)
command -v git >/dev/null || need+=(git)
command -v iptables >/dev/null || need+=(iptables)
command -v unshare >/dev/null || need+=(util-linux)
command -v sudo >/dev/null || need+=(sudo)
if [ ${#need[@]} -gt 0 ]; then
  echo "test/env/up.sh: apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

mkdir -p "$STATE" /run/sshd
chmod 755 "$STATE"
# shellcheck source=lib.sh
. "$HERE/lib.sh"

# ---- users ---------------------------------------------------------------------------------
getent group docker >/dev/null || groupadd -r docker
if ! id "$STACK_USER" >/dev/null 2>&1; then
  useradd -d /opt/stack -M -s /bin/bash "$STACK_USER"
  usermod -p '*' "$STACK_USER"      # no password, yet not "locked" (sshd with UsePAM no refuses locked accounts)
fi
usermod -aG docker "$STACK_USER"
id "$PASSWORD_USER" >/dev/null 2>&1 || useradd -m -s /bin/bash "$PASSWORD_USER"
[ -f "$STATE/ops.password" ] || { head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$STATE/ops.password"; }
chmod 600 "$STATE/ops.password"
echo "$PASSWORD_USER:$(cat "$STATE/ops.password")" | chpasswd
mkdir -p /opt/stack /etc/nova /etc/neutron /etc/glance   # mount points for each host's own view
# as devstack sets it up: the stack user may sudo without a password; the password user needs one
# (and the password user's sudo timestamp is global, as some sites set it: sudo then asks once per
# machine, not per session, which a tool that feeds the password on stdin must not be caught out by)
printf '%s ALL=(root) NOPASSWD: ALL\n%s ALL=(root) ALL\nDefaults:%s timestamp_type=global\n' "$STACK_USER" "$PASSWORD_USER" "$PASSWORD_USER" > /etc/sudoers.d/devstack-contrail-test
visudo -cqf /etc/sudoers.d/devstack-contrail-test || die "the test sudoers file does not parse: $(visudo -cf /etc/sudoers.d/devstack-contrail-test 2>&1)"
chmod 440 /etc/sudoers.d/devstack-contrail-test

# ---- docker ----------------------------------------------------------------------------------
DKR=$STATE/docker
mkdir -p "$DKR"
export DOCKER_HOST=unix://$DKR/docker.sock
if ! alive "$DKR/dockerd.pid" "$DKR/" || ! docker info >/dev/null 2>&1; then
  stop_pid "$DKR/dockerd.pid" "$DKR/" 20   # (one that does not answer)
  stop_docker_leftovers "$DKR/exec"
  rm -f "$DKR/docker.sock"
  dockerd --data-root "$DKR/data" --exec-root "$DKR/exec" --pidfile "$DKR/dockerd.pid" \
    -H "$DOCKER_HOST" --group docker --storage-driver=overlay2 >"$DKR/dockerd.log" 2>&1 &
  for _ in $(seq 1 300); do docker info >/dev/null 2>&1 && break; sleep 0.1; done
  docker info >/dev/null 2>&1 || { tail -30 "$DKR/dockerd.log"; die "dockerd did not start"; }
fi
chmod 711 "$DKR"
bash "$HERE/load-images.sh"
# one long-running container that the tests can list, named the way nova-docker named instances
NOVA_CONTAINER=nova-e2e00000-0000-4000-8000-000000000001
# (made again when load-images.sh has built local/busybox:test anew: the tests expect it by that name)
if docker inspect "$NOVA_CONTAINER" >/dev/null 2>&1 &&
   [ "$(docker inspect -f '{{.Image}}' "$NOVA_CONTAINER")" != "$(docker image inspect -f '{{.Id}}' local/busybox:test)" ]; then
  docker rm -f "$NOVA_CONTAINER" >/dev/null
fi
if ! docker inspect "$NOVA_CONTAINER" >/dev/null 2>&1; then
  docker run -d --name "$NOVA_CONTAINER" --network none local/busybox:test >/dev/null
elif [ "$(docker inspect -f '{{.State.Running}}' "$NOVA_CONTAINER")" != true ]; then
  docker start "$NOVA_CONTAINER" >/dev/null   # dockerd was restarted since the last up.sh
fi

# ---- ssh hosts -------------------------------------------------------------------------------
# a tree laid anew loses host1's screen sockets: end that session too, start-screen-services starts it again
# (not the compute hosts' sessions, which run Nova: openstack/up.sh owns those, marked in their environment)
if [ "${DEVSTACK_CONTRAIL_FRESH:-0}" = 1 ]; then
  for pid in $(pgrep -u "$STACK_USER" -f "SCREEN -dmS stack" || true); do
    tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -q '^DEVSTACK_CONTRAIL_OPENSTACK=' || kill "$pid" 2>/dev/null || true
  done
fi
CLIENT_KEY=$STATE/client/id_ed25519
mkdir -p "$STATE/client"
[ -f "$CLIENT_KEY" ] || ssh-keygen -q -t ed25519 -N '' -C devstack-contrail-e2e -f "$CLIENT_KEY"
: > "$STATE/client/known_hosts.tmp"

make_tree() {  # $1 host dir, $2 era (2014|later); with DEVSTACK_CONTRAIL_FRESH=1 laid anew (npm test does)
  local root=$1/root era=$2 d
  [ -f "$root/.ready" ] && { [ "${DEVSTACK_CONTRAIL_FRESH:-0}" != 1 ] || [ -n "${3:-}" ]; } && return 0
  rm -f "$root/.ready"
  # emptied in place: a running sshd's mount namespace holds these folders (bind mounts), not their names
  for d in opt-stack etc-nova etc-neutron etc-glance; do mkdir -p "$root/$d"; find "$root/$d" -mindepth 1 -delete; done
  mkdir -p "$root/etc-nova/rootwrap.d"
  bash "$HERE/make-devstack-tree.sh" "$HERE/fixtures" "$era" "$root"
  chown -R "$STACK_USER:$STACK_USER" "$root/opt-stack"
  touch "$root/.ready"
}

# the nova package's CPU monitors, which a compute host gets a copy of (its own nova, as each machine has)
NOVA_MONITORS=/usr/lib/python3/dist-packages/nova/compute/monitors/cpu
start_sshd() {  # $1 name, $2 address, $3 era, $4 extra sshd_config lines, $5 compute: its own Docker, cgroup, nova
  local name=$1 addr=$2 era=$3 extra=$4 compute=${5:-} D=$STATE/hosts/$1 docker_host=$DOCKER_HOST enter= binds=
  if [ -n "$compute" ]; then
    docker_host=unix://$D/docker/docker.sock
    enter=$(host_cgroup_enter "$name")
    mkdir -p "$D/root/nova-monitors-cpu"
    [ -f "$D/root/nova-monitors-cpu/__init__.py" ] || cp -a "$NOVA_MONITORS/." "$D/root/nova-monitors-cpu/"
    binds="mount --bind '$D/root/nova-monitors-cpu' '$NOVA_MONITORS' && $(cgroup_remounts)"
  fi
  mkdir -p "$D/keys" "$D/auth"; chmod 755 "$D" "$D/auth"
  [ -f "$D/keys/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C "$name" -f "$D/keys/host_ed25519"
  cp "$CLIENT_KEY.pub" "$D/auth/$STACK_USER"; chmod 644 "$D/auth/$STACK_USER"
  make_tree "$D" "$era" "$compute"   # (a compute host's tree is Nova's: openstack/up.sh resets it)
  # as devstack does (install -d -o $STACK_USER): the service config dirs belong to the stack user
  chown "$STACK_USER:$STACK_USER" "$D/root/etc-nova" "$D/root/etc-neutron" "$D/root/etc-glance"
  find "$D/root/etc-nova" "$D/root/etc-neutron" "$D/root/etc-glance" -maxdepth 1 -type f -exec chown "$STACK_USER:$STACK_USER" {} +
  cat > "$D/sshd_config.new" <<CFG
Port $SSH_PORT
ListenAddress $addr
HostKey $D/keys/host_ed25519
PidFile $D/sshd.pid
AuthorizedKeysFile $D/auth/%u
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
AllowTcpForwarding yes
Subsystem sftp internal-sftp
AllowUsers $STACK_USER $PASSWORD_USER
SetEnv DOCKER_HOST=$docker_host SCREENDIR=/opt/stack/.screen DEVSTACK_TEST_HOST=$name
$extra
CFG
  if ! cmp -s "$D/sshd_config.new" "$D/sshd_config"; then
    if alive "$D/sshd.pid" "$D/sshd_config"; then kill "$(cat "$D/sshd.pid")"; sleep 0.3; fi   # configuration changed: restart
    mv "$D/sshd_config.new" "$D/sshd_config"
  else
    rm -f "$D/sshd_config.new"
  fi
  if ! alive "$D/sshd.pid" "$D/sshd_config"; then
    local logged=0
    [ -f "$D/sshd.log" ] && logged=$(wc -l < "$D/sshd.log")
    # its own mount namespace: this host's /opt/stack and /etc/{nova,neutron,glance}; a compute host also
    # its own cgroup (entered first: the new cgroup namespace's root is the host's share) and nova monitors
    local ns=(--mount) ; [ -n "$compute" ] && ns+=(--cgroup)
    /bin/sh -c "$enter exec unshare ${ns[*]} --propagation private /bin/sh -c \"
      mount --bind '$D/root/opt-stack' /opt/stack &&
      mount --bind '$D/root/etc-nova' /etc/nova &&
      mount --bind '$D/root/etc-neutron' /etc/neutron &&
      mount --bind '$D/root/etc-glance' /etc/glance && $binds
      exec /usr/sbin/sshd -f '$D/sshd_config' -E '$D/sshd.log'\""
    # ready when it says so (a TCP probe would be refused for host3, which only the jump host may reach)
    for _ in $(seq 1 50); do tail -n +"$((logged + 1))" "$D/sshd.log" 2>/dev/null | grep -F "Server listening on $addr port $SSH_PORT" >/dev/null && break; sleep 0.1; done
    alive "$D/sshd.pid" "$D/sshd_config" || { cat "$D/sshd.log"; die "sshd $name did not start on $addr:$SSH_PORT (log above: $D/sshd.log)"; }
  fi
  echo "$addr" > "$D/address"
  local pub; pub=$(cut -d' ' -f1,2 "$D/keys/host_ed25519.pub")
  echo "[$addr]:$SSH_PORT $pub" >> "$STATE/client/known_hosts.tmp"
}

PASSWORD_MATCH=$(printf 'Match User %s\n  PasswordAuthentication yes\n  KbdInteractiveAuthentication yes' "$PASSWORD_USER")
start_sshd host1 127.0.0.2 2014 "$PASSWORD_MATCH"
start_sshd host2 127.0.0.3 later ""
start_sshd host3 127.0.0.4 later ""
# more 2014-era hosts on 127.0.0.10.. for the refresh benchmark (BENCH_HOSTS=7 makes ten in all)
for i in $(seq 1 "${BENCH_HOSTS:-0}"); do start_sshd "bench$i" "127.0.0.$((9 + i))" 2014 ""; done

# the reference linter (oslo-config-validator + nova's Zed option data) for the agreement test; it
# installs python3-nova, whose CPU monitors each compute host gets a copy of
bash "$HERE/oslo-reference.sh"

# ---- compute hosts: 2014-era devstack machines whose load can differ --------------------------------
# compute1..3 on 127.0.0.5-7, each with its own Docker Engine and its own cgroup: half a core (a CFS
# quota) and 8 GB, which its sshd (with a cgroup namespace: the host's CPU as a machine of its own would
# see it), its Docker Engine and every container there share. openstack/up.sh runs Nova on them.
COMPUTE_HOSTS=(compute1 compute2 compute3)
COMPUTE_QUOTA_US=${DEVSTACK_CONTRAIL_TEST_COMPUTE_QUOTA_US:-50000}
COMPUTE_MEMORY_MB=8192
compute_docker() {  # $1 name, $2 its bridge's subnet: its dockerd in its cgroup, containers below it (cgroup parent "docker", relative)
  local name=$1 DK=$STATE/hosts/$1/docker br=dc-$1
  mkdir -p "$DK"
  # its own default bridge (Nova's containers run with --network none; tests' plain ones use it): a
  # dockerd with --bridge=none would delete docker0, the shared engine's
  if ! ip link show "$br" >/dev/null 2>&1; then
    ip link add name "$br" type bridge && ip addr add "$2" dev "$br" && ip link set "$br" up || die "cannot make bridge $br for $name"
  fi
  if alive "$DK/dockerd.pid" "$DK/" && DOCKER_HOST=unix://$DK/docker.sock docker info >/dev/null 2>&1; then return 0; fi
  stop_pid "$DK/dockerd.pid" "$DK/" 20
  stop_docker_leftovers "$DK/exec"
  rm -f "$DK/docker.sock"
  setsid /bin/sh -c "$(host_cgroup_enter "$name") exec dockerd --data-root '$DK/data' --exec-root '$DK/exec' \
    --pidfile '$DK/dockerd.pid' -H 'unix://$DK/docker.sock' --group docker --storage-driver=overlay2 \
    --bridge='$br' --iptables=false --ip6tables=false --ip-masq=false --cgroup-parent=docker" \
    </dev/null >"$DK/dockerd.log" 2>&1 &
  for _ in $(seq 1 300); do DOCKER_HOST=unix://$DK/docker.sock docker info >/dev/null 2>&1 && break; sleep 0.1; done
  DOCKER_HOST=unix://$DK/docker.sock docker info >/dev/null 2>&1 || { tail -30 "$DK/dockerd.log"; die "dockerd of $name did not start"; }
}
for i in "${!COMPUTE_HOSTS[@]}"; do
  c=${COMPUTE_HOSTS[$i]}
  why=$(host_cgroup_make "$c" "$COMPUTE_QUOTA_US" "$COMPUTE_MEMORY_MB") || die "$why"
  compute_docker "$c" "172.31.$((10 + i)).1/24"
  DOCKER_HOST=unix://$STATE/hosts/$c/docker/docker.sock bash "$HERE/load-images.sh"
  start_sshd "$c" "127.0.0.$((5 + i))" 2014 "" compute
done
mv "$STATE/client/known_hosts.tmp" "$STATE/client/known_hosts"

# host3 sits behind host2: only processes of the stack user (the jump host's forwarding sshd) may connect
STACK_UID=$(id -u "$STACK_USER")
RULE=(OUTPUT -o lo -d 127.0.0.4 -p tcp --dport "$SSH_PORT" -m owner ! --uid-owner "$STACK_UID" -j REJECT -m comment --comment devstack-contrail-test)
drop_test_rules
iptables -I "${RULE[@]}"

# 2014-era services: screen session "stack" with one window per service, as stack.sh made them
ssh_stack() { ssh -q -i "$CLIENT_KEY" -o UserKnownHostsFile="$STATE/client/known_hosts" -o StrictHostKeyChecking=yes \
  -o BatchMode=yes -p "$SSH_PORT" "$STACK_USER@$1" "$2"; }
# (from stdin, so that a host tree made by an older up.sh runs this checkout's script)
ssh_stack 127.0.0.2 'bash -s' < "$HERE/fixtures/start-screen-services.sh" || die "host1: screen services did not start"

# a real OpenStack (Debian's Zed) whose Nova runs Docker containers; a quick no-op when it is up
bash "$HERE/openstack/up.sh" || die "OpenStack did not come up (see above; logs in $STATE/openstack/log)"

cat > "$STATE/env.json" <<JSON
{
  "stateDir": "$STATE",
  "dockerHost": "$DOCKER_HOST",
  "image": "local/busybox:test",
  "knownHosts": "$STATE/client/known_hosts",
  "clientKey": "$CLIENT_KEY",
  "user": "$STACK_USER",
  "passwordUser": "$PASSWORD_USER",
  "passwordFile": "$STATE/ops.password",
  "port": $SSH_PORT,
  "hosts": {
    "host1": { "address": "127.0.0.2", "era": "2014", "hostKey": "$STATE/hosts/host1/keys/host_ed25519.pub" },
    "host2": { "address": "127.0.0.3", "era": "later", "hostKey": "$STATE/hosts/host2/keys/host_ed25519.pub" },
    "host3": { "address": "127.0.0.4", "era": "later", "hostKey": "$STATE/hosts/host3/keys/host_ed25519.pub", "proxyJump": "host2" },
$(for i in "${!COMPUTE_HOSTS[@]}"; do c=${COMPUTE_HOSTS[$i]}
    printf '    "%s": { "address": "127.0.0.%d", "era": "2014", "hostKey": "%s", "dockerHost": "%s", "cpuQuota": %s }%s\n' \
      "$c" $((5 + i)) "$STATE/hosts/$c/keys/host_ed25519.pub" "unix://$STATE/hosts/$c/docker/docker.sock" \
      "$(awk -v q="$COMPUTE_QUOTA_US" 'BEGIN { print q / 100000 }')" "$([ $((i + 1)) = ${#COMPUTE_HOSTS[@]} ] || echo ,)"
  done)
  },
  "computeHosts": [$(printf '"%s",' "${COMPUTE_HOSTS[@]}" | sed 's/,$//')]
}
JSON
echo "test/env/up.sh: ready ($STATE/env.json)"
