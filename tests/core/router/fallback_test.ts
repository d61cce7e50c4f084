import assert from "node:assert/strict";
import { AvailabilityMonitor } from "../../../core/router/availability.ts";
import { FallbackRunner, type ModelCallFailure } from "../../../core/router/fallback.ts";
import { SuperAgentsError } from "../../../core/errors.ts";
import type { FallbackRecord } from "../../../core/plugin.ts";

class HttpError extends Error {
  constructor(readonly status: number, readonly retryAfterMs: number | null = null) {
    super(`HTTP ${status}`);
  }
}

const settings = { retries: 2, backoffBaseMs: 100, backoffMaxMs: 1000, maxRetryAfterMs: 5000 };
const chain = ["opus-id", "sonnet-id", "haiku-id"];
const classify = (error: unknown): ModelCallFailure | undefined =>
  error instanceof HttpError
    ? { status: error.status, retryAfterMs: error.retryAfterMs, message: error.message }
    : undefined;

function harness(monitor?: AvailabilityMonitor) {
  const sleeps: number[] = [];
  const fallbacks: FallbackRecord[] = [];
  const runner = new FallbackRunner({
    chain,
    settings,
    monitor,
    classify,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 1,
    onFallback: (record) => {
      fallbacks.push(record);
    },
  });
  return { runner, sleeps, fallbacks };
}

Deno.test("429 on opus: waits retry-after, then completes on sonnet, sticky", async () => {
  const { runner, sleeps, fallbacks } = harness();
  const calls: string[] = [];
  const result = await runner.call((model) => {
    calls.push(model);
    if (model === "opus-id") throw new HttpError(429, 1500);
    return Promise.resolve(`done by ${model}`);
  });
  assert.equal(result, "done by sonnet-id");
  assert.deepEqual(sleeps, [1500]);
  assert.deepEqual(fallbacks, [{
    from: "opus-id",
    to: "sonnet-id",
    status: 429,
    reason: "HTTP 429",
    retryAfterMs: 1500,
  }]);
  await runner.call((model) => Promise.resolve(calls.push(model)));
  assert.deepEqual(calls, ["opus-id", "sonnet-id", "sonnet-id"]);
});

Deno.test("the last model is retried with exponential backoff, then gives up", async () => {
  const { runner, sleeps, fallbacks } = harness();
  const calls: string[] = [];
  await assert.rejects(
    runner.call((model) => {
      calls.push(model);
      throw new HttpError(model === "sonnet-id" ? 529 : 500);
    }),
    (error: unknown) => error instanceof SuperAgentsError && error.code === "MODEL_UNAVAILABLE",
  );
  assert.deepEqual(calls, ["opus-id", "sonnet-id", "haiku-id", "haiku-id", "haiku-id"]);
  assert.equal(fallbacks.length, 2);
  assert.deepEqual(sleeps, [100, 200]);
});

Deno.test("non-retryable errors and foreign errors are thrown at once", async () => {
  const { runner } = harness();
  await assert.rejects(runner.call(() => Promise.reject(new HttpError(400))), HttpError);
  await assert.rejects(runner.call(() => Promise.reject(new TypeError("bug"))), TypeError);
  assert.equal(runner.current, "opus-id");
});

Deno.test("a retry-after above the cap is not waited for", async () => {
  const { runner, sleeps } = harness();
  await runner.call((model) =>
    model === "opus-id" ? Promise.reject(new HttpError(429, 600_000)) : Promise.resolve(1)
  );
  assert.deepEqual(sleeps, []);
});

Deno.test("a model in cool-down is skipped with a fallback record", async () => {
  const monitor = await AvailabilityMonitor.load(undefined, {
    coolDownFailures: 1,
    coolDownMs: 60_000,
    coolDownMaxMs: 600_000,
  }, () => 1000);
  await monitor.recordFailure("opus-id", "529 overloaded");
  const { runner, fallbacks } = harness(monitor);
  const used = await runner.call((model) => Promise.resolve(model));
  assert.equal(used, "sonnet-id");
  assert.equal(fallbacks[0].reason, "in cool-down");
});
