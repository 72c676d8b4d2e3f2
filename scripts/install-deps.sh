#!/usr/bin/env bash
# Installs the Debian 12 packages lockgraph needs to build and test, if missing.
# Idempotent and non-interactive; works as root or through sudo.
set -euo pipefail

packages=(
  build-essential cmake ninja-build python3 python3-jsonschema python3-yaml
  clang-19 libclang-19-dev llvm-19-dev libclang-rt-19-dev
  libboost-graph-dev libgtest-dev graphviz libgraphviz-dev pkg-config
  chromium fonts-dejavu-core python3-pil
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo -n)
else
  echo "lockgraph: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi
echo "lockgraph: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
