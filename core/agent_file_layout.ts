/**
 * The layout of our extensions in an agent file's frontmatter. Claude Code
 * validates subagent frontmatter against its own list of fields and logs a
 * warning for every other top-level key, but it defines one mapping whose
 * unknown keys it ignores silently: `experimental:` ("Experimental per-agent
 * options; unknown keys are ignored", Claude Code 2.1.332). So our
 * extensions (`version`, `permissions`, `triggers`, `timeout`, …) live under
 * `experimental: super-agents:`. Two older layouts still parse
 * ({@linkcode flattenNamespace}): the fields at the top level, and under a
 * top-level `super-agents:` key; `upgrade` rewrites both
 * ({@linkcode toNamespacedLayout}), keeping the user's values, comments and
 * order.
 * @module
 */

import { isMap, isScalar, parseDocument, YAMLMap } from "./yaml_deps.ts";
import { SuperAgentsError } from "./errors.ts";

/** Claude Code's frontmatter mapping whose unknown keys it ignores; ours sit inside it. */
export const CONTAINER_KEY = "experimental";

/** The key, inside {@linkcode CONTAINER_KEY}, that holds our extensions. */
export const NAMESPACE_KEY = "super-agents";

/** Where our extensions live, as a path for messages: `experimental.super-agents`. */
export const NAMESPACE_PATH = `${CONTAINER_KEY}.${NAMESPACE_KEY}`;

/** Our extension fields, which belong under {@linkcode NAMESPACE_PATH}. */
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
 * A frontmatter object with our fields merged into the top level, from any of
 * the three layouts; Claude Code's own `experimental` options are dropped
 * (our runtime does not use them). A field given in two places, or a value
 * that is not a mapping where one is expected, is refused with the file named.
 *
 * @example
 * ```ts
 * flattenNamespace({ name: "x", experimental: { "super-agents": { timeout: "5m" } } }, "x.md");
 * // { name: "x", timeout: "5m" }
 * ```
 */
export function flattenNamespace(
  raw: Record<string, unknown>,
  file: string,
): Record<string, unknown> {
  if (!(CONTAINER_KEY in raw) && !(NAMESPACE_KEY in raw)) return raw;
  const { [CONTAINER_KEY]: container, [NAMESPACE_KEY]: legacy, ...rest } = raw;
  const nested = container === null || container === undefined
    ? undefined
    : mappingOf(container, CONTAINER_KEY, file)[NAMESPACE_KEY];
  const origin = new Map(Object.keys(rest).map((key) => [key, "at the top level"]));
  for (const [where, ours] of [[NAMESPACE_PATH, nested], [NAMESPACE_KEY, legacy]] as const) {
    if (ours === null || ours === undefined) continue;
    for (const [key, value] of Object.entries(mappingOf(ours, where, file))) {
      const first = origin.get(key);
      if (first !== undefined) {
        throw layoutError(file, `"${key}" is given both ${first} and under "${where}"`);
      }
      origin.set(key, `under "${where}"`);
      rest[key] = value;
    }
  }
  return rest;
}

function mappingOf(value: unknown, where: string, file: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw layoutError(file, `"${where}" must be a mapping`);
  }
  return value as Record<string, unknown>;
}

/**
 * Whether an agent file is in an older layout: any of our fields, or a
 * `super-agents:` mapping, at the top level of its frontmatter.
 *
 * @example
 * ```ts
 * usesOldLayout("---\nname: x\ntimeout: 5m\n---\nBody\n"); // true
 * ```
 */
export function usesOldLayout(text: string): boolean {
  const yaml = FRONTMATTER.exec(text)?.[2];
  if (yaml === undefined) return false;
  return [...EXTENSION_KEYS, NAMESPACE_KEY].some((key) =>
    new RegExp(`^${key}\\s*:`, "m").test(yaml)
  );
}

/**
 * The agent file in the current layout: top-level extension fields and the
 * items of a top-level `super-agents:` mapping moved, in order and with their
 * comments, under `experimental: super-agents:` (created at the end of the
 * frontmatter when absent). A file already in the current layout, without
 * frontmatter, with YAML that does not parse, or with a non-mapping where a
 * mapping belongs, is returned unchanged (the parser then names the problem).
 *
 * @example
 * ```ts
 * toNamespacedLayout("---\nname: x\ntimeout: 5m\n---\nBody\n");
 * // "---\nname: x\nexperimental:\n  super-agents:\n    timeout: 5m\n---\nBody\n"
 * ```
 */
export function toNamespacedLayout(text: string): string {
  const match = FRONTMATTER.exec(text);
  if (!match || !usesOldLayout(text)) return text;
  const [, open, yaml, close, body] = match;
  const doc = parseDocument(yaml);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return text;
  const root = doc.contents as YAMLMap;
  const legacy: unknown = root.get(NAMESPACE_KEY, true);
  const container: unknown = root.get(CONTAINER_KEY, true);
  if (legacy !== undefined && !isMap(legacy)) return text;
  if (container !== undefined && !isMap(container)) return text;
  const existing: unknown = (container as YAMLMap | undefined)?.get(NAMESPACE_KEY, true);
  if (existing !== undefined && !isMap(existing)) return text;
  const moved = root.items.filter((pair) =>
    isScalar(pair.key) && EXTENSION_KEYS.includes(String(pair.key.value))
  );
  root.items = root.items.filter((pair) =>
    !moved.includes(pair) && !(isScalar(pair.key) && pair.key.value === NAMESPACE_KEY)
  );
  const namespace = (existing ?? legacy ?? new YAMLMap()) as YAMLMap;
  if (existing !== undefined && legacy !== undefined) {
    namespace.items.push(...(legacy as YAMLMap).items);
  }
  namespace.items.push(...moved);
  const outer = (container ?? new YAMLMap()) as YAMLMap;
  if (existing === undefined) outer.set(NAMESPACE_KEY, namespace);
  if (container === undefined) root.set(CONTAINER_KEY, outer);
  const newline = open.endsWith("\r\n") ? "\r\n" : "\n";
  let out = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  if (newline === "\r\n") out = out.replace(/\r?\n/g, "\r\n");
  return open + out + close + body;
}

function layoutError(file: string, message: string): SuperAgentsError {
  return new SuperAgentsError("AGENT_INVALID", `${file}: ${message}`, {
    hint:
      `keep each super-agents field once, under "${CONTAINER_KEY}: ${NAMESPACE_KEY}:" (run \`super-agents upgrade\` to move old files)`,
  });
}
