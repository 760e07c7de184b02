#!/usr/bin/env bash
# Installs the real components the unit tests use, from Debian's packages: a PostgreSQL server
# (each test run starts its own on a loopback port in a temporary folder and stops it afterwards),
# the sqlite3 command line tool (it writes the SQLite test databases, so they come from another
# tool than ours), Prometheus, for its promtool (it validates the prediction service's
# /metrics; the Prometheus server itself is not started), and Chromium, which opens the run
# report (test/unit/report/reportBrowser.test.ts skips without it: on a clean machine the e2e
# setup used to install it only after the unit tests had run).
#
#   bash scripts/setup-test-tools.sh          install what is missing (idempotent; instant when done)
#   bash scripts/setup-test-tools.sh --check  only verify; exit 1 with what to run when something is missing
set -euo pipefail

packages=(postgresql sqlite3 prometheus chromium)

check_only=false
case "${1:-}" in
  --check) check_only=true ;;
  '') ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

log() { echo "[setup-test-tools] $*"; }
die() {
  echo "[setup-test-tools] ERROR: $*" >&2
  exit 1
}

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
$check_only && die "missing Debian packages: ${missing[*]}. Run: bash scripts/setup-test-tools.sh"
[ "$(id -u)" -eq 0 ] || die "missing Debian packages: ${missing[*]}. Run as root, or: sudo apt-get install -y ${missing[*]}"
log "apt-get install ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# The packaged cluster and Prometheus server are not used (tests start their own PostgreSQL and
# only run promtool), so nothing else needs configuring.
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
log "installed ${missing[*]}"
