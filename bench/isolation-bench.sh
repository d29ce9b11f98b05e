#!/usr/bin/env bash
# Isolation benchmark: how fast light requests are answered while heavy ones run.
#   1. GET /healthz (wrk -c32) while 4 clients post POST /v1/scenarios of 10,000 options
#      x a 100 x 100 grid (about 640 KB each), one after another;
#   2. GET /v1/accounts/{id}/health (wrk -c32) while 8 writers PUT accounts (each a SQLite
#      commit with fsync) and 2 clients post those scenario requests.
# Prints one JSON line per measured route, and the heavy requests' count. Not a test: run it
# on a quiet machine.   bench/isolation-bench.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product bulwark >/dev/null
port=18095
data="$(mktemp -d)"
echo '{"oracle": {"enabled": false}, "auth": {"anonymous": "admin"}}' > "$data/config.json"
.build/release/bulwark serve --port "$port" --data-dir "$data/bulwark" --config "$data/config.json" 2>/dev/null &
server=$!
heavy_pids=()
cleanup() { kill "${heavy_pids[@]}" "$server" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null -X PUT "http://127.0.0.1:$port/v1/accounts/bench-1" --data-binary @bench/account-10.json 2>/dev/null && break
  sleep 0.1
done
python3 - "$data/heavy.json" <<'PY'
import json, sys
positions = []
for i in range(10_000):
    strike = 60_000 + 250 * (i % 160)
    kind = "C" if i % 2 else "P"
    positions.append({"instrument": f"BTC-26MAR27-{strike}-{kind}", "size": (-1) ** i * (1 + i % 5), "markIv": 0.45 + 0.001 * (i % 100)})
grid = {"spotShocks": [-0.5 + i / 99 for i in range(100)], "volShocks": [-0.5 + i / 99 for i in range(100)]}
json.dump({"asOf": "2026-12-01T08:00:00Z", "grid": grid, "positions": positions, "market": {"BTC": {"spot": 90000}}}, open(sys.argv[1], "w"))
PY
status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v1/scenarios" --data-binary @"$data/heavy.json")
[[ "$status" == 200 ]] || { echo "the heavy scenario request answered $status"; exit 1; }
heavy() {  # $1 clients posting the heavy request back to back for $seconds (+2 s of lead)
  local count="$1" end=$((SECONDS + seconds + 2))
  for i in $(seq 1 "$count"); do
    ( n=0; while (( SECONDS < end )); do
        curl -s -o /dev/null "http://127.0.0.1:$port/v1/scenarios" --data-binary @"$data/heavy.json" && n=$((n + 1))
      done; echo "$n" > "$data/heavy-$i.count" ) &
    heavy_pids+=($!)
  done
}
measure() {
  local name="$1" path="$2" load="$3"
  sleep 1  # the heavy requests are in flight
  local line
  line=$(wrk -t1 -c32 -d"${seconds}s" -s bench/wrk-report.lua "http://127.0.0.1:$port$path" | tail -n 1)
  echo "{\"benchmark\":\"isolation\",\"route\":\"$name\",\"load\":\"$load\",\"connections\":32,${line:1}"
}
rm -f "$data"/heavy-*.count
heavy 4
measure "GET /healthz" /healthz "4 clients posting 10,000-option x 100x100 scenario requests"
wait "${heavy_pids[@]}"; heavy_pids=()
echo "{\"benchmark\":\"isolation-heavy\",\"scenarioRequestsCompleted\":$(( $(cat "$data"/heavy-*.count | paste -sd+) ))}"
rm -f "$data"/heavy-*.count
heavy 2
BODY_FILE=bench/account-10.json PUT_PREFIX=/v1/accounts/writer- wrk -t1 -c8 -d"$((seconds + 2))s" -s bench/wrk-report.lua \
  "http://127.0.0.1:$port" > "$data/writers.out" &
writers=$!
heavy_pids+=("$writers")
measure "GET /v1/accounts/{id}/health" /v1/accounts/bench-1/health "8 writers PUT accounts, 2 clients posting 10,000-option scenario requests"
wait "$writers" || true
echo "{\"benchmark\":\"isolation-writers\",\"connections\":8,$(tail -n 1 "$data/writers.out" | cut -c2-)"
wait "${heavy_pids[@]}" 2>/dev/null || true; heavy_pids=()
echo "{\"benchmark\":\"isolation-heavy\",\"scenarioRequestsCompleted\":$(( $(cat "$data"/heavy-*.count | paste -sd+) ))}"
