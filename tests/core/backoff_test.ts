/** Retry backoff: exponential, capped, half fixed and half jitter. */
import assert from "node:assert/strict";
import { retryDelayMs } from "../../core/backoff.ts";

Deno.test("backoff: doubles per attempt, capped, with jitter in the upper half", () => {
  assert.equal(retryDelayMs(1, 1000, 60_000, () => 0), 500);
  assert.equal(retryDelayMs(1, 1000, 60_000, () => 1), 1000);
  assert.equal(retryDelayMs(3, 1000, 60_000, () => 0.5), 3000);
  assert.equal(retryDelayMs(20, 1000, 60_000, () => 1), 60_000);
  assert.equal(retryDelayMs(1, 0, 60_000, () => 0.7), 0);
});
