/**
 * One tool host out of several: the agent's built-in tools plus the tools
 * of its MCP servers. Each call goes to the host that defines the name, so
 * an MCP tool is only reachable by the agent whose servers offer it.
 * @module
 */

import type { ToolHost } from "../../core/plugin.ts";

/**
 * Merges hosts; a name defined twice belongs to the first host that has it.
 *
 * @example
 * ```ts
 * const tools = mergeToolHosts(createToolHost(options), mcp.host);
 * await tools.call("mcp__echo__echo", { text: "hi" });
 * ```
 */
export function mergeToolHosts(...hosts: ToolHost[]): ToolHost {
  const owner = new Map<string, ToolHost>();
  for (const host of hosts) {
    for (const definition of host.definitions) {
      if (!owner.has(definition.name)) owner.set(definition.name, host);
    }
  }
  return {
    definitions: [...owner.entries()].map(([name, host]) =>
      host.definitions.find((definition) => definition.name === name)!
    ),
    call(name, input) {
      const host = owner.get(name);
      if (host) return host.call(name, input);
      return Promise.resolve({
        isError: true,
        content: `unknown tool "${name}"; available: ${[...owner.keys()].join(", ")}`,
      });
    },
  };
}
