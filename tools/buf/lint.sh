#!/usr/bin/env bash
# Runs `buf lint` on protos/. Needs `npm ci` in tools/buf (for the pinned buf CLI).
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/buf/node_modules/.bin/buf lint
echo "buf lint: clean"
