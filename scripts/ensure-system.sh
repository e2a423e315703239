#!/usr/bin/env bash
# Installs and starts what the test suite needs from Debian: Chromium (browser tests), poppler-utils
# (pdftoppm, PDF checks) and PostgreSQL 15 (store tests). Fails loudly when anything cannot start.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /usr/lib/postgresql/15 ] || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "ensure-system: missing ${need[*]} and not root; install them with apt-get" >&2
    exit 1
  fi
  echo "ensure-system: installing ${need[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

command -v chromium >/dev/null || { echo "ensure-system: chromium is not installed" >&2; exit 1; }

# PostgreSQL 15: make sure the cluster exists and runs, then give the postgres role a password so
# tests can connect over TCP on 127.0.0.1.
if ! pg_lsclusters -h 2>/dev/null | grep -q '^15 *main'; then
  pg_createcluster 15 main >/dev/null
fi
if ! pg_lsclusters -h | grep -q '^15 *main.*online'; then
  pg_ctlcluster --skip-systemctl-redirect 15 main start
fi
for _ in $(seq 1 30); do
  if su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done
su postgres -c "psql -qtAc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null \
  || { echo "ensure-system: PostgreSQL did not start" >&2; pg_lsclusters >&2; exit 1; }
echo "ensure-system: chromium $(chromium --version 2>/dev/null | awk '{print $2}'), PostgreSQL 15 online"
