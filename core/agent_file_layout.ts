/**
 * The layout of our extensions in an agent file's frontmatter. Claude Code
 * validates subagent frontmatter against its own strict list of fields and
 * reports every other top-level key; so our extensions (`version`,
 * `permissions`, `triggers`, `timeout`, …) live under the one namespaced key
 * `super-agents:`. Files written before that keep them at the top level;
 * the parser accepts both ({@linkcode flattenNamespace}) and `upgrade`
 * rewrites old files ({@linkcode toNamespacedLayout}), keeping the user's
 * values, comments and order.
 * @module
 */

import { isMap, isScalar, parseDocument, YAMLMap } from "./deps.ts";
import { SuperAgentsError } from "./errors.ts";

/** The one frontmatter key Claude Code does not know that holds our extensions. */
export const NAMESPACE_KEY = "super-agents";

/** Our extension fields, which belong under {@linkcode NAMESPACE_KEY}. */
export const EXTENSION_KEYS: readonly string[] = [
  "version",
  "permissions",
  "triggers",
  "timeout",
  "budget",
  "provider",
  "thinking",
  "overrides",
];

const FRONTMATTER = /^(---\r?\n)([\s\S]*?\r?\n)(---(?:\r?\n|$))([\s\S]*)$/;

/**
 * A frontmatter object with the `super-agents:` mapping merged into the top
 * level (the old layout unchanged). A key present in both places, or a value
 * of `super-agents` that is not a mapping, is refused.
 *
 * @example
 * ```ts
 * flattenNamespace({ name: "x", "super-agents": { timeout: "5m" } }); // { name: "x", timeout: "5m" }
 * ```
 */
export function flattenNamespace(
  raw: Record<string, unknown>,
  file: string,
): Record<string, unknown> {
  if (!(NAMESPACE_KEY in raw)) return raw;
  const { [NAMESPACE_KEY]: ours, ...rest } = raw;
  if (ours === null || ours === undefined) return rest;
  if (typeof ours !== "object" || Array.isArray(ours)) {
    throw layoutError(file, `"${NAMESPACE_KEY}" must be a mapping of super-agents fields`);
  }
  for (const key of Object.keys(ours)) {
    if (key in rest) {
      throw layoutError(
        file,
        `"${key}" is given both at the top level and under "${NAMESPACE_KEY}"`,
      );
    }
  }
  return { ...rest, ...ours };
}

/** Whether an agent file keeps any of our extensions at the top level (the old layout). */
export function hasTopLevelExtensions(text: string): boolean {
  const yaml = FRONTMATTER.exec(text)?.[2];
  if (yaml === undefined) return false;
  return EXTENSION_KEYS.some((key) => new RegExp(`^${key}\\s*:`, "m").test(yaml));
}

/**
 * The agent file with its top-level extension fields moved, in order and
 * with their comments, under `super-agents:` (created after the last Claude
 * Code field when absent). A file in the new layout, without frontmatter or
 * with YAML that does not parse, is returned unchanged.
 *
 * @example
 * ```ts
 * toNamespacedLayout("---\nname: x\ntimeout: 5m\n---\nBody\n");
 * // "---\nname: x\nsuper-agents:\n  timeout: 5m\n---\nBody\n"
 * ```
 */
export function toNamespacedLayout(text: string): string {
  const match = FRONTMATTER.exec(text);
  if (!match || !hasTopLevelExtensions(text)) return text;
  const [, open, yaml, close, body] = match;
  const doc = parseDocument(yaml);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return text;
  const root = doc.contents as YAMLMap;
  const moved = root.items.filter((pair) =>
    isScalar(pair.key) && EXTENSION_KEYS.includes(String(pair.key.value))
  );
  const existing: unknown = root.get(NAMESPACE_KEY, true);
  if (existing !== undefined && !isMap(existing)) return text;
  root.items = root.items.filter((pair) => !moved.includes(pair));
  const namespace = existing ?? new YAMLMap();
  if (existing === undefined) root.set(NAMESPACE_KEY, namespace);
  namespace.items.push(...moved);
  const newline = open.endsWith("\r\n") ? "\r\n" : "\n";
  let out = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  if (newline === "\r\n") out = out.replace(/\r?\n/g, "\r\n");
  return open + out + close + body;
}

function layoutError(file: string, message: string): SuperAgentsError {
  return new SuperAgentsError("AGENT_INVALID", `${file}: ${message}`, {
    hint:
      `keep each super-agents field once, under "${NAMESPACE_KEY}:" (run \`super-agents upgrade\` to move old files)`,
  });
}
