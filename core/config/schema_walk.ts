/**
 * Reads the shape of the zod config schema: the schema at a dotted key, the
 * kind of value it takes, and the keys a file names that the schema does not
 * know (with the closest valid key as a suggestion). Walking the schema
 * (rather than the defaults) keeps free-form maps such as `models.prices`
 * open to any key.
 * @module
 */

import { closestMatch } from "../cli/suggest.ts";

/** The structural part of a zod 4 schema this module reads. */
export interface SchemaLike {
  _zod: { def: SchemaDef };
}

interface SchemaDef {
  type: string;
  innerType?: SchemaLike;
  in?: SchemaLike;
  shape?: Record<string, SchemaLike>;
  valueType?: SchemaLike;
  element?: SchemaLike;
  entries?: Record<string, string | number>;
  values?: unknown[];
}

const WRAPPERS = new Set(["default", "prefault", "optional", "nullable", "readonly", "catch"]);

/** The schema under defaults, optionals and pipes. */
export function unwrap(schema: SchemaLike): SchemaLike {
  let current = schema;
  while (true) {
    const def = current._zod.def;
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else return current;
  }
}

/** The schema of dotted `key`, or `undefined` when the schema has no such key. */
export function schemaAt(schema: SchemaLike, key: string): SchemaLike | undefined {
  let current: SchemaLike | undefined = schema;
  for (const part of key.split(".")) {
    if (!current) return undefined;
    const def: SchemaDef = unwrap(current)._zod.def;
    if (def.type === "object") current = def.shape?.[part];
    else if (def.type === "record") current = def.valueType;
    else return undefined;
  }
  return current;
}

/** What kind of value a schema takes (for parsing strings from the shell). */
export type ValueKind =
  | "number"
  | "boolean"
  | "string"
  | "enum"
  | "literal"
  | "array"
  | "object"
  | "record"
  | "other";

/** The kind of value `schema` accepts. */
export function valueKind(schema: SchemaLike): ValueKind {
  const type = unwrap(schema)._zod.def.type;
  return (["number", "boolean", "string", "enum", "literal", "array", "object", "record"]
      .includes(type)
    ? type
    : "other") as ValueKind;
}

/** Allowed values of an enum or literal schema, for error messages. */
export function allowedValues(schema: SchemaLike): unknown[] | undefined {
  const def = unwrap(schema)._zod.def;
  if (def.type === "enum" && def.entries) return Object.values(def.entries);
  if (def.type === "literal") return def.values;
  return undefined;
}

/** Every dotted key of the object structure (records stop the walk). */
export function knownKeys(schema: SchemaLike, prefix = ""): string[] {
  const def = unwrap(schema)._zod.def;
  if (def.type !== "object" || !def.shape) return prefix ? [prefix] : [];
  return Object.entries(def.shape).flatMap(([key, child]) =>
    knownKeys(child, prefix ? `${prefix}.${key}` : key)
  );
}

/** A key a file names that the schema does not know. */
export interface UnknownKey {
  key: string;
  /** The closest valid key, when one is close enough to be a likely typo. */
  suggestion?: string;
}

/**
 * Keys in `value` that `schema` does not define.
 *
 * @example
 * ```ts
 * unknownKeys(ConfigSchema, { km: { portMn: 1 } });
 * // [{ key: "km.portMn", suggestion: "km.portMin" }]
 * ```
 */
export function unknownKeys(schema: SchemaLike, value: unknown, prefix = ""): UnknownKey[] {
  const def = unwrap(schema)._zod.def;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [];
  const found: UnknownKey[] = [];
  for (const [key, child] of Object.entries(value)) {
    const dotted = prefix ? `${prefix}.${key}` : key;
    if (def.type === "record" && def.valueType) {
      found.push(...unknownKeys(def.valueType, child, dotted));
    } else if (def.type === "object" && def.shape) {
      const childSchema = def.shape[key];
      if (childSchema) found.push(...unknownKeys(childSchema, child, dotted));
      else {
        const suggestion = suggest(schema, key, prefix) ??
          (prefix ? undefined : closestKey(schema, key));
        found.push({ key: dotted, suggestion });
      }
    }
  }
  return found;
}

function suggest(parent: SchemaLike, key: string, prefix: string): string | undefined {
  const siblings = Object.keys(unwrap(parent)._zod.def.shape ?? {});
  const sibling = closestMatch(key, siblings);
  return sibling === undefined ? undefined : prefix ? `${prefix}.${sibling}` : sibling;
}

/** The closest valid dotted key to `key` anywhere in the schema (for `config get/set`). */
export function closestKey(schema: SchemaLike, key: string): string | undefined {
  const keys = knownKeys(schema);
  const direct = closestMatch(key, keys);
  if (direct) return direct;
  const leaves = keys.map((candidate) => candidate.split(".").pop()!);
  const leaf = closestMatch(key.split(".").pop() ?? key, leaves);
  return leaf === undefined ? undefined : keys[leaves.indexOf(leaf)];
}
