#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests: initdb into a new temporary folder,
# listening on 127.0.0.1 at a free port (or $1), trust authentication for the user
# `bulwark`. PostgreSQL refuses to run as root, so as root it runs as the postgres user.
# Prints the store URL on stdout (postgresql://bulwark@127.0.0.1:PORT/postgres); the
# server runs until `pg_ctl -D <folder> stop` or the machine's end. Needs Debian's postgresql.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "postgres-server: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
port="${1:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
folder="$(mktemp -d /tmp/bulwark-postgres.XXXXXX)"
as_server() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres "$folder"
as_server "$bin/initdb" -D "$folder/data" -U bulwark --auth=trust -E UTF8 >"$folder/initdb.log" 2>&1 \
  || { cat "$folder/initdb.log" >&2; exit 1; }
as_server "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 30 \
  -o "-h 127.0.0.1 -p $port -k $folder -c fsync=on -c synchronous_commit=on -c max_connections=200" start >/dev/null \
  || { cat "$folder/server.log" >&2; exit 1; }
echo "postgresql://bulwark@127.0.0.1:$port/postgres"
