#!/usr/bin/env bash
# A real OpenStack for the e2e tier, from Debian bookworm's packages (Zed), on 127.0.0.1, without systemd:
# MariaDB, RabbitMQ, Keystone (uwsgi, :5000), Placement (uwsgi, :8778), Glance (file store, :9292),
# Neutron (ML2 + a fake Open vSwitch agent heartbeat so ports bind, :9696), Heat (heat-api :8004,
# heat-engine; its stack domain "heat", trusts to the heat user) and Nova (api :8774, conductor;
# and on the compute hosts compute1..3 of test/env/up.sh, each over SSH in its own screen session as
# 2014's stack.sh ran them: nova-compute, whose driver, docker_fake_driver.py, runs each server as a Docker
# container nova-<uuid> on that host's own Docker Engine with a tap interface per port; and on compute1,
# the controller, nova-scheduler, reading that host's /etc/nova/nova.conf).
# Seeds images busybox (docker) and cirros-bare, network private (10.0.0.0/24), flavors m1.tiny,
# m1.small and m1.nano (64 MB: a 100-server Heat stack fits), project/user demo (quotas of demo and
# admin room for such a stack); writes clouds.yaml, host2's /opt/stack/devstack/openrc and, last,
# $STATE/openstack.json. Idempotent: when everything is up it only rewrites openrc (about a second);
# when something is down it stops the rest and starts clean (a few minutes). Root; stop with down.sh.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$HERE/../lib.sh"
STATE=${DEVSTACK_CONTRAIL_TEST_STATE:-/var/tmp/devstack-contrail-test}
BASE=$STATE/openstack
P=$BASE/pids L=$BASE/log
OUT=$STATE/openstack.json
PW=secretpass
PY=/usr/bin/python3          # not the PATH's python3 (maybe a pyenv build that cannot see Debian's modules)
export PATH=/usr/sbin:/usr/bin:/sbin:/bin PYTHONDONTWRITEBYTECODE=1   # no __pycache__ in the checkout
export DOCKER_HOST=unix://$STATE/docker/docker.sock
export RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_MNESIA_BASE=$BASE/rabbitmq/mnesia RABBITMQ_LOG_BASE=$BASE/rabbitmq/log RABBITMQ_PID_FILE=$BASE/rabbitmq/beam.pid
# every service started here carries this in its environment (not this shell: down.sh must not match
# it): down.sh and the liveness check kill or trust a recorded PID only when it is still one of ours
MARK=DEVSTACK_CONTRAIL_OPENSTACK=$BASE
SERVICES=(mariadbd rabbitmq beam keystone placement glance-api neutron-server fake-ovs-agent
          nova-conductor nova-api heat-api heat-engine)
# the compute hosts (test/env/up.sh starts their sshd, Docker Engine and cgroup) and what Nova runs there
COMPUTE_HOSTS=(compute1 compute2 compute3)
declare -A COMPUTE_SERVICES=([compute1]="n-cpu n-sch" [compute2]=n-cpu [compute3]=n-cpu)
VENV_DIR=data/venv   # in each host's /opt/stack, as devstack's global venv (nova's python, this test's entry points)
PORTS=(3306 5672 5000 8778 9292 9696 8774 8004)

START=${EPOCHREALTIME/./}
t() { local now=${EPOCHREALTIME/./}; printf 'test/env/openstack/up.sh: [%5.1fs] %s\n' "$(( (now - START) / 1000 ))e-3" "$*"; }
die() { echo "test/env/openstack/up.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (installs packages, starts MariaDB, RabbitMQ and OpenStack services)"

ours() {  # $1 pid file: a live process started by this script for this $BASE
  [ -s "$1" ] && pid_marked "$(cat "$1")" "$MARK" "$BASE/"
}
http_code() { curl -s -o /dev/null --max-time "${2:-3}" -w '%{http_code}' "$1" 2>/dev/null || true; }

openrc() {  # host2's /opt/stack/devstack/openrc, as devstack's: source openrc [username] [projectname]
  local dev=$STATE/hosts/host2/root/opt-stack/devstack
  [ -d "$dev" ] || { echo "test/env/openstack/up.sh: no host2 devstack tree yet ($dev): openrc not written"; return 0; }
  cat > "$dev/openrc.tmp" <<'RC'
#!/usr/bin/env bash
# openrc for the test cloud (written by devstack-contrail's test/env/openstack/up.sh), as devstack's:
#   source openrc [username] [projectname]      (default demo demo; admin's password secretpass, demo's demopass)
if [[ -n "$1" ]]; then OS_USERNAME=$1; fi
if [[ -n "$2" ]]; then OS_PROJECT_NAME=$2; fi
export OS_USERNAME=${OS_USERNAME:-demo}
export OS_PROJECT_NAME=${OS_PROJECT_NAME:-demo}
case $OS_USERNAME in
  admin) export OS_PASSWORD=secretpass ;;
  demo) export OS_PASSWORD=demopass ;;
  *) export OS_PASSWORD=${OS_PASSWORD:-} ;;
esac
export OS_AUTH_URL=http://127.0.0.1:5000/v3
export OS_AUTH_TYPE=password
export OS_IDENTITY_API_VERSION=3
export OS_USER_DOMAIN_ID=default
export OS_USER_DOMAIN_NAME=Default
export OS_PROJECT_DOMAIN_ID=default
export OS_PROJECT_DOMAIN_NAME=Default
export OS_REGION_NAME=RegionOne
RC
  chmod 644 "$dev/openrc.tmp"
  id stack >/dev/null 2>&1 && chown stack:stack "$dev/openrc.tmp"
  mv "$dev/openrc.tmp" "$dev/openrc"
  # devstack tracks its openrc: keep the test tree's "git status" clean
  if [ -d "$dev/.git/info" ] && ! grep -qx '/openrc' "$dev/.git/info/exclude" 2>/dev/null; then
    echo '/openrc' >> "$dev/.git/info/exclude"
  fi
}

# ---- one at a time (up.sh may run from parallel test processes) ------------------------------
mkdir -p "$STATE"
exec 9>"$STATE/openstack.lock"
flock -w 900 9 || die "another openstack/up.sh holds $STATE/openstack.lock"

# ---- already up? -----------------------------------------------------------------------------
host_root() { echo "$STATE/hosts/$1/root"; }
compute_pid() { echo "$(host_root "$1")/opt-stack/status/stack/$2.pid"; }   # as start-compute.sh writes it
up=1
for s in "${SERVICES[@]}"; do ours "$P/$s.pid" || { up=0; break; }; done
for c in "${COMPUTE_HOSTS[@]}"; do for s in ${COMPUTE_SERVICES[$c]}; do ours "$(compute_pid "$c" "$s")" || up=0; done; done
if [ $up = 1 ] && [ -s "$OUT" ] && [ "$(http_code http://127.0.0.1:5000/v3)" = 200 ] &&
   [ "$(http_code http://127.0.0.1:8774/)" = 200 ]; then
  openrc
  t "already up ($OUT)"
  exit 0
fi

# ---- packages --------------------------------------------------------------------------------
PKGS=(keystone rabbitmq-server mariadb-server mariadb-client python3-pymysql placement-api glance-api nova-api
      nova-conductor nova-scheduler neutron-server python3-nova uwsgi-core uwsgi-plugin-python3 curl iproute2
      util-linux python3-keystoneauth1 heat-api heat-engine python3-heatclient python3-openstackclient)
# (dpkg-query -W exits 1 when one of them is not installed at all: that is an answer here, not an error)
installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${PKGS[@]}" 2>/dev/null || true)
installed=$(awk '$2 == "installed" { print $1 }' <<<"$installed")
need=()
for p in "${PKGS[@]}"; do grep -qx "$p" <<<"$installed" || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  t "apt-get install ${need[*]}"
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then   # package scripts must not start services (there is no systemd)
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; made_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  rc=0
  { apt-get -o DPkg::Lock::Timeout=600 update -qq &&
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}"; } > "$STATE/openstack-apt.log" 2>&1 || rc=$?
  [ $made_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
  [ $rc = 0 ] || { tail -30 "$STATE/openstack-apt.log"; die "apt-get install failed (log: $STATE/openstack-apt.log)"; }
  t "packages installed"
fi

docker info >/dev/null 2>&1 || die "the test Docker Engine ($DOCKER_HOST) does not answer: run test/env/up.sh"
docker image inspect local/busybox:test >/dev/null 2>&1 || die "local/busybox:test is missing on $DOCKER_HOST: run test/env/up.sh"

# ---- start clean -----------------------------------------------------------------------------
rm -f "$OUT"
if [ -d "$P" ]; then
  t "not (all) up: stopping what is left"
  bash "$HERE/down.sh" >/dev/null 2>&1 || true
fi
for port in "${PORTS[@]}"; do
  listener=$(ss -ltnpH "sport = :$port") || die "ss (iproute2) could not list listening sockets"
  [ -z "$listener" ] || die "port $port is taken by something that is not this script's: ${listener%%$'\n'*} (stop it, or run test/env/down.sh if it is an older test env)"
done
rm -rf "$BASE"
mkdir -p "$BASE"/{mysql,ks/fernet-keys,ks/credential-keys,placement,glance/images,glance/staging,glance/tasks,nova/state,nova/instances,neutron/state,heat,rabbitmq,lock} "$L" "$P"
chmod 755 "$STATE" "$BASE"
chown rabbitmq:rabbitmq "$BASE/rabbitmq"

svc() {  # $1 name, $2 log, rest: command. Its own session, detached from this shell; PID in $P/$1.pid
  local name=$1 log=$2; shift 2
  setsid env "$MARK" "$@" </dev/null >>"$log" 2>&1 9>&- &
  echo $! > "$P/$name.pid"
}
wait_http() {  # $1 url, $2 expected code, $3 seconds, $4 log to show on failure
  local end=$((SECONDS + $3))
  while [ $SECONDS -lt $end ]; do [ "$(http_code "$1" 2)" = "$2" ] && return 0; sleep 0.3; done
  tail -30 "$4" >&2 || true
  die "$1 did not answer $2 within $3 s (log: $4)"
}

DB="mysql+pymysql://os:$PW@127.0.0.1"
KSAUTH="auth_url = http://127.0.0.1:5000/v3
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
password = $PW"
MYSQL=(mariadb --no-defaults -uroot --socket="$BASE/mysql.sock")

# ---- RabbitMQ (runs as user rabbitmq) and MariaDB, side by side ---------------------------------
svc rabbitmq "$L/rabbitmq.out" /usr/sbin/rabbitmq-server
mariadb-install-db --no-defaults --user=root --datadir="$BASE/mysql" --auth-root-authentication-method=normal \
  --skip-test-db > "$L/mariadb-install.log" 2>&1 || { tail -20 "$L/mariadb-install.log"; die "mariadb-install-db failed"; }
svc mariadbd "$L/mariadb.out" mariadbd --no-defaults --user=root --datadir="$BASE/mysql" --socket="$BASE/mysql.sock" \
  --port=3306 --bind-address=127.0.0.1 --skip-name-resolve --log-error="$L/mariadb.err" --innodb-buffer-pool-size=128M \
  --max-connections=500 --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --skip-log-bin
for _ in $(seq 1 120); do "${MYSQL[@]}" -e 'select 1' >/dev/null 2>&1 && break; sleep 0.25; done
"${MYSQL[@]}" -e 'select 1' >/dev/null 2>&1 || { tail -20 "$L/mariadb.err"; die "MariaDB did not start"; }
"${MYSQL[@]}" -e "CREATE DATABASE keystone; CREATE DATABASE placement; CREATE DATABASE glance; CREATE DATABASE nova_api;
  CREATE DATABASE nova; CREATE DATABASE nova_cell0; CREATE DATABASE neutron; CREATE DATABASE heat;
  CREATE USER 'os'@'127.0.0.1' IDENTIFIED BY '$PW'; GRANT ALL PRIVILEGES ON *.* TO 'os'@'127.0.0.1';"
t "mariadb up"

# ---- configuration ---------------------------------------------------------------------------
cat > "$BASE/ks/keystone.conf" <<EOF
[DEFAULT]
log_dir = $L
log_file = keystone.log
[database]
connection = $DB/keystone
[fernet_tokens]
key_repository = $BASE/ks/fernet-keys
[fernet_receipts]
key_repository = $BASE/ks/fernet-keys
[credential]
key_repository = $BASE/ks/credential-keys
[identity]
# bcrypt's least: a token costs ~5 ms of hashing instead of ~250 ms (every service and test asks for tokens)
password_hash_rounds = 4
EOF
cat > "$BASE/placement/placement.conf" <<EOF
[DEFAULT]
log_dir = $L
log_file = placement.log
[placement_database]
connection = $DB/placement
[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:5000/v3
$KSAUTH
username = placement
EOF
cat > "$BASE/glance/glance-api.conf" <<EOF
[DEFAULT]
bind_host = 127.0.0.1
bind_port = 9292
workers = 1
log_dir = $L
log_file = glance-api.log
enabled_backends = fs:file
[database]
connection = $DB/glance
[glance_store]
default_backend = fs
[fs]
filesystem_store_datadir = $BASE/glance/images/
[os_glance_staging_store]
filesystem_store_datadir = $BASE/glance/staging/
[os_glance_tasks_store]
filesystem_store_datadir = $BASE/glance/tasks/
[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:5000/v3
$KSAUTH
username = glance
[paste_deploy]
flavor = keystone
config_file = /etc/glance/glance-api-paste.ini
[oslo_concurrency]
lock_path = $BASE/lock
EOF
cat > "$BASE/neutron/neutron.conf" <<EOF
[DEFAULT]
bind_host = 127.0.0.1
bind_port = 9696
core_plugin = ml2
service_plugins =
auth_strategy = keystone
transport_url = rabbit://guest:guest@127.0.0.1:5672/
api_workers = 1
rpc_workers = 1
rpc_state_report_workers = 1
state_path = $BASE/neutron/state
log_dir = $L
log_file = neutron-server.log
api_paste_config = /etc/neutron/api-paste.ini
# each client connection kept alive holds one of the API's green threads (default 100), and Heat keeps one
# per resource: a 100-server stack took them all and every later request hung. More, and idle ones closed
wsgi_default_pool_size = 1000
client_socket_timeout = 60
[database]
connection = $DB/neutron
[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:5000/v3
$KSAUTH
username = neutron
[nova]
region_name = RegionOne
$KSAUTH
username = nova
[oslo_concurrency]
lock_path = $BASE/lock
[AGENT]
report_interval = 10
EOF
cat > "$BASE/neutron/ml2_conf.ini" <<EOF
[ml2]
type_drivers = flat,vxlan
tenant_network_types = vxlan
mechanism_drivers = openvswitch
extension_drivers = port_security
[ml2_type_flat]
flat_networks = public
[ml2_type_vxlan]
vni_ranges = 1:1000
[securitygroup]
firewall_driver = noop
EOF
NOVA_COMMON="[DEFAULT]
transport_url = rabbit://guest:guest@127.0.0.1:5672/
compute_driver = docker_fake_driver.DockerFakeDriver
my_ip = 127.0.0.1
host = compute1
state_path = $BASE/nova/state
instances_path = $BASE/nova/instances
log_dir = $L
enabled_apis = osapi_compute
osapi_compute_listen = 127.0.0.1
osapi_compute_workers = 1
# periodic tasks (the scheduler's host discovery) start at once, not after up to a minute
periodic_fuzzy_delay = 0
[conductor]
workers = 1
[scheduler]
workers = 1
discover_hosts_in_cells_interval = 2
[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:5000/v3
$KSAUTH
username = nova
[placement]
region_name = RegionOne
$KSAUTH
username = placement
[glance]
region_name = RegionOne
[neutron]
region_name = RegionOne
$KSAUTH
username = neutron
[oslo_concurrency]
lock_path = $BASE/lock
[vnc]
enabled = false
[wsgi]
api_paste_config = /etc/nova/api-paste.ini
# (as neutron-server's: Heat keeps a connection per resource; the default pool is 100)
default_pool_size = 1000
client_socket_timeout = 60"
printf '%s\n[api_database]\nconnection = %s/nova_api\n[database]\nconnection = %s/nova\n' "$NOVA_COMMON" "$DB" "$DB" > "$BASE/nova/nova.conf"
NCONF=(--config-file "$BASE/neutron/neutron.conf" --config-file "$BASE/neutron/ml2_conf.ini")
# Heat as devstack's lib/heat set it up: trusts to the heat user (deferred_auth_method's default), stack
# users in the domain heat (seed.py makes it and heat_domain_admin); no heat-api-cfn: the metadata and wait
# condition URLs only go into servers' user data (the docker driver ignores it), not looked up in the catalog
cat > "$BASE/heat/heat.conf" <<EOF
[DEFAULT]
transport_url = rabbit://guest:guest@127.0.0.1:5672/
log_dir = $L
region_name_for_services = RegionOne
auth_encryption_key = 0123456789abcdef0123456789abcdef
stack_user_domain_name = heat
stack_domain_admin = heat_domain_admin
stack_domain_admin_password = $PW
heat_metadata_server_url = http://127.0.0.1:8000
heat_waitcondition_server_url = http://127.0.0.1:8000/v1/waitcondition
num_engine_workers = 2
# a 100-server ResourceGroup is a stack of 1 + a nested one of 100 resources (the defaults, said here)
max_resources_per_stack = 1000
max_stacks_per_tenant = 512
[database]
connection = $DB/heat
[heat_api]
bind_host = 127.0.0.1
bind_port = 8004
workers = 1
[paste_deploy]
api_paste_config = /etc/heat/api-paste.ini
[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:5000/v3
$KSAUTH
username = heat
[trustee]
auth_type = password
auth_url = http://127.0.0.1:5000/v3
username = heat
password = $PW
user_domain_name = Default
[clients_keystone]
auth_uri = http://127.0.0.1:5000
[clients]
endpoint_type = public
[oslo_policy]
policy_dirs = /etc/heat/policy.d
[oslo_concurrency]
lock_path = $BASE/lock
EOF

uwsgi_ini() {  # $1 name, $2 port, $3 wsgi file, $4 env, $5 processes
  cat > "$BASE/$1-uwsgi.ini" <<EOF
[uwsgi]
plugins = python3
http-socket = 127.0.0.1:$2
wsgi-file = $3
env = $4
master = true
processes = $5
threads = 1
lazy-apps = true
die-on-term = true
buffer-size = 65535
add-header = Connection: close
EOF
  svc "$1" "$L/$1-uwsgi.log" uwsgi --ini "$BASE/$1-uwsgi.ini"
}

# ---- schemas, in parallel; each service starts as soon as its schema is there (they need Keystone only
# to serve requests); Keystone registers the service users and the catalog ----
keystone_chain() {
  local KM=(keystone-manage --config-file "$BASE/ks/keystone.conf")
  "${KM[@]}" db_sync
  "${KM[@]}" fernet_setup --keystone-user root --keystone-group root
  "${KM[@]}" credential_setup --keystone-user root --keystone-group root
  "${KM[@]}" bootstrap --bootstrap-password "$PW" --bootstrap-region-id RegionOne \
    --bootstrap-admin-url http://127.0.0.1:5000/v3/ --bootstrap-internal-url http://127.0.0.1:5000/v3/ \
    --bootstrap-public-url http://127.0.0.1:5000/v3/
  uwsgi_ini keystone 5000 /usr/bin/keystone-wsgi-public "OS_KEYSTONE_CONFIG_FILES=$BASE/ks/keystone.conf" 2
  wait_http http://127.0.0.1:5000/v3 200 120 "$L/keystone-uwsgi.log"
  t "keystone up"
  $PY "$HERE/seed.py" services "$PW"
  t "keystone: service users and catalog registered"
}
nova_chain() {
  local NM=(nova-manage --config-file "$BASE/nova/nova.conf")
  "${NM[@]}" api_db sync
  "${NM[@]}" cell_v2 map_cell0 --database_connection "$DB/nova_cell0"
  "${NM[@]}" cell_v2 create_cell --name=cell1
  "${NM[@]}" db sync
  for s in conductor api; do svc "nova-$s" "$L/nova-$s.out" "nova-$s" --config-file "$BASE/nova/nova.conf"; done
  t "nova schemas; nova-conductor, nova-api started"
}
other_chain() {
  placement-manage --config-file "$BASE/placement/placement.conf" db sync
  uwsgi_ini placement 8778 /usr/bin/placement-api "OS_PLACEMENT_CONFIG_DIR=$BASE/placement" 1
  glance-manage --config-file "$BASE/glance/glance-api.conf" db_sync
  svc glance-api "$L/glance-api.out" glance-api --config-file "$BASE/glance/glance-api.conf"
  t "placement and glance schemas; placement, glance-api started"
}
neutron_chain() {
  neutron-db-manage "${NCONF[@]}" upgrade head
  svc neutron-server "$L/neutron-server.out" neutron-server "${NCONF[@]}"
  t "neutron schema; neutron-server started"
}
heat_chain() {
  heat-manage --config-file "$BASE/heat/heat.conf" db_sync
  for s in engine api; do svc "heat-$s" "$L/heat-$s.out" "heat-$s" --config-file "$BASE/heat/heat.conf"; done
  t "heat schema; heat-engine, heat-api started"
}
chains=(keystone nova other neutron heat)
declare -A chain_pid
for c in "${chains[@]}"; do
  ( set -e; "${c}_chain" ) > "$L/setup-$c.log" 2>&1 9>&- &
  chain_pid[$c]=$!
done
# RabbitMQ meanwhile
for _ in $(seq 1 120); do rabbitmqctl -q await_startup >/dev/null 2>&1 && break; sleep 1; done
rabbitmqctl -q await_startup >/dev/null 2>&1 || { tail -30 "$L/rabbitmq.out"; die "RabbitMQ did not start (log: $BASE/rabbitmq/log)"; }
cp "$RABBITMQ_PID_FILE" "$P/beam.pid"
# (no match is an answer here: epmd may run under another name, or not be reported)
epmd=$(ss -ltnpH 'sport = :4369' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)
[ -n "$epmd" ] && echo "$epmd" > "$P/epmd.tmp" && ours "$P/epmd.tmp" && mv "$P/epmd.tmp" "$P/epmd.pid"
rm -f "$P/epmd.tmp"
t "rabbitmq up"
failed=()
for c in "${chains[@]}"; do wait "${chain_pid[$c]}" || failed+=("$c"); done
for c in "${chains[@]}"; do grep -h '^test/env/openstack/up.sh: \[' "$L/setup-$c.log" || true; done | sort -t'[' -k2 -n
if [ ${#failed[@]} -gt 0 ]; then
  for c in "${failed[@]}"; do echo "---- $L/setup-$c.log" >&2; tail -25 "$L/setup-$c.log" >&2; done
  die "setup of ${failed[*]} failed (logs in $L)"
fi

# ---- nova-compute (once the service users exist and nova-conductor listens) and the fake OVS agent ----
end=$((SECONDS + 120))
until grep -q 'Starting conductor node' "$L/nova-conductor.log" 2>/dev/null; do
  [ $SECONDS -lt $end ] || { tail -30 "$L/nova-conductor.out" >&2 || true; die "nova-conductor did not start (log: $L/nova-conductor.log)"; }
  sleep 0.3
done
# ---- the compute hosts: nova-compute on each, nova-scheduler on compute1 (the controller), over SSH ----
# Debian's nova-compute package pulls in libvirt and qemu: each host's venv/bin/nova-compute is the entry
# point with the test driver. Each host's /etc/nova/nova.conf is also kept as nova.conf.base (what the
# tests compare with). A setup applied there stays until it is undone (the tests that apply one undo it).
compute_conf() {  # $1 host: its nova.conf (compute1 with the database: it runs the scheduler)
  local db=
  [ "$1" = compute1 ] && db=$(printf '[api_database]\nconnection = %s/nova_api\n[database]\nconnection = %s/nova\n' "$DB" "$DB")
  printf '%s\n%s\n' "$NOVA_COMMON" "$db" | sed -e "s|^host = compute1\$|host = $1|" \
    -e "s|$BASE/nova/state|/opt/stack/data/nova|; s|$BASE/nova/instances|/opt/stack/data/nova/instances|" \
    -e "s|^log_dir = .*|log_dir = /opt/stack/logs|; s|$BASE/lock|/opt/stack/data/nova/lock|"
}
SSH_KEY=$STATE/client/id_ed25519
ssh_host() {  # $1 host, $2 command (as the stack user, in the host's own view)
  local addr; addr=$(cat "$STATE/hosts/$1/address")
  ssh -q -i "$SSH_KEY" -o UserKnownHostsFile="$STATE/client/known_hosts" -o StrictHostKeyChecking=yes -o BatchMode=yes \
    -p "${DEVSTACK_CONTRAIL_TEST_SSH_PORT:-2222}" "stack@$addr" "$2"
}
for c in "${COMPUTE_HOSTS[@]}"; do
  R=$(host_root "$c")
  [ -f "$STATE/hosts/$c/address" ] || die "compute host $c is not up: run test/env/up.sh"
  # a clean start: the host's nova as the package has it, a new venv, no services of an earlier run
  rm -rf "$R/opt-stack/data/venv" "$R/opt-stack/data/nova" "$R/opt-stack/data/test-nova" "$R/opt-stack/status/stack"
  find "$R/nova-monitors-cpu" -mindepth 1 -delete
  cp -a /usr/lib/python3/dist-packages/nova/compute/monitors/cpu/. "$R/nova-monitors-cpu/"
  find "$R/nova-monitors-cpu" -name __pycache__ -prune -exec rm -rf {} +
  mkdir -p "$R/opt-stack/data/nova/instances" "$R/opt-stack/data/nova/lock" "$R/opt-stack/data/test-nova" "$R/opt-stack/logs"
  $PY -m venv --system-site-packages --without-pip "$R/opt-stack/$VENV_DIR"
  # the entry points, as pip writes them into a venv: the venv's python on the first line
  VPY=/opt/stack/$VENV_DIR/bin/python3
  sed "1s|.*|#!$VPY|" "$HERE/nova-compute" > "$R/opt-stack/$VENV_DIR/bin/nova-compute"
  printf '#!%s\nimport sys\nfrom nova.cmd.scheduler import main\nsys.exit(main())\n' "$VPY" > "$R/opt-stack/$VENV_DIR/bin/nova-scheduler"
  chmod 755 "$R/opt-stack/$VENV_DIR/bin/nova-compute" "$R/opt-stack/$VENV_DIR/bin/nova-scheduler"
  cp "$HERE/docker_fake_driver.py" "$R/opt-stack/data/test-nova/"
  compute_conf "$c" > "$R/etc-nova/nova.conf"
  cp "$R/etc-nova/nova.conf" "$STATE/hosts/$c/nova.conf.base"
  chown -R stack:stack "$R/opt-stack/data" "$R/opt-stack/logs" "$R/etc-nova/nova.conf"
  chmod 640 "$R/etc-nova/nova.conf"
  ssh_host "$c" "DEVSTACK_CONTRAIL_TEST_VCPUS=4 DEVSTACK_CONTRAIL_TEST_MEMORY_MB=8192 DEVSTACK_CONTRAIL_TEST_IMAGE=local/busybox:test bash -s -- '$MARK' ${COMPUTE_SERVICES[$c]}" \
    < "$HERE/start-compute.sh" || die "Nova did not start on $c (logs: $R/opt-stack/logs)"
done
t "nova-compute started on ${COMPUTE_HOSTS[*]}, nova-scheduler on compute1"
svc fake-ovs-agent "$L/fake-ovs-agent.out" env "FAKE_OVS_HOSTS=${COMPUTE_HOSTS[*]}" $PY "$HERE/fake-ovs-agent.py" --config-file "$BASE/neutron/neutron.conf"
wait_http http://127.0.0.1:8778/ 200 180 "$L/placement-uwsgi.log"
wait_http http://127.0.0.1:9292/ 300 180 "$L/glance-api.out"
wait_http http://127.0.0.1:9696/ 200 180 "$L/neutron-server.out"
wait_http http://127.0.0.1:8774/ 200 180 "$L/nova-api.out"
wait_http http://127.0.0.1:8004/ 300 180 "$L/heat-api.out"
t "placement, glance, neutron, nova and heat APIs answer"
end=$((SECONDS + 240))
until [ "$("${MYSQL[@]}" -N -e 'select count(*) from nova_api.host_mappings' 2>/dev/null || echo 0)" -ge ${#COMPUTE_HOSTS[@]} ]; do
  for c in "${COMPUTE_HOSTS[@]}"; do
    log=$(host_root "$c")/opt-stack/logs/nova-compute.log
    [ $SECONDS -lt $end ] || { tail -30 "$log" >&2 || true; die "$c was not mapped to a cell within 240 s (log: $log)"; }
    for s in ${COMPUTE_SERVICES[$c]}; do
      ours "$(compute_pid "$c" "$s")" || { tail -30 "$(host_root "$c")/opt-stack/logs/screen-$s.log" >&2 || true; die "$s exited on $c (logs: $(host_root "$c")/opt-stack/logs)"; }
    done
  done
  sleep 1
done
t "nova-compute on ${COMPUTE_HOSTS[*]} up and mapped"

# ---- seed data, the smoke check (token; compute1 up in the hypervisor list), outputs ---------------
openrc
# (DOCKER_HOST: compute1's, where a server booted onto compute1 runs)
$PY "$HERE/seed.py" seed "$OUT.new" "$BASE/clouds.yaml" "unix://$STATE/hosts/compute1/docker/docker.sock" "${COMPUTE_HOSTS[@]}" > "$L/seed.log" 2>&1 ||
  { tail -30 "$L/seed.log" >&2; die "seeding or the smoke check failed (log: $L/seed.log)"; }
for s in "${SERVICES[@]}"; do ours "$P/$s.pid" || die "$s is not running after bring-up (logs in $L)"; done
for c in "${COMPUTE_HOSTS[@]}"; do for s in ${COMPUTE_SERVICES[$c]}; do
  ours "$(compute_pid "$c" "$s")" || die "$s is not running on $c after bring-up (logs in $(host_root "$c")/opt-stack/logs)"
done; done
mv "$OUT.new" "$OUT"
mem=$(for d in /proc/[0-9]*; do   # proportional set size: workers share their parent's pages
  echo "${d#/proc/}" > "$P/.probe"
  ours "$P/.probe" && awk '/^(Rss|Pss):/ { print $1, $2 }' "$d/smaps_rollup" 2>/dev/null || true
done | awk '{ s[$1] += $2 } END { printf "%d MB RSS, %d MB PSS", s["Rss:"] / 1024, s["Pss:"] / 1024 }')
rm -f "$P/.probe"
t "ready: $OUT (services: $mem)"
