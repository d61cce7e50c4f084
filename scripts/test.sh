#!/usr/bin/env bash
# The test command of the README: installs Deno from npm if needed, starts the
# services the tests use, runs `deno test`, and ends with "N passed, N failed, N skipped"
# (skipped: tests whose service is missing; under CI=true a missing service fails instead).
set -uo pipefail
cd "$(dirname "$0")/.."
deno=$(bash scripts/ensure_deno.sh) || { echo "could not install deno"; echo "0 passed, 1 failed"; exit 1; }
export PATH="$(dirname "$deno"):$PATH"
services=$(bash scripts/services.sh start) || true
[ -n "$services" ] && export $services
log=$(mktemp)
lock_before=$(sha256sum deno.lock 2>/dev/null)
# Everything is cached first: the CLI and the tests run with --cached-only, as the installed
# launcher does (no plugin can make Deno fetch an npm package outside its permissions).
"$deno" run -A --quiet scripts/cache_modules.ts --dev || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
"$deno" test -A --cached-only --parallel "$@" tests/ 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
bash scripts/services.sh stop >/dev/null 2>&1 || true
summary=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -aE '^(ok|FAILED) \| ' | tail -n1)
passed=$(echo "$summary" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)
failed=$(echo "$summary" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || echo 0)
skipped=$(echo "$summary" | grep -oE '[0-9]+ ignored' | grep -oE '[0-9]+' || echo 0)
[ -z "$summary" ] && failed=$(( failed > 0 ? failed : 1 ))
# Tests share this checkout; none may leave its lockfile changed (a CLI that
# imports remote modules runs with its own copy: createSandbox({ ownLockfile: true })).
if [ "$(sha256sum deno.lock 2>/dev/null)" != "$lock_before" ]; then
  echo "the tests changed the checkout's deno.lock:"; git --no-pager diff --stat -- deno.lock
  failed=$(( failed + 1 )); status=1
fi
rm -f "$log"
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
