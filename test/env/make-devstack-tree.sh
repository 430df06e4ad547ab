#!/usr/bin/env bash
# Lays out one host's devstack-like filesystem under $3 (opt-stack, etc-nova, …) from the fixtures in $1,
# for era $2 (2014: screen services, localrc, hypervisor-docker; later: local.conf, systemd-era layout).
set -euo pipefail
FIX=$1 ERA=$2 ROOT=$3
DEV=$ROOT/opt-stack/devstack
mkdir -p "$DEV" "$ROOT/opt-stack/logs" "$ROOT/opt-stack/.test" "$ROOT/opt-stack/.screen"
chmod 700 "$ROOT/opt-stack/.screen"
cp -a "$FIX/devstack-$ERA/." "$DEV/"
cp -a "$FIX/etc-$ERA/nova.conf" "$ROOT/etc-nova/nova.conf"
[ -f "$FIX/etc-$ERA/glance-api.conf" ] && cp -a "$FIX/etc-$ERA/glance-api.conf" "$ROOT/etc-glance/glance-api.conf"
[ -f "$FIX/etc-$ERA/neutron.conf" ] && cp -a "$FIX/etc-$ERA/neutron.conf" "$ROOT/etc-neutron/neutron.conf"
cp "$FIX/start-screen-services.sh" "$ROOT/opt-stack/.test/start-screen-services.sh"
if [ "$ERA" = 2014 ]; then
  export GIT_AUTHOR_DATE='2014-02-20T10:00:00Z' GIT_COMMITTER_DATE='2014-02-20T10:00:00Z' BRANCH=master
else
  export GIT_AUTHOR_DATE='2023-03-01T10:00:00Z' GIT_COMMITTER_DATE='2023-03-01T10:00:00Z' BRANCH=stable/zed
fi
cd "$DEV"
git init -q -b "$BRANCH"
git -c user.name=devstack -c user.email=devstack@example.invalid add -A -- . ':!localrc' ':!local.conf'
git -c user.name=devstack -c user.email=devstack@example.invalid commit -q -m "devstack ($ERA layout for tests)"
git config --global --add safe.directory '*' 2>/dev/null || true
