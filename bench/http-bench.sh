#!/usr/bin/env bash
# HTTP benchmark: wrk on loopback against POST /v1/margin (a 10-position portfolio) and
# GET /healthz and GET /v1/accounts/{id}/health. Prints one JSON line per route. Not a test: run it on a quiet machine.
#   bench/http-bench.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
connections="${2:-32}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product bulwark >/dev/null
port=18090
data="$(mktemp -d)"
# Anonymous writes on loopback, explicitly: the account the health route polls is created without a key.
echo '{"auth": {"anonymous": "admin"}}' > "$data/config.json"
.build/release/bulwark serve --port "$port" --data-dir "$data" --config "$data/config.json" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$port/livez" >/dev/null 2>&1 && break; sleep 0.1; done
status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v1/margin" --data-binary @bench/margin-10.json)
[[ "$status" == 200 ]] || { echo "the benchmark portfolio answered $status"; exit 1; }
run() {
  local name="$1" path="$2" body="${3:-}"
  local line
  line=$(BODY_FILE="$body" wrk -t1 -c"$connections" -d"${seconds}s" -s bench/wrk-report.lua "http://127.0.0.1:$port$path" | tail -n 1)
  echo "{\"benchmark\":\"http\",\"route\":\"$name\",\"connections\":$connections,\"threads\":1,${line:1}"
}
run "POST /v1/margin" /v1/margin bench/margin-10.json
run "GET /healthz" /healthz
# A stored account polled as a dashboard does (served from the health monitor's state).
curl -fsS -o /dev/null -X PUT "http://127.0.0.1:$port/v1/accounts/bench-1" --data-binary @bench/account-10.json
run "GET /v1/accounts/{id}/health" /v1/accounts/bench-1/health
