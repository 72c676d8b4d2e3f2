#!/usr/bin/env bash
# Installs what is missing, builds lockgraph, and runs `lockgraph check` on the bundled
# example project (examples/bank): a lock-order inversion through calls across files.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" >/dev/null
lockgraph="$root/build/cli/lockgraph"
example="$root/examples/bank"
out="$root/build/demo"
mkdir -p "$out"
# The example's own build produces its compile_commands.json.
cmake -S "$example" -B "$out/bank-build" -G Ninja -DCMAKE_C_COMPILER=clang-19 >/dev/null
echo "== lockgraph check -p $out/bank-build"
set +e
"$lockgraph" check -p "$out/bank-build" --base-dir "$example"
status=$?
"$lockgraph" check -p "$out/bank-build" --base-dir "$example" --format sarif \
  -o "$out/bank.sarif" 2>/dev/null
"$lockgraph" check -p "$out/bank-build" --base-dir "$example" --format dot \
  -o "$out/bank.dot" 2>/dev/null
set -e
echo
echo "SARIF: $out/bank.sarif"
echo "DOT:   $out/bank.dot"
if command -v dot >/dev/null 2>&1; then
  dot -Tsvg "$out/bank.dot" -o "$out/bank.svg" && echo "SVG:   $out/bank.svg"
fi
# Exit 1 means findings were reported, which is what the demo is for.
[ "$status" -le 1 ]
