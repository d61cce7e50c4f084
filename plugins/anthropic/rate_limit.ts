/**
 * Relays what a Messages API call said about the rate limit to the worker
 * process's model lane, which adapts its ceiling of calls in flight: every
 * 429/529 (with `retry-after` and the `anthropic-ratelimit-*` headers), and
 * successful calls whose `requests-remaining` is low enough to matter (a
 * lane's ceiling is at most 1024, so higher values cannot lower it and are
 * not relayed: no event per call).
 * @module
 */

import type { AgentJobIO } from "../../core/plugin.ts";
import { RATE_LIMIT_EVENT, rateLimitSignalOf } from "../../core/pool/rate_limit_signal.ts";
import { APIError } from "./deps.ts";

/** Above this many requests remaining, a success says nothing the lane can use. */
const RELEVANT_REMAINING = 1024;

/**
 * Reports the rate-limit facts of one response (or error) through `io.event`.
 *
 * @example
 * ```ts
 * const { data, response } = await client.messages.create(params).withResponse();
 * reportRateLimit(io, response.headers, response.status);
 * ```
 */
export function reportRateLimit(
  io: Pick<AgentJobIO, "event" | "now">,
  headers: Headers | Record<string, string | null | undefined> | undefined,
  status: number,
): void {
  const signal = rateLimitSignalOf(headers, status, io.now());
  if (!signal) return;
  const throttled = status === 429 || status === 529;
  if (!throttled && (signal.requestsRemaining ?? Infinity) > RELEVANT_REMAINING) return;
  // Relaying is a message to the parent; a failure to record it must not fail the call.
  io.event(RATE_LIMIT_EVENT, { ...signal }).catch(() => {});
}

/** Reports a throttling error's headers; other errors are not rate-limit facts. */
export function reportRateLimitError(io: Pick<AgentJobIO, "event" | "now">, error: unknown): void {
  if (error instanceof APIError && (error.status === 429 || error.status === 529)) {
    reportRateLimit(io, error.headers as Headers | undefined, error.status);
  }
}
