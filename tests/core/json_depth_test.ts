/** JSON nesting depth, measured without recursion (also for values no recursion could walk). */
import assert from "node:assert/strict";
import { exceedsJsonDepth, MAX_JSON_DEPTH } from "../../core/json_depth.ts";

Deno.test("depth counts objects and arrays; scalars are depth 0", () => {
  assert.equal(exceedsJsonDepth(1, 0), false);
  assert.equal(exceedsJsonDepth("x", 0), false);
  assert.equal(exceedsJsonDepth(null, 0), false);
  assert.equal(exceedsJsonDepth({}, 0), true);
  assert.equal(exceedsJsonDepth({ a: [1] }, 2), false);
  assert.equal(exceedsJsonDepth({ a: [{}] }, 2), true);
  assert.equal(
    exceedsJsonDepth({ wide: Array.from({ length: 1000 }, () => ({ b: 1 })) }, 3),
    false,
  );
});

Deno.test("the default limit is 64, and 60,000 levels are measured without a stack overflow", () => {
  const nest = (depth: number) => JSON.parse("[".repeat(depth) + "]".repeat(depth));
  assert.equal(MAX_JSON_DEPTH, 64);
  assert.equal(exceedsJsonDepth(nest(64)), false);
  assert.equal(exceedsJsonDepth(nest(65)), true);
  assert.equal(exceedsJsonDepth(nest(60_000)), true);
});
