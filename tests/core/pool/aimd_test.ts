/**
 * The model lane's adaptive ceiling, driven by scripted rate-limit headers:
 * the 429s of one overload window take it to what the API served (never
 * below a quarter in one window), a low `requests-remaining` caps it, clean
 * calls grow it back (cautiously after a throttle) to the configured
 * maximum; the header parser reads the Messages API's names.
 */
import assert from "node:assert/strict";
import { AimdCeiling } from "../../../core/pool/aimd.ts";
import { rateLimitSignalOf, signalOfProgress } from "../../../core/pool/rate_limit_signal.ts";

Deno.test("aimd: each 429 of an overload window takes one off what was admitted; clean calls grow it", () => {
  const ceiling = new AimdCeiling({ max: 64 });
  assert.equal(ceiling.value, 64);
  const headers = new Headers({ "retry-after": "2" });
  // 64 admitted, the API serves 16: the other 48 are throttled in the same window.
  const first = ceiling.observe(rateLimitSignalOf(headers, 429, 0)!, 0, 64);
  assert.deepEqual([first?.from, first?.to, first?.reason], [64, 63, "throttled"]);
  assert.equal(first?.signal.retryAfterMs, 2000);
  for (let i = 1; i < 48; i++) ceiling.observe({ status: 429, retryAfterMs: 2000 }, 10 + i, 64);
  assert.equal(ceiling.value, 16, "the number the API served");
  // The same jobs throttled again in a later window, still 64 admitted: no further collapse.
  for (let i = 0; i < 48; i++) ceiling.observe({ status: 429 }, 2500 + i, 64);
  assert.equal(ceiling.value, 16);
  // Cautious growth after a throttle: about one per ceiling's worth of clean calls.
  for (let i = 0; i < 17; i++) ceiling.succeeded(3000);
  assert.equal(ceiling.value, 17);
  // The probe above the limit: one throttled call with 17 admitted takes it back to 16.
  assert.equal(ceiling.observe({ status: 429 }, 4000, 17)?.to, 16);
  // Long after the last throttle it grows by one per clean call, never above the maximum.
  for (let i = 0; i < 100; i++) ceiling.succeeded(100_000);
  assert.equal(ceiling.value, 64, "never above the configured maximum");
});

Deno.test("aimd: the first window never takes the ceiling below a quarter, later ones below 0.7", () => {
  const ceiling = new AimdCeiling({ max: 64 });
  for (let i = 0; i < 500; i++) ceiling.observe({ status: 529 }, i, 64);
  assert.equal(ceiling.value, 16);
  // A later window (below the maximum) takes it to 0.7 of where it was at most, whatever the
  // inputs: negative and NaN admitted counts, an absurd retry-after.
  ceiling.observe({ status: 429, retryAfterMs: 1e12 }, 2000, -5);
  ceiling.observe({ status: 429, retryAfterMs: Number.NaN }, 2001, Number.NaN);
  assert.equal(ceiling.value, Math.floor(16 * 0.7));
  // That retry-after held its window open for a minute, not for ever: the next one lowers again.
  for (let i = 0; i < 100; i++) ceiling.observe({ status: 429 }, 70_000 + i, 30);
  assert.equal(ceiling.value, Math.floor(11 * 0.7));
  const restored = new AimdCeiling({ max: 8, state: ceiling.state });
  assert.ok(restored.value <= 8, "a restored state is capped at the configured maximum");
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
