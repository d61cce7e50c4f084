/**
 * Posting one JSON payload to an incoming webhook with retries: 5xx and
 * network errors back off exponentially with jitter, 429 waits as long as
 * the server asks (`Retry-After`, or Discord's `retry_after` in the body),
 * other 4xx fail at once. The whole attempt, retries included, is bounded by
 * a deadline, so a caller such as a git hook never waits longer than it
 * allowed.
 * @module
 */

import { backoffDelay } from "../../core/backoff.ts";

/** Options of {@linkcode postWebhook}. */
export interface PostOptions {
  /** Retries after the first attempt. */
  retries: number;
  /** Upper bound on the whole call, retries and waits included. */
  timeoutMs: number;
  /** First backoff delay (doubles per retry). */
  baseDelayMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) for jitter. */
  random?: () => number;
}

/** The outcome of {@linkcode postWebhook}. */
export interface PostResult {
  ok: boolean;
  /** HTTP status of the last attempt (0 for a network error or timeout). */
  status: number;
  attempts: number;
  error?: string;
}

/**
 * Posts `payload` as JSON to `url`.
 *
 * @example
 * ```ts
 * const result = await postWebhook(url, { text: "checks passed" }, { retries: 3, timeoutMs: 3000 });
 * ```
 */
export async function postWebhook(
  url: string,
  payload: unknown,
  options: PostOptions,
): Promise<PostResult> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const doFetch = options.fetch ?? fetch;
  const deadline = now() + options.timeoutMs;
  const body = JSON.stringify(payload);
  let last: PostResult = { ok: false, status: 0, attempts: 0, error: "not attempted" };
  for (let attempt = 1; attempt <= options.retries + 1; attempt++) {
    const remaining = deadline - now();
    if (remaining <= 0) {
      return { ...last, error: `gave up at the ${options.timeoutMs} ms deadline: ${last.error}` };
    }
    let waitMs: number;
    try {
      const response = await doFetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(remaining),
      });
      const text = await response.text();
      if (response.ok) return { ok: true, status: response.status, attempts: attempt };
      last = {
        ok: false,
        status: response.status,
        attempts: attempt,
        error: `HTTP ${response.status}: ${text.slice(0, 200)}`,
      };
      if (response.status === 429) {
        waitMs = retryAfterMs(response.headers.get("retry-after"), text) ??
          backoff(attempt, options, random);
      } else if (response.status >= 500) waitMs = backoff(attempt, options, random);
      else return last; // other 4xx: the request itself is wrong, retrying cannot help
    } catch (error) {
      last = {
        ok: false,
        status: 0,
        attempts: attempt,
        error: error instanceof Error ? error.message : String(error),
      };
      waitMs = backoff(attempt, options, random);
    }
    if (attempt > options.retries) break;
    if (now() + waitMs >= deadline) {
      return {
        ...last,
        error: `retry would pass the ${options.timeoutMs} ms deadline: ${last.error}`,
      };
    }
    await sleep(waitMs);
  }
  return last;
}

/** The wait before retry `attempt`: the program's backoff with equal jitter and no cap. */
function backoff(attempt: number, options: PostOptions, random: () => number): number {
  return backoffDelay(attempt, options.baseDelayMs ?? 250, Infinity, "equal", random);
}

/** Milliseconds to wait from a `Retry-After` header (seconds) or a JSON `retry_after` (seconds). */
export function retryAfterMs(header: string | null, body: string): number | undefined {
  if (header !== null && header.trim() !== "" && Number.isFinite(Number(header))) {
    return Number(header) * 1000;
  }
  try {
    const seconds = JSON.parse(body)?.retry_after;
    if (typeof seconds === "number" && seconds >= 0) return seconds * 1000;
  } catch {
    // not JSON: no hint from the body
  }
  return undefined;
}
