#!/usr/bin/env bash
# Scenario valuations per second on one core: a 1,000-option book on a 63-scenario grid,
# Bulwark's engine (portable build, and built for this CPU) next to a numpy/scipy peer
# pricing the same book (bench/peers/scenarios_numpy.py). One JSON line each, then the ratios.
# Not a test: run it on a quiet machine.
#   bench/scenarios-bench.sh [OPTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
options="${1:-1000}"
python3 -c 'import numpy, scipy' 2>/dev/null \
  || python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore numpy scipy
swift build -c release --product bulwark-bench >/dev/null
# The same code with the host's vector units (AVX2/AVX-512, FMA): what a venue gets by building
# on its own hardware. The default build targets baseline x86-64 (SSE2) and runs anywhere.
swift build -c release --product bulwark-bench --scratch-path .build-native -Xswiftc -target-cpu -Xswiftc native >/dev/null 2>&1
portable=$(.build/release/bulwark-bench scenarios "$options")
native=$(.build-native/release/bulwark-bench scenarios "$options")
peer=$(python3 bench/peers/scenarios_numpy.py "$options")
echo "$portable"
echo "$native" | sed 's/"benchmark":"scenarios"/"benchmark":"scenarios","build":"native"/'
echo "$peer"
python3 - "$portable" "$native" "$peer" <<'PY'
import json, sys
portable, native, peer = (json.loads(line) for line in sys.argv[1:])
print(json.dumps({"benchmark": "scenarios-ratio",
                  "portableOverNumpy": round(portable["valuationsPerSecond"] / peer["valuationsPerSecond"], 2),
                  "nativeOverNumpy": round(native["valuationsPerSecond"] / peer["valuationsPerSecond"], 2),
                  "sameWorstPnl": abs(portable["worstPnl"] - peer["worstPnl"]) <= 1e-6 * abs(peer["worstPnl"])}))
PY
