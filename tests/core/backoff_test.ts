/** Retry backoff: exponential, capped, with equal or full jitter. */
import assert from "node:assert/strict";
import { backoffDelay } from "../../core/backoff.ts";

Deno.test("equal jitter: doubles per attempt, capped, with jitter in the upper half", () => {
  assert.equal(backoffDelay(1, 1000, 60_000, "equal", () => 0), 500);
  assert.equal(backoffDelay(1, 1000, 60_000, "equal", () => 1), 1000);
  assert.equal(backoffDelay(3, 1000, 60_000, "equal", () => 0.5), 3000);
  assert.equal(backoffDelay(20, 1000, 60_000, "equal", () => 1), 60_000);
  assert.equal(backoffDelay(1, 0, 60_000, "equal", () => 0.7), 0);
});

Deno.test("full jitter: anywhere from zero to the capped step", () => {
  assert.equal(backoffDelay(1, 500, 30_000, "full", () => 1), 500);
  assert.equal(backoffDelay(3, 500, 30_000, "full", () => 1), 2000);
  assert.equal(backoffDelay(20, 500, 30_000, "full", () => 1), 30_000);
  assert.equal(backoffDelay(3, 500, 30_000, "full", () => 0.5), 1000);
  assert.equal(backoffDelay(3, 500, 30_000, "full", () => 0), 0);
});

Deno.test("hostile attempts: zero, negative and huge attempt numbers stay within [0, max]", () => {
  assert.equal(backoffDelay(0, 1000, 60_000, "equal", () => 1), 1000);
  assert.equal(backoffDelay(-5, 1000, 60_000, "full", () => 1), 1000);
  assert.equal(backoffDelay(10_000, 1000, 60_000, "equal", () => 1), 60_000);
  assert.equal(backoffDelay(10_000, 1000, 60_000, "full", () => 0.25), 15_000);
});

Deno.test("the default random source keeps equal jitter in the upper half of the step", () => {
  for (let i = 0; i < 100; i++) {
    const delay = backoffDelay(4, 100, 60_000, "equal");
    assert.ok(delay >= 400 && delay <= 800, `${delay} outside [400, 800]`);
  }
});
