#!/usr/bin/env bash
# Generate release-aware oslo.config option data (src/core/schema/data/<service>-<release>.json,
# format: src/core/schema/types.ts) from Debian's OpenStack packages:
#   zed   = Debian bookworm (this machine): packages installed on the host
#   epoxy = Debian trixie: packages installed in a debootstrap chroot ($TRIXIE_CHROOT)
# For each service, `oslo-config-generator --format json` runs with the namespaces of that
# service's own generator config, then scripts/oslo-json-to-schema.py converts the output.
# Also rewrites the "## Zed and Epoxy (generated)" section of src/core/schema/data/PROVENANCE.md
# (other sections are left alone).
#
# Idempotent: installs only what is missing, reuses the chroot. Needs root, Debian bookworm and
# access to a Debian mirror. Environment: RELEASES="zed epoxy", TRIXIE_CHROOT, DEBIAN_MIRROR.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
OUT="$ROOT/src/core/schema/data"
CONVERTER="$HERE/oslo-json-to-schema.py"
PY=/usr/bin/python3                      # Debian's python (a pyenv python3 may be first on PATH)
RELEASES="${RELEASES:-zed epoxy}"
TRIXIE_CHROOT="${TRIXIE_CHROOT:-/var/tmp/devstack-contrail-trixie}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${SECURITY_MIRROR:-http://deb.debian.org/debian-security}"

# Packages providing the generator and every namespace below (python3-nova etc. pull in the
# oslo.*, keystonemiddleware, osprofiler, os-vif, os-brick, castellan, glance-store libraries).
PKGS=(python3-nova python3-neutron python3-glance python3-oslo.config
      python3-keystoneauth1 python3-keystonemiddleware)
# Reported in PROVENANCE.md with their exact versions.
REPORT_PKGS=(python3-nova python3-neutron python3-glance python3-glance-store python3-oslo.config
  python3-oslo.log python3-oslo.messaging python3-oslo.db python3-oslo.policy
  python3-oslo.middleware python3-oslo.concurrency python3-oslo.service python3-oslo.privsep
  python3-oslo.reports python3-oslo.limit python3-oslo.cache python3-oslo.versionedobjects
  python3-keystonemiddleware python3-keystoneauth1 python3-osprofiler python3-os-vif
  python3-os-brick python3-castellan)

# --- namespaces: NS_<service>_<release>, from scripts/oslo-namespaces.sh ---------------------
# shellcheck source=oslo-namespaces.sh
. "$HERE/oslo-namespaces.sh"

SERVICES="nova neutron glance-api"
pkg_of() { case "$1" in nova) echo python3-nova;; neutron) echo python3-neutron;; glance-api) echo python3-glance;; esac; }
ns_of() { local v="NS_${1//-/_}_$2"; echo ${!v}; }

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (apt-get, debootstrap, chroot)"
[ -x "$PY" ] || die "$PY not found"
mkdir -p "$OUT"
WORK="$(mktemp -d /tmp/devstack-contrail-oslo.XXXXXX)"
MOUNTED_PROC=""
cleanup() {
  if [ -n "$MOUNTED_PROC" ]; then umount "$MOUNTED_PROC" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# runs a command on the host (zed) or in the chroot (epoxy)
in_release() {
  local rel="$1"; shift
  if [ "$rel" = epoxy ]; then chroot "$TRIXIE_CHROOT" env LC_ALL=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
  else env LC_ALL=C.UTF-8 "$@"; fi
}
missing_pkgs() {  # prints the packages of "$@" (after the release) not installed
  local rel="$1"; shift; local p
  for p in "$@"; do
    in_release "$rel" dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || echo "$p"
  done
}
pkg_version() { in_release "$1" dpkg-query -W -f='${Version}' "$2" 2>/dev/null || true; }

APT_UPDATED=""
host_install() {
  local miss; miss="$(missing_pkgs zed "$@")"
  [ -z "$miss" ] && return 0
  if [ -z "$APT_UPDATED" ]; then log "apt-get update"; apt-get update -q >&2 || true; APT_UPDATED=1; fi
  log "apt-get install $(echo $miss)"
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $miss >&2
}

prepare_zed() {
  . /etc/os-release
  [ "${VERSION_CODENAME:-}" = bookworm ] || log "warning: host is ${VERSION_CODENAME:-?}, not bookworm: 'zed' data will be whatever this host packages"
  host_install "${PKGS[@]}"
}

prepare_epoxy() {
  local C="$TRIXIE_CHROOT"
  if [ ! -f "$C/etc/debian_version" ] || [ ! -x "$C/usr/bin/apt-get" ]; then
    host_install debootstrap debian-archive-keyring
    log "debootstrap trixie into $C (minbase)"
    rm -rf "$C.partial"
    debootstrap --variant=minbase --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
      trixie "$C.partial" "$DEBIAN_MIRROR" >&2
    rm -rf "$C"; mv "$C.partial" "$C"
  fi
  cat > "$C/etc/apt/sources.list" <<EOF
deb $DEBIAN_MIRROR trixie main
deb $DEBIAN_MIRROR trixie-updates main
deb $SECURITY_MIRROR trixie-security main
EOF
  # no service may start inside the chroot
  printf '#!/bin/sh\nexit 101\n' > "$C/usr/sbin/policy-rc.d"; chmod 755 "$C/usr/sbin/policy-rc.d"
  if ! mountpoint -q "$C/proc"; then mount -t proc proc "$C/proc"; MOUNTED_PROC="$C/proc"; fi
  local miss; miss="$(missing_pkgs epoxy python3 "${PKGS[@]}")"
  if [ -n "$miss" ]; then
    log "chroot: apt-get update && apt-get install $(echo $miss)"
    in_release epoxy apt-get update -q >&2
    # shellcheck disable=SC2086
    in_release epoxy env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $miss >&2
  fi
}

SUITE_zed=bookworm; SUITE_epoxy=trixie
SUMMARY="$WORK/summary.tsv"; : > "$SUMMARY"
PKGLIST="$WORK/packages.txt"; : > "$PKGLIST"

generate() {  # release
  local rel="$1" suite; suite="SUITE_$rel"; suite="${!suite}"
  local base="" gen="$WORK/$rel"
  if [ "$rel" = epoxy ]; then
    base="$TRIXIE_CHROOT"; gen="/tmp/devstack-contrail-oslo-gen"
    rm -rf "$base$gen"; mkdir -p "$base$gen"
    cp "$CONVERTER" "$base$gen/oslo-json-to-schema.py"
  else
    mkdir -p "$gen"; cp "$CONVERTER" "$gen/oslo-json-to-schema.py"
  fi
  local oc; oc="$(pkg_version "$rel" python3-oslo.config)"
  { printf '%s (Debian %s):' "$rel" "$suite"
    local p v
    for p in "${REPORT_PKGS[@]}"; do v="$(pkg_version "$rel" "$p")"; [ -n "$v" ] && printf ' %s %s;' "$p" "$v"; done
    echo; } >> "$PKGLIST"
  local svc
  for svc in $SERVICES; do
    local ns pkg ver args=() cmd
    ns="$(ns_of "$svc" "$rel")"; pkg="$(pkg_of "$svc")"; ver="$(pkg_version "$rel" "$pkg")"
    [ -n "$ver" ] || die "$pkg not installed for $rel"
    local n; for n in $ns; do args+=(--namespace "$n"); done
    cmd="oslo-config-generator --format json ${args[*]}"
    log "$svc-$rel: $cmd"
    in_release "$rel" /usr/bin/python3 /usr/bin/oslo-config-generator --format json "${args[@]}" \
      --output-file "$gen/$svc.gen.json" 2> "$WORK/$svc-$rel.stderr" \
      || { cat "$WORK/$svc-$rel.stderr" >&2; die "oslo-config-generator failed for $svc-$rel"; }
    local source="$pkg $ver, python3-oslo.config $oc (Debian $suite); $cmd; converted by scripts/oslo-json-to-schema.py --auth-plugin keystone_authtoken=password"
    local line
    line="$(in_release "$rel" /usr/bin/python3 "$gen/oslo-json-to-schema.py" --input "$gen/$svc.gen.json" \
      --output "$gen/$svc.schema.json" --service "$svc" --release "$rel" --source "$source" \
      --auth-plugin keystone_authtoken=password)"
    cp "$base$gen/$svc.schema.json" "$OUT/$svc-$rel.json"
    local size; size="$(stat -c %s "$OUT/$svc-$rel.json")"
    echo "$line ($size bytes)"
    # summary: file, pkg, version, suite, groups, options, open, size, command
    local g o op
    g="$(sed -E 's/.*: ([0-9]+) groups.*/\1/' <<<"$line")"
    o="$(sed -E 's/.* ([0-9]+) options.*/\1/' <<<"$line")"
    op="$(sed -E 's/.* ([0-9]+) open groups.*/\1/' <<<"$line")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$svc-$rel.json" "$pkg" "$ver" "$suite" "$g" "$o" "$op" "$size" "$cmd" >> "$SUMMARY"
  done
  [ "$rel" = epoxy ] && rm -rf "${base:?}$gen"
  return 0
}

for rel in $RELEASES; do
  case "$rel" in
    zed) prepare_zed ;;
    epoxy) prepare_epoxy ;;
    *) die "unknown release $rel (zed|epoxy)" ;;
  esac
  generate "$rel"
  if [ -n "$MOUNTED_PROC" ]; then umount "$MOUNTED_PROC"; MOUNTED_PROC=""; fi
done

# --- spot checks ------------------------------------------------------------------------------
"$PY" - "$OUT" $RELEASES <<'EOF'
import json, sys
out, rels = sys.argv[1], sys.argv[2:]
bad = 0
def check(cond, msg):
    global bad
    print(('  ok   ' if cond else '  FAIL ') + msg)
    bad += not cond
for rel in rels:
    print('spot checks (%s):' % rel)
    nova = json.load(open('%s/nova-%s.json' % (out, rel)))['groups']
    neutron = json.load(open('%s/neutron-%s.json' % (out, rel)))['groups']
    glance = json.load(open('%s/glance-api-%s.json' % (out, rel)))['groups']
    cd = nova['DEFAULT']['options'].get('compute_driver', {})
    check(cd.get('type') == 'string' and 'choices' not in cd, 'nova [DEFAULT] compute_driver: string, no choices')
    for name, d in (('nova', nova), ('neutron', neutron), ('glance-api', glance)):
        c = d['database']['options'].get('connection', {})
        alias = {'group': 'DEFAULT', 'name': 'sql_connection'} in c.get('deprecated_opts', [])
        if rel == 'zed':
            check(alias, '%s [database] connection has alias [DEFAULT] sql_connection' % name)
        else:  # oslo.db dropped its deprecated aliases before Epoxy
            check(c.get('type') == 'string' and not alias,
                  '%s [database] connection: no [DEFAULT] sql_connection alias any more' % name)
    check(nova['DEFAULT']['options']['my_ip'].get('sample_default') == '<host_ipv4>', 'nova [DEFAULT] my_ip sample_default <host_ipv4>')
    check(nova['glance']['options']['api_servers'].get('deprecated_for_removal') is True, 'nova [glance] api_servers deprecated_for_removal')
    for name, d, grps in (('nova', nova, ('keystone_authtoken', 'neutron', 'placement')),
                          ('neutron', neutron, ('keystone_authtoken', 'nova', 'placement')),
                          ('glance-api', glance, ('keystone_authtoken',))):
        for g in grps:
            check('auth_url' in d[g]['options'] and d[g].get('open') is True, '%s [%s] auth_url, group open' % (name, g))
sys.exit(1 if bad else 0)
EOF

# --- PROVENANCE.md: (re)write only our section -----------------------------------------------
"$PY" - "$OUT/PROVENANCE.md" "$SUMMARY" "$PKGLIST" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$TRIXIE_CHROOT" "$RELEASES" <<'EOF'
import os, re, sys
path, summary, pkglist, date, chroot, releases = sys.argv[1:7]
rows = [l.rstrip('\n').split('\t') for l in open(summary) if l.strip()]
pk = [l.strip() for l in open(pkglist) if l.strip()]
s = []
s.append('## Zed and Epoxy (generated)\n')
s.append('Generated %s by `scripts/generate-oslo-schemas.sh` (run as root; `RELEASES="%s"`), '
         'which installs Debian\'s packages, runs `oslo-config-generator --format json` with each '
         'service\'s generator namespaces, and converts the output with '
         '`/usr/bin/python3 scripts/oslo-json-to-schema.py`.\n' % (date, ' '.join(releases.split())))
s.append('- **Zed** = Debian bookworm: packages installed on the host (`apt-get install --no-install-recommends python3-nova python3-neutron python3-glance python3-oslo.config python3-keystoneauth1 python3-keystonemiddleware`).')
s.append('- **Epoxy** = Debian trixie: `debootstrap --variant=minbase trixie %s http://deb.debian.org/debian`, then the same `apt-get install` inside the chroot; the generator and converter run there with its `/usr/bin/python3`.' % chroot)
s.append('- Namespaces: Epoxy from the upstream generator configs in the trixie source packages\' orig tarballs (`etc/nova/nova-config-generator.conf`, `etc/oslo-config-generator/neutron.conf`, `etc/oslo-config-generator/glance-api.conf`); Zed neutron from `neutron_21.0.0.orig.tar.xz`; Zed nova and glance from the bookworm source packages\' `debian/rules` (the Zed orig tarballs were not on the mirror), which list the same namespaces in upstream\'s order. The exact commands are below.\n')
s.append('| file | package | version | suite | groups | options | open groups | bytes |')
s.append('|---|---|---|---|---:|---:|---:|---:|')
for f, p, v, su, g, o, op, size, cmd in rows:
    s.append('| `%s` | %s | `%s` | %s | %s | %s | %s | %s |' % (f, p, v, su, g, o, op, size))
s.append('\nCommands (run with `/usr/bin/python3 /usr/bin/oslo-config-generator`, in the chroot for Epoxy):\n')
for r in rows:
    s.append('- `%s`: `%s --output-file OUT.json`' % (r[0], r[8]))
s.append('\nLibrary versions that provided the namespaces:\n')
for l in pk:
    s.append('- ' + l)
s.append('''
Conversion rules (`scripts/oslo-json-to-schema.py`):
- option keys are `dest` names (keystoneauth's dashed `auth-url` becomes `auth_url`); group names as the generator prints them;
- `type` is the generator's type without " value"; types outside `types.ts` become `unknown`; `item_type` (list options whose items are not strings) is read in-process from the same namespaces, since the JSON lacks it (`unknown` where the item type is a plain function, e.g. `[privsep] capabilities`);
- `default` is the default formatted as the generator prints it in a sample file (booleans `true`/`false`, lists comma-joined, dicts `k:v` comma-joined, values with edge whitespace quoted, multi-valued defaults one value per line joined with `\\n`), `null` when none; where the generator has a `sample_default` (host-dependent defaults: `my_ip`, `host`, ...) both `default` and `sample_default` hold the printed sample value, never the generating host's value;
- `choices` keep only the values; a `None` choice (a file cannot spell None) is **dropped**;
- `help` is whitespace-collapsed and cut to 500 characters (ending in "…"), `deprecated_reason` to 300; `deprecated_opts` names use underscores; false/empty fields are omitted; `secret`/`required` only when true. Note: `required` comes from keystoneauth plugins (`auth_url` of the password plugin) and applies only when that plugin is the group's `auth_type`;
- `open: true` on groups with keystoneauth options (`auth_type`/`auth_section` or keystoneauth's dashed plugin options) or a `driver_option`/`dynamic_group_owner`: plugin-dependent option sets;
- `[keystone_authtoken]`: keystonemiddleware lists only `auth_type`/`auth_section`; the options of keystoneauth1's `password` plugin (`auth_url`, `username`, `password`, `project_name`, `user_domain_name`, ...) are appended there (`--auth-plugin keystone_authtoken=password`, from `keystoneauth1.loading.get_auth_plugin_conf_options("password")`), as Debian's packaging re-adds them to its sample configs. The group stays open.
- JSON is written compactly (no indentation), UTF-8.
''')
section = '\n'.join(s).rstrip() + '\n'
text = open(path, encoding='utf-8').read() if os.path.exists(path) else ''
pat = re.compile(r'^## Zed and Epoxy \(generated\)\n.*?(?=^## |\Z)', re.S | re.M)
if pat.search(text):
    text = pat.sub(lambda m: section + ('\n' if m.end() < len(text) else ''), text, count=1)
else:
    text = (text.rstrip() + '\n\n' if text.strip() else '') + section
open(path, 'w', encoding='utf-8').write(text)
print('wrote %s' % path)
EOF
