#!/usr/bin/env python3
"""Checks the answers README.md documents: for each ```json block that follows a ```sh block
with one curl command, runs that command against a live server and checks that every
"field": value the block shows (numbers, strings, booleans, null; abridged blocks too) is in
the real answer with that value.
  scripts/readme-answers.py [BASE_URL]"""
import json
import re
import subprocess
import sys

base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
text = open("README.md").read()
blocks = list(re.finditer(r"```(\w+)\n(.*?)```", text, re.S))
scalar = re.compile(r'"([A-Za-z_][A-Za-z0-9_]*)"\s*:\s*("(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*|true|false|null)')


def values(tree, key):
    """Every value of `key` anywhere in the answer."""
    if isinstance(tree, dict):
        for name, value in tree.items():
            if name == key:
                yield value
            yield from values(value, key)
    elif isinstance(tree, list):
        for element in tree:
            yield from values(element, key)


def same(documented, actual):
    # An abridged string ("edb01ce2abda92c5...") stands for any that starts so.
    if isinstance(documented, str) and documented.endswith("...") and isinstance(actual, str):
        return actual.startswith(documented[:-3])
    if isinstance(documented, bool) or isinstance(actual, bool) or documented is None or actual is None:
        return documented is actual or documented == actual
    if isinstance(documented, (int, float)) and isinstance(actual, (int, float)):
        return abs(documented - actual) <= 1e-9 * max(1.0, abs(documented))
    return documented == actual


checked, failures = 0, []
for previous, block in zip(blocks, blocks[1:]):
    if block.group(1) != "json" or previous.group(1) != "sh":
        continue
    command = previous.group(2).strip()
    if command.count("curl ") != 1:
        continue
    run = subprocess.run(["bash", "-c", command.replace("http://127.0.0.1:8080", base)], capture_output=True, text=True)
    try:
        answer = json.loads(run.stdout)
    except ValueError:
        failures.append(f"not JSON from: {command[:80]}...\n  {run.stdout[:200]}")
        continue
    for key, literal in scalar.findall(block.group(2)):
        documented = json.loads(literal)
        found = list(values(answer, key))
        checked += 1
        if not any(same(documented, value) for value in found):
            failures.append(f'"{key}": {literal} documented, the answer has {found[:3] or "no such field"} ({command[:60]}...)')

for failure in failures:
    print("README answer differs:", failure)
print(f"README answers: {checked} documented fields checked, {len(failures)} differ")
sys.exit(1 if failures else 0)
