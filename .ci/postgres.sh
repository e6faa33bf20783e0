#!/bin/sh
# Start a throwaway PostgreSQL server on 127.0.0.1 for the PostgreSQL tests.
# usage: eval "$(.ci/postgres.sh)"   (sets MSO_TEST_POSTGRES_URL, and MSO_TEST_POSTGRES_STOP to stop it)
# Installs the server with apt when missing. Prints the two exports on stdout, everything else on
# stderr, and exits non-zero when no server could be started. The cluster lives in a temporary
# folder owned by the postgres user (the server refuses to run as root).
set -e
# a free port, so a server someone already runs (or a second CI run) is left alone
PG_PORT="${PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$PG_BIN" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq postgresql >/dev/null
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
fi
PG_DIR="$(mktemp -d /tmp/mso-pg.XXXXXX)"
if [ "$(id -u)" = 0 ]; then AS_PG="runuser -u postgres --"; chown postgres "$PG_DIR"; else AS_PG=""; fi
$AS_PG "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres >/dev/null
$AS_PG "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR -c fsync=off" start >/dev/null
$AS_PG "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres mso_test >/dev/null
echo "PostgreSQL test server on 127.0.0.1:$PG_PORT (data in $PG_DIR)" >&2
echo "export MSO_TEST_POSTGRES_URL='postgresql://postgres@127.0.0.1:$PG_PORT/mso_test'"
echo "export MSO_TEST_POSTGRES_STOP='$AS_PG $PG_BIN/pg_ctl -D $PG_DIR/data -m fast stop'"
