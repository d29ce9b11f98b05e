#!/usr/bin/env bash
# Scenario valuations per second on one core: a 1,000-option book on a 63-scenario grid,
# Bulwark's engine with every kernel this processor runs (AVX-512, AVX2, baseline; the service
# uses the widest) next to a numpy/scipy peer pricing the same book
# (bench/peers/scenarios_numpy.py). Then the whole request: POST /v1/scenarios of that book
# over HTTP (wrk, one connection, one request at a time) next to the same peer parsing the
# same body and computing in process (bench/peers/scenarios_request_numpy.py).
# One JSON line each, then the ratios. Not a test: run it on a quiet machine.
#   bench/scenarios-bench.sh [OPTIONS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
options="${1:-1000}"
seconds="${2:-10}"
python3 -c 'import numpy, scipy' 2>/dev/null \
  || python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore numpy scipy
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product bulwark-bench >/dev/null
swift build -c release --product bulwark >/dev/null
bulwark=$(.build/release/bulwark-bench scenarios "$options")
peer=$(python3 bench/peers/scenarios_numpy.py "$options")

data="$(mktemp -d)"
port=18093
echo '{"oracle": {"enabled": false}}' > "$data/config.json"
python3 bench/peers/scenarios_request_numpy.py write "$options" "$data/request.json"
.build/release/bulwark serve --port "$port" --data-dir "$data/bulwark" --config "$data/config.json" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break; sleep 0.1; done
curl -fsS -o "$data/answer.json" "http://127.0.0.1:$port/v1/scenarios" --data-binary @"$data/request.json" \
  || { echo "the benchmark request was refused"; exit 1; }
line=$(BODY_FILE="$data/request.json" wrk -t1 -c1 -d"${seconds}s" -s bench/wrk-report.lua "http://127.0.0.1:$port/v1/scenarios" | tail -n 1)
http="{\"benchmark\":\"scenarios-http\",\"options\":$options,\"requestBytes\":$(wc -c < "$data/request.json"),\"answerBytes\":$(wc -c < "$data/answer.json"),\"worstPnl\":$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["underlyings"][0]["worstScenario"]["pnl"])' "$data/answer.json"),${line:1}"
request_peer=$(cd bench/peers && python3 scenarios_request_numpy.py run "$data/request.json")
echo "$bulwark"
echo "$peer"
echo "$http"
echo "$request_peer"
python3 - "$bulwark" "$peer" "$http" "$request_peer" <<'PY'
import json, sys
bulwark, peer, http, request_peer = (json.loads(line) for line in sys.argv[1:])
numpy = peer["valuationsPerSecond"]
print(json.dumps({"benchmark": "scenarios-ratio", "kernel": bulwark["kernel"],
                  "overNumpy": round(bulwark["valuationsPerSecond"] / numpy, 2),
                  "perKernelOverNumpy": {name: round(rate / numpy, 2) for name, rate in bulwark["kernels"].items()},
                  "scalarOverNumpy": round(bulwark["scalarValuationsPerSecond"] / numpy, 2),
                  "sameWorstPnl": abs(bulwark["worstPnl"] - peer["worstPnl"]) <= 1e-6 * abs(peer["worstPnl"])}))
# The whole request: wrk's median latency over HTTP against the peer's median in process.
print(json.dumps({"benchmark": "scenarios-http-ratio", "bulwarkP50Ms": http["p50Ms"],
                  "peerParseAndComputeMs": request_peer["parseAndComputeMs"], "peerWithAnswerMs": request_peer["withAnswerMs"],
                  "overNumpy": round(request_peer["parseAndComputeMs"] / http["p50Ms"], 2),
                  "overNumpyWithAnswer": round(request_peer["withAnswerMs"] / http["p50Ms"], 2),
                  "sameWorstPnl": abs(http["worstPnl"] - request_peer["worstPnl"]) <= 1e-6 * abs(request_peer["worstPnl"])}))
PY
