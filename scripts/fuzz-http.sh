#!/usr/bin/env bash
# Builds the libFuzzer target for the HTTP request parser and chunked decoder, replays
# the regression inputs, then fuzzes for SECONDS (default 60). New crashes are written
# to fuzz/crashes/; copy each into Tests/HTTPServerTests/FuzzRegressions/ once fixed.
#   scripts/fuzz-http.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
# -sanitize-coverage is explicit: SwiftPM's --sanitize=fuzzer alone instruments only the
# entry point's module, not the parser's.
swift build -c release --scratch-path .build-fuzz --sanitize=fuzzer --sanitize=address --product http-fuzzer \
  -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
fuzzer="$(swift build -c release --scratch-path .build-fuzz --sanitize=fuzzer --sanitize=address --product http-fuzzer \
  -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp --show-bin-path)/http-fuzzer"
export SWIFT_BACKTRACE=enable=no
echo "replaying regression inputs"
"$fuzzer" Tests/HTTPServerTests/FuzzRegressions/* -runs=1 >/dev/null 2>&1 || { echo "a regression input fails"; exit 1; }
work="$(mktemp -d)"
cp fuzz/http-corpus/* "$work/"
mkdir -p fuzz/crashes
echo "fuzzing for ${seconds}s"
"$fuzzer" "$work" -dict=fuzz/http.dict -max_total_time="$seconds" -max_len=8192 -artifact_prefix=fuzz/crashes/ -print_final_stats=1 2>&1 | tail -n 12
rm -rf "$work"
