#!/usr/bin/env bash
# Installs the npm packages from the lock file. `npm ci` first; this registry serves only some
# platforms' optional binaries (e.g. no @next/swc-darwin-*), so npm writes a lock without them and
# `npm ci` then refuses it ("Missing: … from lock file", npm/cli#4828). Only in that case, install
# from the same lock with `npm install`, which resolves exactly the locked versions for this platform.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
if npm ci --no-audit --no-fund 2>"$log"; then rm -f "$log"; exit 0; fi
if grep -q "from lock file" "$log"; then
  echo "npm ci refused the lock for other platforms' optional packages; installing from it with npm install." >&2
  rm -f "$log"
  exec npm install --no-audit --no-fund
fi
cat "$log" >&2
rm -f "$log"
exit 1
