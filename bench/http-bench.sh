#!/usr/bin/env bash
# HTTP benchmark: wrk on loopback against POST /v1/margin (a 10-position portfolio),
# GET /v1/accounts/{id}/health and GET /healthz on Bulwark's own server, and the first two on
# a Hummingbird 2 peer (bench/peers/hummingbird-peer) that serves them through the same
# BulwarkAPI handlers and RiskCore: the difference is the HTTP layer. The peer's POST /trivial
# (the same body parsed by Foundation, a fixed answer) is the margin route's other reference. Prints one JSON line
# per run, then the ratios. Not a test: run it on a quiet machine.
#   bench/http-bench.sh [SECONDS] [CONNECTIONS]
# BASELINE=path/to/an/older/bulwark adds that build's POST /v1/margin to the same run
# (build it from a worktree of the commit to compare with).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
connections="${2:-32}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product bulwark >/dev/null
# A build directory left from an older tree can name source files that are gone: retry clean.
(cd bench/peers/hummingbird-peer && { swift build -c release >/tmp/hummingbird-peer-build.log 2>&1 \
  || { rm -rf .build && swift build -c release >/tmp/hummingbird-peer-build.log 2>&1; }; }) \
  || { echo "the Hummingbird peer did not build: see /tmp/hummingbird-peer-build.log"; exit 1; }
port=18090
peer_port=18091
data="$(mktemp -d)"
# Both without price feeds, so both answer from the same state; anonymous writes on loopback,
# explicitly, for the account the health route polls.
echo '{"oracle": {"enabled": false}, "auth": {"anonymous": "admin"}}' > "$data/config.json"
.build/release/bulwark serve --port "$port" --data-dir "$data/bulwark" --config "$data/config.json" 2>/dev/null &
server=$!
bench/peers/hummingbird-peer/.build/release/HummingbirdPeer "$peer_port" "$data/peer" >/dev/null 2>&1 &
peer=$!
baseline_port=18092
targets=("$port" "$peer_port")
if [[ -n "${BASELINE:-}" ]]; then
  "$BASELINE" serve --port "$baseline_port" --data-dir "$data/baseline" --config "$data/config.json" 2>/dev/null &
  baseline=$!
  targets+=("$baseline_port")
fi
trap 'kill $server $peer ${baseline:-} 2>/dev/null || true' EXIT
for target in "${targets[@]}"; do
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null -X PUT "http://127.0.0.1:$target/v1/accounts/bench-1" --data-binary @bench/account-10.json 2>/dev/null && break
    sleep 0.1
  done
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$target/v1/margin" --data-binary @bench/margin-10.json)
  [[ "$status" == 200 ]] || { echo "the benchmark portfolio answered $status on port $target"; exit 1; }
done
run() {
  local server_name="$1" target="$2" name="$3" path="$4" body="${5:-}"
  local line
  line=$(BODY_FILE="$body" wrk -t1 -c"$connections" -d"${seconds}s" -s bench/wrk-report.lua "http://127.0.0.1:$target$path" | tail -n 1)
  echo "{\"benchmark\":\"http\",\"server\":\"$server_name\",\"route\":\"$name\",\"connections\":$connections,\"threads\":1,${line:1}"
}
results=()
results+=("$(run bulwark "$port" "POST /v1/margin" /v1/margin bench/margin-10.json)")
results+=("$(run hummingbird "$peer_port" "POST /v1/margin" /v1/margin bench/margin-10.json)")
results+=("$(run hummingbird "$peer_port" "POST /trivial" /trivial bench/margin-10.json)")
if [[ -n "${BASELINE:-}" ]]; then
  results+=("$(run bulwark-baseline "$baseline_port" "POST /v1/margin" /v1/margin bench/margin-10.json)")
fi
results+=("$(run bulwark "$port" "GET /v1/accounts/{id}/health" /v1/accounts/bench-1/health)")
results+=("$(run hummingbird "$peer_port" "GET /v1/accounts/{id}/health" /v1/accounts/bench-1/health)")
results+=("$(run bulwark "$port" "GET /healthz" /healthz)")
printf '%s\n' "${results[@]}"
python3 - "${results[@]}" <<'PY'
import json, sys
rows = [json.loads(line) for line in sys.argv[1:]]
by = {(r["server"], r["route"]): r for r in rows}
for route in ("POST /v1/margin", "GET /v1/accounts/{id}/health"):
    ours, peer = by[("bulwark", route)], by[("hummingbird", route)]
    print(json.dumps({"benchmark": "http-ratio", "route": route,
                      "bulwarkOverHummingbird": round(ours["requestsPerSecond"] / peer["requestsPerSecond"], 2),
                      "bulwarkP99Ms": ours["p99Ms"], "hummingbirdP99Ms": peer["p99Ms"]}))
# Issue 17's reference: Bulwark's margin route against Hummingbird with a trivial JSON handler.
trivial = by[("hummingbird", "POST /trivial")]
print(json.dumps({"benchmark": "http-ratio", "route": "POST /v1/margin vs Hummingbird POST /trivial",
                  "bulwarkOverTrivialHummingbird": round(by[("bulwark", "POST /v1/margin")]["requestsPerSecond"] / trivial["requestsPerSecond"], 2),
                  "trivialP99Ms": trivial["p99Ms"]}))
baseline = by.get(("bulwark-baseline", "POST /v1/margin"))
if baseline:
    ours = by[("bulwark", "POST /v1/margin")]
    print(json.dumps({"benchmark": "http-ratio", "route": "POST /v1/margin",
                      "bulwarkOverBaseline": round(ours["requestsPerSecond"] / baseline["requestsPerSecond"], 2),
                      "bulwarkP99Ms": ours["p99Ms"], "baselineP99Ms": baseline["p99Ms"]}))
PY
