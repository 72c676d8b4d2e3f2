#!/usr/bin/env bash
# Configures (once) and builds lockgraph in build/ with the default preset.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [ ! -f build/CMakeCache.txt ] || ! grep -q "BUILD_TESTING:BOOL=ON" build/CMakeCache.txt; then
  cmake --preset default -DBUILD_TESTING=ON >/dev/null
fi
cmake --build build -j "$(nproc)"
