#!/usr/bin/env bash
# Builds lockgraph with AddressSanitizer and UndefinedBehaviorSanitizer in build-asan/
# and runs the test suite there, except what needs the preload library (a sanitized
# process cannot LD_PRELOAD it: ASan must come first) and the install tests (cli_installed, cmake_package).
#   scripts/sanitize.sh [CTEST ARGS...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# Without Graphviz: the main build tests the HTML page's drawing, this one the list that
# replaces it when Graphviz is absent.
if [ ! -f build-asan/build.ninja ]; then
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON \
    -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" -DLOCKGRAPH_GRAPHVIZ=OFF >/dev/null
elif ! grep -q '^LOCKGRAPH_GRAPHVIZ:BOOL=OFF' build-asan/CMakeCache.txt; then
  cmake build-asan -DLOCKGRAPH_GRAPHVIZ=OFF >/dev/null
fi
cmake --build build-asan -j "$(nproc)" --target lockgraph lockgraph_unit_tests \
  lockgraph_runtime_tests
cd build-asan
# LLVM's own libraries are not instrumented; leaks of the one-shot CLI are not bugs.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# `run`'s own checks (before any program runs) need a library to find: the main build's.
if [ -f "$root/build/runtime-hooks/liblockgraph-preload.so" ]; then
  export LOCKGRAPH_PRELOAD="$root/build/runtime-hooks/liblockgraph-preload.so"
fi
ctest --output-on-failure -j "$(nproc)" \
  -E '^runtime/|cli/cli_(run|report|lock_stats|held_locks|file_safety|write_error|run_liveness|run_edges|run_traces|installed|check_runtime_corpus)$|^cli/cmake_package$' "$@"
