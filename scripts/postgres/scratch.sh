#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback, for tests and the multi-replica check.
#   scratch.sh start DIR PORT   initdb DIR (if new) and start it on 127.0.0.1:PORT; prints the URL
#   scratch.sh pause DIR        stop it (fast), keeping DIR: `start DIR PORT` resumes it
#   scratch.sh stop DIR         stop it (fast) and delete DIR
# Trust authentication, fsync off: never for real data. As root, the server runs as the
# `postgres` user (initdb refuses root). Needs Debian's `postgresql` (make deps installs it).
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "scratch.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
start)
    dir=$2 port=$3
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir" && chmod 700 "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$dir" -U postgres -A trust --no-sync >"$dir.initdb.log" 2>&1 \
            || { cat "$dir.initdb.log" >&2; exit 1; }
    fi
    as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
    ;;
pause)
    as_owner "$bin/pg_ctl" -D "$2" -m fast -w stop >/dev/null
    ;;
stop)
    dir=$2
    [ -f "$dir/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir" "$dir.initdb.log"
    ;;
*)
    echo "usage: $0 start DIR PORT | pause DIR | stop DIR" >&2; exit 2 ;;
esac
