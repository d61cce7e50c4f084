import assert from "node:assert/strict";
import { ConfigSchema } from "../../../core/config/schema.ts";
import { closestKey, knownKeys, unknownKeys, valueKind } from "../../../core/config/schema_walk.ts";

Deno.test("unknownKeys finds typos at any depth and leaves free-form maps open", () => {
  const found = unknownKeys(ConfigSchema, {
    km: { portMin: 1, prtMax: 2 },
    models: { prices: { "my-model": { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 } } },
    lgo: {},
  });
  assert.deepEqual(found, [
    { key: "km.prtMax", suggestion: "km.portMax" },
    { key: "lgo", suggestion: "log" },
  ]);
});

Deno.test("knownKeys, valueKind and closestKey read the schema", () => {
  assert.ok(knownKeys(ConfigSchema).includes("km.portMin"));
  assert.equal(valueKind(ConfigSchema.shape.km), "object");
  assert.equal(closestKey(ConfigSchema, "portMin"), "km.portMin");
  assert.equal(closestKey(ConfigSchema, "zzzzzzzz"), undefined);
});
