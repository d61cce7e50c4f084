/**
 * Dotted configuration keys: flattening, expanding, reading, merging, the
 * environment variable of a key, and parsing a string from the shell into
 * the type the schema expects for that key.
 * @module
 */

import { SuperAgentsError } from "../errors.ts";
import { configSchema } from "./sections.ts";
import { allowedValues, closestKey, schemaAt, valueKind } from "./schema_walk.ts";

/** Every leaf of a nested object as `[dotted key, value]` (arrays are leaves). */
export function* leafEntries(value: unknown, prefix = ""): Generator<[string, unknown]> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      yield* leafEntries(child, prefix ? `${prefix}.${key}` : key);
    }
  } else if (prefix) {
    yield [prefix, value];
  }
}

/** Reads a dotted key from a nested object. */
export function getDotted(value: unknown, key: string): unknown {
  let current = value;
  for (const part of key.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Sets a dotted key in a nested object, creating intermediate objects. */
export function setDotted(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === null || typeof next !== "object" || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

/** `{ "a.b": 1 }` → `{ a: { b: 1 } }`. */
export function expandDotted(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) setDotted(out, key, value);
  return out;
}

/** Merges `source` into `target` (objects recursively; arrays and scalars replace). */
export function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (
      value && typeof value === "object" && !Array.isArray(value) &&
      existing && typeof existing === "object" && !Array.isArray(existing)
    ) {
      deepMerge(existing as Record<string, unknown>, value as Record<string, unknown>);
    } else {
      target[key] = value;
    }
  }
}

/** `km.portMin` → `SUPER_AGENTS_KM_PORT_MIN`. */
export function envNameOf(key: string): string {
  return "SUPER_AGENTS_" +
    key.replace(/\./g, "_").replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

/** The schema of `key`, or an error naming the closest valid key. */
export function requireKey(key: string) {
  const schema = schemaAt(configSchema(), key);
  if (schema) return schema;
  const suggestion = closestKey(configSchema(), key);
  throw new SuperAgentsError("CONFIG_UNKNOWN_KEY", `unknown config key "${key}"`, {
    hint: suggestion
      ? `did you mean "${suggestion}"?`
      : "run `super-agents config list` to see every key",
    details: { key, suggestion },
  });
}

function invalid(origin: string, raw: string, key: string, expected: string, example: string) {
  const where = origin.includes(key) ? origin : `${origin} (key ${key})`;
  return new SuperAgentsError(
    "CONFIG_INVALID",
    `${where}: "${raw}" is not ${expected}`,
    { hint: `give ${expected}, e.g. ${example}`, details: { key } },
  );
}

/**
 * Parses a string from the environment or `config set` into the key's type:
 * numbers, booleans (`true/false/1/0`), JSON or comma lists for arrays, JSON
 * for maps. Range and enum checks happen when the layer is validated.
 */
export function coerce(raw: string, key: string, origin: string): unknown {
  const schema = requireKey(key);
  switch (valueKind(schema)) {
    case "number": {
      const value = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(value)) {
        throw invalid(origin, raw, key, "a number", "5001");
      }
      return value;
    }
    case "boolean":
      if (!["true", "false", "1", "0"].includes(raw)) {
        throw invalid(origin, raw, key, "true or false", "true");
      }
      return raw === "true" || raw === "1";
    case "literal": {
      const [literal] = allowedValues(schema) ?? [];
      return typeof literal === "number" ? Number(raw) : raw;
    }
    case "array":
      if (!raw.trim().startsWith("[")) return raw.split(",").map((item) => item.trim());
      return parseJson(raw, key, origin, "a JSON array", '["opus","sonnet"]');
    case "object":
    case "record":
      return parseJson(raw, key, origin, "a JSON object", '{"name": "value"}');
    default:
      return raw;
  }
}

function parseJson(raw: string, key: string, origin: string, expected: string, example: string) {
  try {
    return JSON.parse(raw);
  } catch {
    throw invalid(origin, raw, key, expected, example); // the JSON error adds nothing for a user
  }
}
