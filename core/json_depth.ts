/**
 * How deeply a parsed JSON value nests, checked without recursion. `JSON.parse`
 * accepts any depth, but what comes after it does not: `JSON.stringify`, zod
 * and SQLite's JSON functions recurse and overflow the stack (a RangeError
 * that surfaces far from its cause). Every boundary that accepts arbitrary
 * JSON (HTTP bodies, event payloads) bounds the depth here first.
 * @module
 */

/** The deepest nesting accepted in arbitrary JSON (objects and arrays count one level each). */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether `value` nests objects or arrays deeper than `limit` levels. Stops
 * at the first path that does; a scalar has depth 0, `{}` and `[]` depth 1.
 *
 * @example
 * ```ts
 * exceedsJsonDepth({ a: { b: [1] } }, 2); // true (depth 3)
 * exceedsJsonDepth([[1]], 64); // false
 * ```
 */
export function exceedsJsonDepth(value: unknown, limit: number = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== "object") continue;
    if (depth + 1 > limit) return true;
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) {
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
    }
  }
  return false;
}
