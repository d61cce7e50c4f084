/**
 * Merged tool hosts: every name goes to the host that defines it (the first
 * one when two do), and a name no host defines is a tool error listing what
 * exists — an agent's MCP tools are reachable only through its own host.
 */
import assert from "node:assert/strict";
import type { ToolHost } from "../../../core/plugin.ts";
import { mergeToolHosts } from "../../../agents/tools/merge_hosts.ts";

function host(label: string, names: string[]): ToolHost {
  return {
    definitions: names.map((name) => ({ name, description: name, inputSchema: {} })),
    call: (name, input) =>
      Promise.resolve({ isError: false, content: `${label}:${name}:${JSON.stringify(input)}` }),
  };
}

Deno.test("mergeToolHosts routes each name to its host; unknown names are tool errors", async () => {
  const merged = mergeToolHosts(
    host("builtin", ["Read", "Bash"]),
    host("mcp", ["mcp__echo__echo", "Read"]),
  );
  assert.deepEqual(merged.definitions.map((d) => d.name), ["Read", "Bash", "mcp__echo__echo"]);
  assert.deepEqual(await merged.call("mcp__echo__echo", { text: "hi" }), {
    isError: false,
    content: 'mcp:mcp__echo__echo:{"text":"hi"}',
  });
  assert.equal((await merged.call("Read", {})).content, "builtin:Read:{}", "first host wins");
  const unknown = await merged.call("mcp__github__search", {});
  assert.equal(unknown.isError, true);
  assert.match(
    unknown.content,
    /unknown tool "mcp__github__search"; available: Read, Bash, mcp__echo__echo/,
  );
});
