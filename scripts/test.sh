#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test with CTest; then runs each
# fuzz target for a fixed number of inputs (scripts/fuzz.sh runs them for longer).
#   scripts/test.sh [--sanitize] [CTEST ARGS...]
#   --sanitize: also build with ASan and UBSan (build-asan/) and run the suite there,
#               except the preload library's tests (scripts/sanitize.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sanitize=0
if [ "${1:-}" = "--sanitize" ]; then sanitize=1; shift; fi
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure -j "$(nproc)" "$@"
"$root/scripts/fuzz.sh" --runs "${LOCKGRAPH_FUZZ_RUNS:-2000}"
if [ $sanitize = 1 ]; then
  "$root/scripts/sanitize.sh"
fi
