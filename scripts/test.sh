#!/usr/bin/env bash
# Every test: types, lint, unit + integration (PGlite, then PostgreSQL when it answers), build, e2e.
set -euo pipefail
cd "$(dirname "$0")/.."
# Nothing leaves the machine: no Next.js telemetry.
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if [ ! -d node_modules ]; then
  step "Installing npm packages"
  bash scripts/install.sh
fi

# Debian packages the tests need: chromium (end-to-end) and LibreOffice Calc (the template test
# opens the template in it). Installed when missing; a test whose tool is still missing skips and says why.
apt_install() {
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  fi
}
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/soffice ] || missing+=(libreoffice-calc)
if [ ${#missing[@]} -gt 0 ]; then
  step "Installing Debian packages for the tests: ${missing[*]}"
  apt_install "${missing[@]}" || echo "Could not install ${missing[*]}: the tests that need them are skipped, with the reason." >&2
fi

step "Type check"
npx tsc --noEmit

step "Lint"
npx eslint . --max-warnings 0

step "Unit and integration tests on PGlite"
env -u DATABASE_URL -u TEST_DATABASE_URL npx vitest run
step "Timed tests, on their own"
env -u DATABASE_URL -u TEST_DATABASE_URL VITEST_ALONE=1 npx vitest run

PG_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
if node -e "const c=new (require('pg').Client)({connectionString:process.argv[1],connectionTimeoutMillis:3000});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))" "$PG_URL"; then
  step "Integration tests on PostgreSQL"
  TEST_DATABASE_URL="$PG_URL" npx vitest run
elif [ -n "${CI:-}" ]; then
  echo "PostgreSQL does not answer at $PG_URL; CI requires it." >&2
  exit 1
else
  echo "PostgreSQL does not answer at $PG_URL: skipping the PostgreSQL run."
fi

step "Build"
npx next build

step "End-to-end tests (Debian chromium)"
npx playwright test
