#!/usr/bin/env bash
# End-to-end check of openstack/up.sh's cloud through the REST APIs (curl) and the Docker CLI:
# boot a server from the docker image on private/m1.tiny -> ACTIVE -> its container nova-<id> runs and has
# the tap interface of its port (MAC and IP) -> Stop (container stopped) -> Start (running, tap again) ->
# delete -> the container is gone. Needs openstack.json (run test/env/up.sh first). Exit 0 when it all holds.
set -euo pipefail
STATE=${DEVSTACK_CONTRAIL_TEST_STATE:-/var/tmp/devstack-contrail-test}
CONF=$STATE/openstack.json
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
PY=/usr/bin/python3
[ -s "$CONF" ] || { echo "smoke.sh: no $CONF: run test/env/up.sh first" >&2; exit 1; }
START=${EPOCHREALTIME/./}
say() { local now=${EPOCHREALTIME/./}; printf 'smoke.sh: [%5.1fs] %s\n' "$(( (now - START) / 1000 ))e-3" "$*"; }
fail() { echo "smoke.sh: FAIL: $*" >&2; exit 1; }
conf() { $PY -c "import json,sys; d=json.load(open('$CONF')); print(eval(sys.argv[1], {}, {'d': d}))" "$1"; }
j() { $PY -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {'d': d}))" "$1"; }

AUTH=$(conf "d['authUrl']"); NOVA=$(conf "d['novaEndpoint']"); DOCKER=$(conf "d['dockerHost']")
IMAGE=$(conf "d['images']['docker']"); NET=$(conf "d['network']"); FLAVOR=$(conf "d['flavor']")
dk() { docker --host "$DOCKER" "$@"; }

body=$($PY -c "import json; d=json.load(open('$CONF'))['admin']; print(json.dumps({'auth': {
  'identity': {'methods': ['password'], 'password': {'user': {'name': d['username'], 'password': d['password'],
  'domain': {'name': d['userDomainName']}}}},
  'scope': {'project': {'name': d['projectName'], 'domain': {'name': d['projectDomainName']}}}}}))")
TOKEN=$(curl -sf -D - -o /dev/null -H 'Content-Type: application/json' -d "$body" "$AUTH/auth/tokens" |
  awk -F': ' 'tolower($1) == "x-subject-token" { print $2 }' | tr -d '\r')
[ -n "$TOKEN" ] || fail "no token from $AUTH"
NEUTRON=http://127.0.0.1:9696
H=(-H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/json' -H 'OpenStack-API-Version: compute 2.79')
api() { curl -sS -f "${H[@]}" "$@"; }
say "token"

SID=
cleanup() { [ -n "$SID" ] && curl -s -o /dev/null -X DELETE "${H[@]}" "$NOVA/servers/$SID" || true; }
trap cleanup EXIT

status() { api "$NOVA/servers/$SID" | j "d['server']['status']"; }
wait_status() {  # $1 wanted status, $2 seconds
  local st end=$((SECONDS + $2))
  while :; do
    st=$(status)
    [ "$st" = "$1" ] && return 0
    [ "$st" = ERROR ] && fail "server $SID is ERROR: $(api "$NOVA/servers/$SID" | j "d['server'].get('fault')")"
    [ $SECONDS -lt $end ] || fail "server $SID is $st, not $1, after $2 s"
    sleep 0.5
  done
}
running() { [ "$(dk inspect -f '{{.State.Running}}' "nova-$SID" 2>/dev/null)" = true ]; }
check_tap() {
  local addr
  addr=$(dk exec "nova-$SID" ip addr) || fail "docker exec nova-$SID ip addr failed"
  grep -q "$TAP" <<<"$addr" || fail "no $TAP in nova-$SID: $addr"
  grep -qi "link/ether $MAC" <<<"$addr" || fail "$TAP has not the port's MAC $MAC: $addr"
  grep -q "inet $IP/24" <<<"$addr" || fail "$TAP has not the port's address $IP/24: $addr"
}

SID=$(api -d "{\"server\": {\"name\": \"smoke-$$\", \"imageRef\": \"$IMAGE\", \"flavorRef\": \"$FLAVOR\",
  \"networks\": [{\"uuid\": \"$NET\"}]}}" "$NOVA/servers" | j "d['server']['id']")
say "boot $SID"
wait_status ACTIVE 120
say "ACTIVE"

running || fail "container nova-$SID is not running: $(dk ps -a --filter "name=nova-$SID" 2>&1)"
[ "$(dk inspect -f '{{index .Config.Labels "devstack-contrail-test"}} {{.HostConfig.NetworkMode}}' "nova-$SID")" = "nova none" ] ||
  fail "nova-$SID lacks the label devstack-contrail-test=nova or --network none"
port=$(api "$NEUTRON/v2.0/ports?device_id=$SID")
PORT=$(j "d['ports'][0]['id']" <<<"$port"); MAC=$(j "d['ports'][0]['mac_address']" <<<"$port")
IP=$(j "d['ports'][0]['fixed_ips'][0]['ip_address']" <<<"$port")
[ "$(j "d['ports'][0]['binding:vif_type']" <<<"$port")" = ovs ] || fail "port $PORT is not bound: $port"
TAP=tap${PORT:0:11}
check_tap
say "container nova-$SID runs, with $TAP $MAC $IP"

api -o /dev/null -d '{"os-stop": null}' "$NOVA/servers/$SID/action"
wait_status SHUTOFF 60
running && fail "Stop: nova-$SID still runs"
say "Stop: SHUTOFF, container stopped"
api -o /dev/null -d '{"os-start": null}' "$NOVA/servers/$SID/action"
wait_status ACTIVE 60
running || fail "Start: nova-$SID does not run"
check_tap
say "Start: ACTIVE, container runs, $TAP back"

api -o /dev/null -X DELETE "$NOVA/servers/$SID"
end=$((SECONDS + 60))
until [ "$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" "$NOVA/servers/$SID")" = 404 ]; do
  [ $SECONDS -lt $end ] || fail "server $SID still there 60 s after delete"
  sleep 0.5
done
dk inspect "nova-$SID" >/dev/null 2>&1 && fail "container nova-$SID is still there after delete"
say "deleted; container gone"
SID=
echo "smoke.sh: passed"
