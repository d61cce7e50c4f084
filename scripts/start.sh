#!/usr/bin/env bash
# The README's "run it" command on a fresh machine: installs Deno 2.9.6 from npm when missing
# (scripts/ensure_deno.sh), then runs the demo (init a temp project, run the workflow, show its
# status). `deno run`, not `deno task start`: a task first installs every npm package of
# deno.json (test-only ones included) and prints a line per download plus a build-script
# warning; `deno run` fetches only the modules the demo loads, quietly.
set -euo pipefail
cd "$(dirname "$0")/.."
deno=$(bash scripts/ensure_deno.sh)
# --cached-only as the installed launcher runs it, with every module cached first.
"$deno" run -A --quiet scripts/cache_modules.ts
exec "$deno" run -A --quiet --cached-only main.ts demo "$@"
