/**
 * The `.mcp.json` merge: our server is the `mcpServers["super-agents"]`
 * entry; every other server and every other byte stays as the user wrote it.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import {
  insertProperty,
  nodeAt,
  parseJsonTree,
  removeProperty,
  replaceValue,
} from "./json_text.ts";
import type { MergeTarget } from "./merge_target.ts";

/** Name of our entry under `mcpServers`. */
export const MCP_SERVER_NAME = "super-agents";

/**
 * The `.mcp.json` merge for one server entry.
 *
 * @example
 * ```ts
 * const target = mcpJsonTarget(".mcp.json", { command: "super-agents", args: ["mcp"] });
 * target.apply(undefined); // '{\n  "mcpServers": {\n    "super-agents": {...'
 * ```
 */
export function mcpJsonTarget(path: string, server: Record<string, unknown>): MergeTarget {
  return {
    path,
    label: `the mcpServers.${MCP_SERVER_NAME} entry`,
    apply(current) {
      if (current === undefined || current.trim() === "") {
        return JSON.stringify({ mcpServers: { [MCP_SERVER_NAME]: server } }, null, 2) + "\n";
      }
      const root = parseJsonTree(current, path);
      if (root.type !== "object") throw notAnObject(path, "(root)");
      const servers = nodeAt(root, ["mcpServers"]);
      if (!servers) {
        return insertProperty(current, [], "mcpServers", { [MCP_SERVER_NAME]: server }, path);
      }
      if (servers.type !== "object") throw notAnObject(path, "mcpServers");
      if (nodeAt(servers, [MCP_SERVER_NAME])) {
        return replaceValue(current, ["mcpServers", MCP_SERVER_NAME], server, path);
      }
      return insertProperty(current, ["mcpServers"], MCP_SERVER_NAME, server, path);
    },
    extract(current) {
      const parsed = JSON.parse(current);
      const entry = parsed?.mcpServers?.[MCP_SERVER_NAME];
      return entry === undefined ? undefined : JSON.stringify(entry);
    },
    remove(current) {
      const root = parseJsonTree(current, path);
      if (nodeAt(root, ["mcpServers", MCP_SERVER_NAME]) === undefined) return current;
      let text = removeProperty(current, ["mcpServers"], MCP_SERVER_NAME, path);
      const parsed = JSON.parse(text);
      if (Object.keys(parsed.mcpServers).length === 0) {
        text = removeProperty(text, [], "mcpServers", path);
      }
      return Object.keys(JSON.parse(text)).length === 0 ? undefined : text;
    },
  };
}

function notAnObject(path: string, key: string): SuperAgentsError {
  return new SuperAgentsError("JSON_SHAPE", `${path}: "${key}" must be a JSON object`, {
    hint: `fix ${path} so "${key}" is an object ({ ... }), then rerun`,
  });
}
