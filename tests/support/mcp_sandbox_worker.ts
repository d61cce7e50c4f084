/**
 * Test support: a Web Worker that opens MCP tools the way an agent's worker
 * does (`openMcpToolHost`) and calls `mcp__echo__echo`, posting back the
 * result or the error (with whether Deno's sandbox refused it). The test
 * gives it permissions; the agent-level grant check is switched off
 * (`run: true`) so only Deno's own permission decides.
 * @module
 */

import { openMcpToolHost } from "../../agents/mcp/mcp_tool_host.ts";
import type { McpServerSpec } from "../../agents/mcp/server_specs.ts";

const scope = self as unknown as {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown): void;
};

function deniedBySandbox(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (e instanceof Deno.errors.NotCapable) return true;
  }
  return false;
}

scope.onmessage = async (event) => {
  const { servers, baseEnv, cwd } = event.data as {
    servers: Record<string, McpServerSpec>;
    baseEnv: Record<string, string>;
    cwd: string;
  };
  try {
    const mcp = await openMcpToolHost({
      config: { servers, baseEnv, grants: { run: true, net: true } },
      agent: "sandboxed-agent",
      cwd,
      emit: () => Promise.resolve(),
    });
    try {
      const result = await mcp.host.call("mcp__echo__echo", { text: "from the sandbox" });
      scope.postMessage({ ok: true, result });
    } finally {
      await mcp.close();
    }
  } catch (error) {
    scope.postMessage({
      ok: false,
      message: error instanceof Error ? error.message : String(error),
      denied: deniedBySandbox(error),
    });
  }
};
