/**
 * The model lane's AIMD ceiling, driven by scripted rate-limit headers:
 * a 429 lowers it multiplicatively once per overload wave, a low
 * `requests-remaining` caps it, clean calls grow it back additively to the
 * configured maximum; the header parser reads the Messages API's names.
 */
import assert from "node:assert/strict";
import { AimdCeiling } from "../../../core/pool/aimd.ts";
import { rateLimitSignalOf, signalOfProgress } from "../../../core/pool/rate_limit_signal.ts";

Deno.test("aimd: a 429 lowers the ceiling ×0.7 once per retry-after window; clean calls add 1", () => {
  const ceiling = new AimdCeiling({ max: 64 });
  assert.equal(ceiling.value, 64);
  const headers = new Headers({ "retry-after": "2" });
  const change = ceiling.observe(rateLimitSignalOf(headers, 429, 0)!, 0);
  assert.deepEqual([change?.from, change?.to, change?.reason], [64, 44, "throttled"]);
  assert.equal(change?.signal.retryAfterMs, 2000);
  // The rest of the same wave's 429s do not lower it again.
  assert.equal(ceiling.observe({ status: 429, retryAfterMs: 2000 }, 1500), undefined);
  assert.equal(ceiling.value, 44);
  assert.equal(ceiling.observe({ status: 529 }, 2000)?.to, 30);
  for (let i = 0; i < 5; i++) ceiling.succeeded();
  assert.equal(ceiling.value, 35);
  for (let i = 0; i < 100; i++) ceiling.succeeded();
  assert.equal(ceiling.value, 64, "never above the configured maximum");
});

Deno.test("aimd: requests-remaining caps the ceiling; plenty of headroom changes nothing", () => {
  const ceiling = new AimdCeiling({ max: 64 });
  const plenty = rateLimitSignalOf(
    {
      "anthropic-ratelimit-requests-remaining": "4000",
      "anthropic-ratelimit-tokens-remaining": "9",
    },
    200,
    0,
  )!;
  assert.equal(ceiling.observe(plenty, 0), undefined);
  assert.equal(ceiling.value, 64);
  const low = rateLimitSignalOf(
    new Headers({
      "anthropic-ratelimit-requests-remaining": "12",
      "anthropic-ratelimit-requests-reset": "2026-12-07T12:00:00Z",
    }),
    200,
    0,
  )!;
  const change = ceiling.observe(low, 0);
  assert.deepEqual([change?.to, change?.reason], [12, "headroom"]);
  assert.equal(change?.signal.requestsReset, Date.parse("2026-12-07T12:00:00Z"));
  // A throttle never takes it below one.
  for (let t = 0; t < 20; t++) ceiling.observe({ status: 429 }, t * 10_000);
  assert.equal(ceiling.value, 1);
});

Deno.test("rate-limit signal: a response without rate-limit facts carries none; relays round-trip", () => {
  assert.equal(rateLimitSignalOf(new Headers(), 200, 0), undefined);
  const signal = rateLimitSignalOf(new Headers({ "retry-after": "1" }), 429, 0)!;
  const relayed = signalOfProgress({
    data: { kind: "event", type: "model.ratelimit", payload: { ...signal } },
  });
  assert.deepEqual(relayed, signal);
  assert.equal(signalOfProgress({ data: { kind: "output", text: "x" } }), undefined);
});
