/**
 * The token bucket: capacity, continuous refill, retry-after; the shared
 * file bucket across calls; `enforceRateLimit` fails with RATE_LIMITED and
 * is off at 0.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { SuperAgentsError } from "../../../core/errors.ts";
import {
  enforceRateLimit,
  refill,
  takeSharedToken,
  TokenBucket,
} from "../../../core/resources/rate_limiter.ts";

Deno.test("refill: continuous, proportional to the elapsed time, capped at capacity", () => {
  assert.deepEqual(refill({ tokens: 0, updatedAt: 0 }, 10, 1000, 500), {
    tokens: 5,
    updatedAt: 500,
  });
  assert.deepEqual(refill({ tokens: 4, updatedAt: 100 }, 10, 1000, 5000), {
    tokens: 10,
    updatedAt: 5000,
  });
  assert.equal(
    refill({ tokens: 2, updatedAt: 900 }, 10, 1000, 800).tokens,
    2,
    "clock skew adds none",
  );
});

Deno.test("TokenBucket: capacity, refill and retry-after", () => {
  let now = 1_000_000;
  const bucket = new TokenBucket(3, 60_000, () => now);
  assert.deepEqual([bucket.take().ok, bucket.take().ok, bucket.take().ok], [true, true, true]);
  const refused = bucket.take();
  assert.equal(refused.ok, false);
  assert.equal(refused.retryAfterMs, 20_000);
  now += 20_000;
  assert.equal(bucket.take().ok, true);
  assert.equal(bucket.take().ok, false);
  now += 10 * 60_000;
  assert.equal(bucket.take().remaining, 2, "refill stops at capacity");
});

Deno.test("takeSharedToken: one bucket across calls; torn state restarts full", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sa-rate-" });
  const path = join(dir, "rate", "run.json");
  const now = () => 5_000_000;
  try {
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await takeSharedToken(path, 2, 60_000, now)).ok);
    assert.deepEqual(results, [true, true, false]);
    await Deno.writeTextFile(path, "{torn");
    assert.equal((await takeSharedToken(path, 2, 60_000, now)).ok, true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("enforceRateLimit: RATE_LIMITED with the wait and the config key; 0 disables", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sa-rate-" });
  const now = () => 9_000_000;
  try {
    await enforceRateLimit(dir, "run", 1, now);
    await assert.rejects(enforceRateLimit(dir, "run", 1, now), (error: unknown) => {
      assert.ok(error instanceof SuperAgentsError);
      assert.equal(error.code, "RATE_LIMITED");
      assert.match(error.hint!, /retry in 60 s/);
      assert.match(error.hint!, /resources\.runsPerMinute/);
      return true;
    });
    for (let i = 0; i < 3; i++) assert.equal(await enforceRateLimit(dir, "run", 0, now), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
