/**
 * How a model call's rate-limit facts travel from a sandboxed job to the
 * model lane: the provider reads the Messages API's response headers
 * (`anthropic-ratelimit-requests-remaining`/`-reset`,
 * `anthropic-ratelimit-tokens-remaining`, `retry-after`) into a
 * {@linkcode RateLimitSignal} and relays it as a `model.ratelimit` event;
 * the lane reads it back out of the job's progress. One copy of both ends.
 * @module
 */

import type { JobProgress } from "../queue/job.ts";
import type { RateLimitSignal } from "./aimd.ts";

export type { RateLimitSignal };

/** The event type a job relays its rate-limit signals as. */
export const RATE_LIMIT_EVENT = "model.ratelimit";

function numberOf(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value.trim() === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function retryAfterMsOf(value: string | null, now: number): number | null {
  const seconds = numberOf(value);
  if (seconds !== null) return Math.max(0, seconds * 1000);
  const date = value ? Date.parse(value) : NaN;
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * The signal in a response's headers; undefined when it carries no rate-limit facts.
 *
 * @example
 * ```ts
 * rateLimitSignalOf(new Headers({ "retry-after": "2" }), 429, Date.now());
 * // { status: 429, retryAfterMs: 2000, requestsRemaining: null, ... }
 * ```
 */
export function rateLimitSignalOf(
  headers: Headers | Record<string, string | null | undefined> | undefined,
  status: number,
  now: number,
): RateLimitSignal | undefined {
  const get = (name: string) =>
    headers instanceof Headers ? headers.get(name) : headers?.[name] ?? null;
  const reset = get("anthropic-ratelimit-requests-reset");
  const resetMs = reset ? Date.parse(reset) : NaN;
  const signal: RateLimitSignal = {
    status,
    retryAfterMs: retryAfterMsOf(get("retry-after"), now),
    requestsRemaining: numberOf(get("anthropic-ratelimit-requests-remaining")),
    requestsReset: Number.isNaN(resetMs) ? null : resetMs,
    tokensRemaining: numberOf(get("anthropic-ratelimit-tokens-remaining")),
  };
  const throttled = status === 429 || status === 529;
  return throttled || signal.requestsRemaining !== null || signal.tokensRemaining !== null
    ? signal
    : undefined;
}

/**
 * The signal a job relayed in this progress message, if it is one.
 *
 * @example
 * ```ts
 * signalOfProgress({ data: { kind: "event", type: "model.ratelimit", payload: { status: 429 } } });
 * ```
 */
export function signalOfProgress(progress: JobProgress): RateLimitSignal | undefined {
  const data = progress.data as
    | { kind?: unknown; type?: unknown; payload?: Record<string, unknown> }
    | null
    | undefined;
  if (data?.kind !== "event" || data.type !== RATE_LIMIT_EVENT || !data.payload) return undefined;
  const p = data.payload;
  const num = (value: unknown) => typeof value === "number" ? value : null;
  return {
    status: num(p.status) ?? undefined,
    retryAfterMs: num(p.retryAfterMs),
    requestsRemaining: num(p.requestsRemaining),
    requestsReset: num(p.requestsReset),
    tokensRemaining: num(p.tokensRemaining),
  };
}
