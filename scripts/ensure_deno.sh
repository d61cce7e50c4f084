#!/usr/bin/env bash
# Prints the path of a Deno 2.9.6 binary, installing it from npm when missing.
# Needs only Node/npm: the deno npm package ships the binary for this platform.
set -euo pipefail
want="2.9.6"
if command -v deno >/dev/null 2>&1 && deno --version 2>/dev/null | head -n1 | grep -q "deno $want"; then
  command -v deno
  exit 0
fi
prefix="${SUPER_AGENTS_DENO_PREFIX:-$HOME/.super-agents/deno-$want}"
if [ ! -x "$prefix/node_modules/.bin/deno" ]; then
  echo "installing deno $want from npm into $prefix" >&2
  mkdir -p "$prefix"
  npm install --silent --no-audit --no-fund --prefix "$prefix" "deno@$want" >&2
fi
# The npm package's bin is a small node shim; prefer the native binary it wraps.
native=$(find "$prefix/node_modules" -path '*/@deno/*' -type f -name deno 2>/dev/null | head -n1 || true)
if [ -n "$native" ] && [ -x "$native" ]; then
  echo "$native"
else
  echo "$prefix/node_modules/.bin/deno"
fi
