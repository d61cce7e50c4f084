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
  const out = serialize(value);
  if (out === undefined) throw new TypeError("value has no JSON representation");
  return out;
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
