#!/usr/bin/env bash
# Store benchmark: acknowledged writes per second, PUT /v1/accounts/{id} of the 10-position
# account from 8 writers (wrk -t2 -c8, a new id per request), on the embedded SQLite store
# and on PostgreSQL (a throwaway server from scripts/postgres-server.sh), one after the other
# in one run. Every answer is a committed, flushed write. Prints one JSON line per store.
#   bench/store-bench.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product bulwark >/dev/null
data="$(mktemp -d)"
pg_port=55499
url="$(scripts/postgres-server.sh "$pg_port")"
database="bench_$$"
psql "$url" -qc "CREATE DATABASE $database" >/dev/null
pg_url="${url%/*}/$database"
pg_data="$(psql "$url" -Atc "SHOW data_directory")"
server=""
cleanup() {
  [[ -n "$server" ]] && kill "$server" 2>/dev/null || true
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$pg_data" stop -m fast >/dev/null; else "$bin/pg_ctl" -D "$pg_data" stop -m fast >/dev/null; fi
}
trap cleanup EXIT
run() {  # $1 store name, $2 extra config
  local name="$1" port=18097
  echo "{\"oracle\": {\"enabled\": false}, \"auth\": {\"anonymous\": \"admin\"} $2}" > "$data/$name.json"
  .build/release/bulwark serve --port "$port" --data-dir "$data/$name" --config "$data/$name.json" 2>/dev/null &
  server=$!
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null && break; sleep 0.1; done
  local line
  line=$(BODY_FILE=bench/account-10.json WRITE_PREFIX="/v1/accounts/w" wrk -t2 -c8 -d"${seconds}s" -s bench/wrk-report.lua \
    "http://127.0.0.1:$port" | tail -n 1)
  echo "{\"benchmark\":\"store-writes\",\"store\":\"$name\",\"writers\":8,${line:1}"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
}
run sqlite ""
run postgresql ", \"store\": \"$pg_url\""
