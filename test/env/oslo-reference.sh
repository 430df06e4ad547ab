#!/usr/bin/env bash
# The reference linter for the agreement test and the benchmark: Debian's oslo-config-validator with
# nova's Zed option data (oslo-config-generator --format yaml, the namespaces of nova's own generator
# config). Installs python3-nova when missing; writes .cache/reference/nova-zed.yaml. Idempotent; root.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$ROOT/.cache/reference
# shellcheck source=../../scripts/oslo-namespaces.sh
. "$ROOT/scripts/oslo-namespaces.sh"
if ! command -v oslo-config-validator >/dev/null || ! /usr/bin/python3 -c 'import nova.conf' 2>/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "oslo-reference.sh: needs root to apt-get install python3-nova" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends python3-nova python3-oslo.config >/dev/null
fi
mkdir -p "$OUT"
if [ ! -s "$OUT/nova-zed.yaml" ]; then
  args=()
  for ns in $NS_nova_zed; do args+=(--namespace "$ns"); done
  oslo-config-generator --format yaml "${args[@]}" --output-file "$OUT/nova-zed.yaml.tmp"
  mv "$OUT/nova-zed.yaml.tmp" "$OUT/nova-zed.yaml"
fi
echo "oslo-reference.sh: $OUT/nova-zed.yaml ($(oslo-config-validator --version 2>/dev/null || dpkg-query -W -f='python3-oslo.config ${Version}' python3-oslo.config))"
