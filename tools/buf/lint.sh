#!/usr/bin/env bash
# Runs `buf lint` on protos/. Needs `dotnet restore` (for the google/api protos) and
# `npm ci` in tools/buf (for the pinned buf CLI).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
src=$(ls -d "$packages"/google.api.commonprotos/*/content/protos 2>/dev/null | sort -V | tail -n 1)
if [ -z "$src" ]; then
  echo "google.api.commonprotos not found under $packages: run dotnet restore first" >&2
  exit 1
fi
rm -rf .buf-deps && mkdir -p .buf-deps/googleapis/google/api
cp "$src"/google/api/annotations.proto "$src"/google/api/http.proto .buf-deps/googleapis/google/api/
tools/buf/node_modules/.bin/buf lint
echo "buf lint: clean"
