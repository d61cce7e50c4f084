/**
 * Translates the SDK's errors into the router's terms: HTTP status (null for
 * a connection failure) and `retry-after`. Anything else is not a model-call
 * failure and is rethrown by the fallback runner.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import { parseRetryAfter } from "../../core/router/retry_after.ts";
import type { ModelCallFailure } from "../../core/router/fallback.ts";
import { APIConnectionError, APIError } from "./deps.ts";

/**
 * The router's view of an SDK error, or `undefined` for other errors.
 *
 * @example
 * ```ts
 * classifyAnthropicError(rateLimitError, Date.now()); // { status: 429, retryAfterMs: 1000, ... }
 * ```
 */
export function classifyAnthropicError(error: unknown, now: number): ModelCallFailure | undefined {
  if (error instanceof APIConnectionError) {
    return { status: null, retryAfterMs: null, message: error.message };
  }
  if (error instanceof APIError && typeof error.status === "number") {
    return {
      status: error.status,
      retryAfterMs: parseRetryAfter(error.headers, now),
      message: error.type ?? error.apiMessage ?? error.message,
    };
  }
  return undefined;
}

const HINTS: Record<number, string> = {
  400: "the request was rejected; check the agent's tools and thinking settings",
  401: "check ANTHROPIC_API_KEY (https://console.anthropic.com/settings/keys)",
  403: "the API key lacks access to this model; pick another with --model",
  404: "the model id is unknown; set models.opus/sonnet/haiku to current ids",
};

/**
 * A job error for a failure that ends the task (non-retryable API error,
 * or every model exhausted); `undefined` for anything else (a bug: rethrow).
 */
export function describeFailure(
  error: unknown,
): { code: string; message: string; hint?: string } | undefined {
  if (error instanceof SuperAgentsError) {
    return { code: error.code, message: error.message, hint: error.hint };
  }
  if (error instanceof APIError && typeof error.status === "number") {
    return {
      code: "MODEL_REQUEST_FAILED",
      message: `the Messages API answered ${error.status}: ${error.apiMessage ?? error.message}`,
      hint: HINTS[error.status] ?? "retry later, or run with --debug for details",
    };
  }
  return undefined;
}
