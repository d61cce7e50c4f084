/**
 * Checks a value against a JSON Schema that `z.toJSONSchema` produced, with
 * no zod loaded: the pool's workers validate what the pool sends with the
 * JSON Schema of the protocol's zod schemas (`run_message_check.ts`), so the
 * zod schema stays the one definition and a worker starts without zod. Only
 * the keywords zod emits for plain data are understood (`type`, `const`,
 * `enum`, `properties`, `required`, `additionalProperties`, `items`,
 * `anyOf`, `oneOf`, `minimum`, `maximum`, `minLength`, `maxLength`); any
 * other keyword is refused, so a schema change that needs more fails loudly
 * (`tests/core/pool/run_message_check_test.ts` holds the results to zod's).
 * @module
 */

/** The subset of JSON Schema this checker reads. */
export interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

const KNOWN = new Set([
  "$schema",
  "type",
  "const",
  "enum",
  "properties",
  "required",
  "additionalProperties",
  "propertyNames",
  "items",
  "anyOf",
  "oneOf",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "object":
      return isObject(value);
    case "array":
      return Array.isArray(value);
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "null":
      return value === null;
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    default:
      throw new Error(`JSON Schema type "${type}" is not supported`);
  }
}

/** How a schema reads in an error: `a string`, `an integer ≥ 1`, `a boolean or an array of strings`. */
export function describeSchema(schema: JsonSchema): string {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return branches.map(describeSchema).join(" or ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  const types = typeof schema.type === "string" ? [schema.type] : schema.type ?? [];
  return types.map((type) => {
    let text = type === "integer" || type === "array" || type === "object"
      ? `an ${type}`
      : `a ${type}`;
    const item = schema.items && describeSchema(schema.items);
    if (type === "array" && item && /^an? (string|number|integer|boolean)$/.test(item)) {
      text += ` of ${item.replace(/^an? /, "")}s`;
    }
    if (schema.minimum !== undefined) text += ` ≥ ${schema.minimum}`;
    if (schema.maximum !== undefined && schema.maximum !== Number.MAX_SAFE_INTEGER) {
      text += ` ≤ ${schema.maximum}`;
    }
    return text;
  }).join(" or ") || "anything";
}

const at = (path: string, key: string | number) =>
  typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;

const fail = (path: string, problem: string) => path === "" ? problem : `${path}: ${problem}`;

/**
 * What is wrong with `value` (naming the field, `job.attempt: expected an
 * integer ≥ 1`), or `undefined` when it matches `schema`.
 *
 * @example
 * ```ts
 * checkJsonSchema({ type: "object", properties: { n: { type: "integer" } }, required: ["n"] }, {});
 * // "n: required"
 * ```
 */
export function checkJsonSchema(schema: JsonSchema, value: unknown, path = ""): string | undefined {
  for (const keyword of Object.keys(schema)) {
    if (!KNOWN.has(keyword)) throw new Error(`JSON Schema keyword "${keyword}" is not supported`);
  }
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return checkBranches(schema, branches, value, path);
  const expected = () => fail(path, `expected ${describeSchema(schema)}`);
  if (schema.type !== undefined) {
    const types = typeof schema.type === "string" ? [schema.type] : schema.type;
    if (!types.some((type) => hasType(value, type))) return expected();
  }
  if (schema.const !== undefined && value !== schema.const) return expected();
  if (schema.enum && !schema.enum.includes(value)) return expected();
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) return expected();
    if (schema.maximum !== undefined && value > schema.maximum) return expected();
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) return expected();
    if (schema.maxLength !== undefined && value.length > schema.maxLength) return expected();
  }
  if (Array.isArray(value) && schema.items) {
    // An index loop, not forEach: holes are checked as undefined, as zod sees them.
    for (let i = 0; i < value.length; i++) {
      const problem = checkJsonSchema(schema.items, value[i], at(path, i));
      if (problem) return problem;
    }
  }
  if (isObject(value)) return checkObject(schema, value, path);
  return undefined;
}

function checkObject(
  schema: JsonSchema,
  value: Record<string, unknown>,
  path: string,
): string | undefined {
  for (const key of schema.required ?? []) {
    if (!(key in value)) return `${at(path, key)}: required`;
  }
  const properties = schema.properties ?? {};
  for (const [key, child] of Object.entries(properties)) {
    if (!(key in value)) continue;
    const problem = checkJsonSchema(child, value[key], at(path, key));
    if (problem) return problem;
  }
  const rest = schema.additionalProperties;
  if (rest === undefined || rest === true) return undefined;
  for (const key of Object.keys(value)) {
    if (Object.hasOwn(properties, key)) continue;
    if (rest === false) return `${at(path, key)}: not allowed`;
    const problem =
      (schema.propertyNames && checkJsonSchema(schema.propertyNames, key, at(path, key))) ??
        checkJsonSchema(rest, value[key], at(path, key));
    if (problem) return problem;
  }
  return undefined;
}

/**
 * A union (`anyOf`: any branch, `oneOf`: exactly one); when none matches,
 * the problem of the branch the value's constant fields select.
 */
function checkBranches(
  schema: JsonSchema,
  branches: JsonSchema[],
  value: unknown,
  path: string,
): string | undefined {
  const problems = branches.map((branch) => checkJsonSchema(branch, value, path));
  const matches = problems.filter((problem) => problem === undefined).length;
  if (matches > 0 && (schema.anyOf || matches === 1)) return undefined;
  if (matches > 1) return fail(path, `matches more than one of ${describeSchema(schema)}`);
  // A discriminated union: the branch whose constant fields the value has explains best.
  const selected = branches.findIndex((branch) =>
    isObject(value) &&
    Object.entries(branch.properties ?? {}).some(([key, child]) =>
      child.const !== undefined && value[key] === child.const
    )
  );
  return selected === -1 ? fail(path, `expected ${describeSchema(schema)}`) : problems[selected];
}
