#!/usr/bin/env bash
# One idempotent set-up for a fresh machine: system packages (Debian/Ubuntu), then `npm ci`
# when node_modules is missing or older than the lock file. Used by `npm test`, `npm run demo`,
# `npm run emulator`, the benchmarks and .ci/run, so every entry point sets itself up.
set -euo pipefail
cd "$(dirname "$0")/.."
quiet=0
[ "${1:-}" = "--quiet" ] && quiet=1

# No Electron binary or Playwright browser can be downloaded on these machines (ENVIRONMENT.md);
# the app's own users get Electron through electron-builder's packaged output instead.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if [ "$(uname -s)" = "Linux" ] && command -v dpkg-query >/dev/null 2>&1; then
  if [ $quiet -eq 1 ]; then bash scripts/setup-system.sh >/dev/null; else bash scripts/setup-system.sh; fi
else
  [ $quiet -eq 1 ] || echo "setup: not Debian/Ubuntu; install the prerequisites listed in README.md by hand"
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi
