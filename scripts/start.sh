#!/usr/bin/env bash
# The README's "run it" command on a fresh machine: installs Deno 2.9.6 from npm when missing
# (scripts/ensure_deno.sh), then `deno task start` (a demo: init a temp project, show its status).
set -euo pipefail
cd "$(dirname "$0")/.."
deno=$(bash scripts/ensure_deno.sh)
exec "$deno" task start "$@"
