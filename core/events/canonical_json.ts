/**
 * Canonical JSON: object keys sorted by code unit at every level, no
 * whitespace, `undefined` members dropped (as `JSON.stringify` does). Two
 * equal values always serialise to the same bytes, which is what the event
 * hash chain is computed over.
 * @module
 */

/**
 * The canonical JSON text of `value`.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  // Where every object already lists its keys in order, JSON.stringify gives the same text faster.
  const out = inOrder(value, 0) ? JSON.stringify(value) : serialize(value);
  if (out === undefined) throw new TypeError("value has no JSON representation");
  return out;
}

/**
 * Whether `JSON.stringify(value)` is already canonical (keys in order at
 * every level, no `toJSON`), so a caller that built an object in order
 * needs to check only the members it did not build.
 */
export function inCanonicalOrder(value: unknown): boolean {
  return inOrder(value, 0);
}

/** Nesting beyond which the check gives up (the general path then handles it). */
const MAX_CHECK_DEPTH = 32;

/**
 * Whether `JSON.stringify(value)` is already canonical: every object's keys
 * are in code-unit order at every level, and nothing defines `toJSON` (whose
 * result could be an object in any order).
 */
function inOrder(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== "object") return true;
  if (depth > MAX_CHECK_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!inOrder(value[i], depth + 1)) return false;
    return true;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.toJSON === "function") return false;
  let previous = "";
  let first = true;
  for (const key of Object.keys(record)) {
    if (!first && !(previous < key)) return false;
    if (!inOrder(record[key], depth + 1)) return false;
    previous = key;
    first = false;
  }
  return true;
}

function serialize(value: unknown): string | undefined {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "bigint":
      throw new TypeError("BigInt values cannot be serialised to JSON");
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  const object = value as { toJSON?: () => unknown };
  if (typeof object.toJSON === "function") return serialize(object.toJSON());
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      out += (i === 0 ? "" : ",") + (serialize(value[i]) ?? "null");
    }
    return out + "]";
  }
  // String concatenation instead of parts + join: this runs for every appended event.
  const record = value as Record<string, unknown>;
  let out = "{";
  for (const key of Object.keys(record).sort()) {
    const item = serialize(record[key]);
    if (item !== undefined) out += (out.length === 1 ? "" : ",") + JSON.stringify(key) + ":" + item;
  }
  return out + "}";
}
