/**
 * MCP tool inputs are JSON, not query strings: the KM's handler schemas
 * coerce numbers (for `?limit=5`), which over MCP would accept `"5"`, `true`
 * and `null` (the last as a misleading "Too small"). {@linkcode strictIntegers}
 * puts a strict integer check in front of every coerced number of a schema,
 * with a message naming what was received. {@linkcode jsonObjectText} is
 * how a tool takes a free-form JSON object (a contract, a task's extra
 * input) without a free-form schema (`additionalProperties: {}`, which
 * strict MCP clients warn about): as JSON text, parsed and checked here.
 * @module
 */

import { z } from "../../core/deps.ts";
import { exceedsJsonDepth, MAX_JSON_DEPTH } from "../../core/json_depth.ts";

type Def = { type: string; coerce?: boolean; innerType?: z.ZodType; defaultValue?: unknown };

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

const integer = (original: z.ZodType) =>
  z.int({
    error: (issue) =>
      `expected an integer, received ${
        issue.input === null ? "null" : Array.isArray(issue.input) ? "array" : typeof issue.input
      }`,
  }).pipe(original as z.ZodType<unknown, number>);

function strictField(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  if (def.type === "number" && def.coerce) return integer(schema);
  if (def.type === "default" && def.innerType) {
    const inner = strictField(def.innerType);
    return inner === def.innerType ? schema : inner.default(def.defaultValue as never);
  }
  if (def.type === "optional" && def.innerType) {
    const inner = strictField(def.innerType);
    return inner === def.innerType ? schema : inner.optional();
  }
  return schema;
}

/**
 * `schema` with every coerced number (also under `.default()`/`.optional()`)
 * accepting JSON integers only.
 *
 * @example
 * ```ts
 * strictIntegers(IdInputSchema).safeParse({ id: "5" }).success; // false
 * ```
 */
export function strictIntegers(schema: z.ZodObject): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  let changed = false;
  for (const [key, field] of Object.entries(schema.shape)) {
    shape[key] = strictField(field as z.ZodType);
    changed ||= shape[key] !== field;
  }
  if (!changed) return schema;
  const strict = defOf(schema as unknown as z.ZodType) as unknown as { catchall?: z.ZodType };
  const rebuilt = z.object(shape);
  return strict.catchall && defOf(strict.catchall).type === "never" ? rebuilt.strict() : rebuilt;
}

/**
 * A JSON object given as text: parsed, and refused unless it is an object
 * no deeper than the KM accepts.
 */
export function jsonObjectText(description: string) {
  return z.string().max(1_000_000).describe(`${description} (JSON text of an object)`)
    .transform((text, context) => {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        context.addIssue({ code: "custom", message: `not JSON: ${(error as Error).message}` });
        return z.NEVER;
      }
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        context.addIssue({ code: "custom", message: 'must be a JSON object, e.g. {"k": 1}' });
        return z.NEVER;
      }
      if (exceedsJsonDepth(value, MAX_JSON_DEPTH)) {
        context.addIssue({ code: "custom", message: `nests deeper than ${MAX_JSON_DEPTH} levels` });
        return z.NEVER;
      }
      return value as Record<string, unknown>;
    });
}
