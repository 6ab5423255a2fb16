#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for tests and benchmarks.
#   scripts/pg-cluster.sh start [port]  -> prints the DATABASE_URL
#   scripts/pg-cluster.sh stop
# PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user.
set -euo pipefail
DIR="${PG_CLUSTER_DIR:-/tmp/resolutionflow-pg}"
PORT="${2:-${PG_PORT:-55432}}"
BIN="$(dirname "$(command -v initdb || echo /usr/lib/postgresql/15/bin/initdb)")"
[ -x "$BIN/initdb" ] || BIN=/usr/lib/postgresql/15/bin

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
      mkdir -p "$DIR"
      [ "$(id -u)" = 0 ] && chown postgres "$DIR"
      as_pg "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
    fi
    # Already running (a previous run that was not stopped): reuse it.
    if ! as_pg "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
      as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
        -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c shared_buffers=256MB" start >/dev/null
    fi
    PORT="$(sed -n 4p "$DIR/data/postmaster.pid")"
    echo "postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    [ -f "$DIR/data/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null || true
    ;;
  destroy)
    "$0" stop
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: $0 start [port] | stop | destroy" >&2
    exit 2
    ;;
esac
