#!/usr/bin/env bash
# Run one sotay replica without systemd:  deploy/run-replica.sh PORT [DATABASE_URL]
# Each replica has its own data dir (its index files, derived from the shared library); the
# database URL may also come from SOTAY_DATABASE_URL. Run it from the checkout after ./run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:?usage: deploy/run-replica.sh PORT [postgresql://user:password@host/db]}"
export SOTAY_DATABASE_URL="${2:-${SOTAY_DATABASE_URL:?set SOTAY_DATABASE_URL or pass the URL}}"
export SOTAY_PORT="$port"
export SOTAY_HOST="${SOTAY_HOST:-127.0.0.1}"
export SOTAY_DATA_DIR="${SOTAY_DATA_DIR_ROOT:-$HOME/.local/share/sotay-replicas}/$port"
mkdir -p "$SOTAY_DATA_DIR"
exec .venv/bin/sotay serve
