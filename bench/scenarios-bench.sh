#!/usr/bin/env bash
# Scenario valuations per second on one core: a 1,000-option book on a 63-scenario grid,
# Bulwark's engine with every kernel this processor runs (AVX-512, AVX2, baseline; the service
# uses the widest) next to a numpy/scipy peer pricing the same book
# (bench/peers/scenarios_numpy.py). One JSON line each, then the ratios.
# Not a test: run it on a quiet machine.
#   bench/scenarios-bench.sh [OPTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
options="${1:-1000}"
python3 -c 'import numpy, scipy' 2>/dev/null \
  || python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore numpy scipy
swift build -c release --product bulwark-bench >/dev/null
bulwark=$(.build/release/bulwark-bench scenarios "$options")
peer=$(python3 bench/peers/scenarios_numpy.py "$options")
echo "$bulwark"
echo "$peer"
python3 - "$bulwark" "$peer" <<'PY'
import json, sys
bulwark, peer = (json.loads(line) for line in sys.argv[1:])
numpy = peer["valuationsPerSecond"]
print(json.dumps({"benchmark": "scenarios-ratio", "kernel": bulwark["kernel"],
                  "overNumpy": round(bulwark["valuationsPerSecond"] / numpy, 2),
                  "perKernelOverNumpy": {name: round(rate / numpy, 2) for name, rate in bulwark["kernels"].items()},
                  "scalarOverNumpy": round(bulwark["scalarValuationsPerSecond"] / numpy, 2),
                  "sameWorstPnl": abs(bulwark["worstPnl"] - peer["worstPnl"]) <= 1e-6 * abs(peer["worstPnl"])}))
PY
