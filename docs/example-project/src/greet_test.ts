import assert from "node:assert/strict";
import { greet } from "./greet.ts";

Deno.test("greet names the person", () => {
  assert.equal(greet("Ada"), "Hello, Ada!");
});

Deno.test("greet falls back to the world", () => {
  assert.equal(greet("  "), "Hello, world!");
});
