#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL on a free loopback port, its URL in
# MEMTX_TEST_POSTGRES_URL (the PostgreSQL store's tests need it), then stops it.
#   scripts/postgres/with-postgres.sh swift test
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dir=$(mktemp -d /tmp/memtx-pg.XXXXXX)
chmod 755 "$dir"
trap '"$here/scratch.sh" stop "$dir/data"; rm -rf "$dir"' EXIT
MEMTX_TEST_POSTGRES_URL=$("$here/scratch.sh" start "$dir/data" "$port")
export MEMTX_TEST_POSTGRES_URL
echo "with-postgres: PostgreSQL on 127.0.0.1:$port" >&2
"$@"
