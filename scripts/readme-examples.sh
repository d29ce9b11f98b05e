#!/usr/bin/env bash
# Runs every curl example of README.md against a live server (default http://127.0.0.1:8080)
# and fails when one cannot connect or gets a 5xx: the README's examples must run as written.
# Then checks the fields of the answers it documents (scripts/readme-answers.py).
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:-http://127.0.0.1:8080}"
script="$(mktemp)"
trap 'rm -f "$script"' EXIT
{
  cat <<'PRELUDE'
count=0
curl() {
  local status
  status=$(command curl "$@" -s -o /dev/null -w '%{http_code}') || { echo "failed to run: curl $*"; exit 1; }
  if [[ "$status" == 000 || "$status" -ge 500 ]]; then echo "HTTP $status from: curl $*"; exit 1; fi
  count=$((count + 1))
}
PRELUDE
  # Every ```sh block that calls curl, as written, pointed at $base.
  python3 - "$base" <<'PY'
import re, sys
base = sys.argv[1]
text = open("README.md").read()
for block in re.findall(r"```sh\n(.*?)```", text, re.S):
    if "curl " in block:
        print(block.replace("http://127.0.0.1:8080", base))
PY
  echo 'echo "README examples: $count ran, none failed"'
} > "$script"
bash "$script"
# The answers the README shows must be what the server answers.
python3 scripts/readme-answers.py "$base"
