/**
 * Our entries in `permissions.allow` of `.claude/settings.json`: the
 * read-only tools of the project's MCP server, so headless `claude -p` can
 * search knowledge and read the event trail without an approval prompt.
 * Entries are appended only when missing, and only those `init` added
 * (recorded in the manifest) are removed again: an entry the user had
 * before stays theirs.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import {
  appendArrayElement,
  insertProperty,
  nodeAt,
  parseJsonTree,
  removeArrayElement,
  removeProperty,
} from "./json_text.ts";

/** The MCP server's tools that only read (`mutates: false` in plugins/mcp/tools_*.ts). */
export const READ_ONLY_MCP_TOOLS: readonly string[] = [
  "knowledge_query",
  "knowledge_get",
  "knowledge_list",
  "file_get",
  "file_list",
  "contract_get",
  "adr_get",
  "adr_list",
  "agent_list",
  "spec",
  "event_query",
  "event_trace",
  "task_status",
  "task_list",
];

/**
 * The `permissions.allow` rules for the read-only tools of server `server`.
 *
 * @example
 * ```ts
 * readOnlyAllowRules("super-agents")[0]; // "mcp__super-agents__knowledge_query"
 * ```
 */
export function readOnlyAllowRules(server: string): string[] {
  return READ_ONLY_MCP_TOOLS.map((tool) => `mcp__${server}__${tool}`);
}

/** The string entries of `permissions.allow` in settings text (none when absent or malformed). */
export function allowEntries(text: string | undefined): string[] {
  if (text === undefined || text.trim() === "") return [];
  let allow: unknown;
  try {
    allow = JSON.parse(text)?.permissions?.allow;
  } catch {
    return []; // not JSON: the merge itself reports that with the file's name
  }
  return Array.isArray(allow) ? allow.filter((rule) => typeof rule === "string") : [];
}

/** `text` with each rule of `rules` that is missing appended to `permissions.allow`. */
export function addAllowRules(text: string, rules: readonly string[], path: string): string {
  const present = new Set(allowEntries(text));
  const missing = rules.filter((rule) => !present.has(rule));
  if (missing.length === 0) return text;
  const root = parseJsonTree(text, path);
  const permissions = nodeAt(root, ["permissions"]);
  if (!permissions) return insertProperty(text, [], "permissions", { allow: missing }, path);
  if (permissions.type !== "object") throw shapeError(path, "permissions", "object");
  const allow = nodeAt(root, ["permissions", "allow"]);
  if (!allow) return insertProperty(text, ["permissions"], "allow", missing, path);
  if (allow.type !== "array") throw shapeError(path, "permissions.allow", "array");
  for (const rule of missing) text = appendArrayElement(text, ["permissions", "allow"], rule, path);
  return text;
}

/**
 * `text` without the rules in `rules`; `permissions.allow` and `permissions`
 * go when nothing is left in them.
 */
export function removeAllowRules(text: string, rules: readonly string[], path: string): string {
  const remove = new Set(rules);
  const entries: unknown[] = JSON.parse(text)?.permissions?.allow ?? [];
  if (!Array.isArray(entries)) return text;
  const indexes = entries.map((rule, index) =>
    typeof rule === "string" && remove.has(rule) ? index : -1
  )
    .filter((index) => index >= 0);
  if (indexes.length === 0) return text;
  for (const index of indexes.reverse()) {
    text = removeArrayElement(text, ["permissions", "allow"], index, path);
  }
  if (indexes.length === entries.length) {
    text = removeProperty(text, ["permissions"], "allow", path);
    if (Object.keys(JSON.parse(text).permissions).length === 0) {
      text = removeProperty(text, [], "permissions", path);
    }
  }
  return text;
}

function shapeError(path: string, key: string, type: string): SuperAgentsError {
  return new SuperAgentsError("JSON_SHAPE", `${path}: "${key}" must be a JSON ${type}`, {
    hint: `fix ${path} so "${key}" is an ${type}, then rerun`,
  });
}
