/** The supervisor's restart schedule: doubling from 0.5 s, capped at 30 s, reset by health. */
import assert from "node:assert/strict";
import {
  INITIAL_DELAY_MS,
  MAX_DELAY_MS,
  nextDelay,
  STABLE_AFTER_MS,
} from "../../../../plugins/km/worker_supervisor/backoff.ts";

Deno.test("backoff doubles from the initial delay up to the cap", () => {
  const delays: number[] = [];
  let delay: number | undefined;
  for (let i = 0; i < 10; i++) delays.push(delay = nextDelay(delay, 10));
  assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
  assert.equal(delays[0], INITIAL_DELAY_MS);
  assert.equal(Math.max(...delays), MAX_DELAY_MS);
});

Deno.test("a worker that ran long enough resets the backoff", () => {
  assert.equal(nextDelay(16_000, STABLE_AFTER_MS), INITIAL_DELAY_MS);
  assert.equal(nextDelay(16_000, STABLE_AFTER_MS - 1), 30_000);
});
