#!/usr/bin/env bash
# Installs super-agents for users without Deno: Deno 2.9.6 from npm (needs Node/npm), then the
# `super-agents` launcher via scripts/install.ts. Arguments go to install.ts (--prefix DIR, --force).
#   bash scripts/install.sh                               # from a checkout
#   SUPER_AGENTS_SOURCE=https://host/super-agents bash install.sh   # no checkout: run from a URL
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" && pwd)"
if [ -f "$here/ensure_deno.sh" ]; then
  deno=$(bash "$here/ensure_deno.sh")
else
  # A lone copy of this script: the same steps as scripts/ensure_deno.sh.
  want="2.9.6"
  prefix="${SUPER_AGENTS_DENO_PREFIX:-$HOME/.super-agents/deno-$want}"
  if command -v deno >/dev/null 2>&1 && deno --version | head -n1 | grep -q "deno $want"; then
    deno=$(command -v deno)
  else
    [ -x "$prefix/node_modules/.bin/deno" ] ||
      npm install --silent --no-audit --no-fund --prefix "$prefix" "deno@$want" >&2
    deno=$(find "$prefix/node_modules" -path '*/@deno/*' -type f -name deno | head -n1)
    [ -n "$deno" ] || deno="$prefix/node_modules/.bin/deno"
  fi
fi
if [ -n "${SUPER_AGENTS_SOURCE:-}" ]; then
  source_url="${SUPER_AGENTS_SOURCE%/}"
  exec "$deno" run -A "$source_url/scripts/install.ts" --source "$source_url/main.ts" "$@"
fi
if [ ! -f "$here/install.ts" ]; then
  echo "error: no checkout beside this script and SUPER_AGENTS_SOURCE is not set" >&2
  echo "hint: clone the repository and run scripts/install.sh there, or set SUPER_AGENTS_SOURCE" >&2
  exit 1
fi
exec "$deno" run -A "$here/install.ts" "$@"
