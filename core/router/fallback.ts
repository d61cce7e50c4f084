/**
 * The one retry layer for model calls (the SDK's own retries are off). A
 * call that fails with 429, 529, another 5xx or a connection error moves to
 * the next model of the chain after honouring `retry-after`; the last model
 * is retried with exponential backoff and jitter. Models in cool-down are
 * skipped. Every switch is reported through `onFallback`, so the caller can
 * record an event and print a line. The runner is sticky: once a task has
 * fallen back, its later turns stay on the new model.
 * @module
 */

import { SuperAgentsError } from "../errors.ts";
import type { FallbackRecord } from "../plugin.ts";
import type { AvailabilityMonitor } from "./availability.ts";
import { backoffDelay } from "../backoff.ts";
import type { ModelsConfig } from "./models_config.ts";

/** A failed model call as the router sees it (the provider translates its SDK's errors). */
export interface ModelCallFailure {
  /** HTTP status, or null for a connection error or timeout. */
  status: number | null;
  retryAfterMs: number | null;
  message: string;
}

/** Whether a failure is worth another model or another try. */
export function isRetryable(failure: ModelCallFailure): boolean {
  const { status } = failure;
  return status === null || status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Options of {@linkcode FallbackRunner}. */
export interface FallbackOptions {
  /** Model ids in order; one entry means no fallback. */
  chain: string[];
  settings: Pick<ModelsConfig, "retries" | "backoffBaseMs" | "backoffMaxMs" | "maxRetryAfterMs">;
  monitor?: AvailabilityMonitor;
  /** Translates a thrown error; `undefined` means "not a model call failure": rethrow it. */
  classify(error: unknown): ModelCallFailure | undefined;
  sleep(ms: number): Promise<void>;
  random?: () => number;
  onFallback?(record: FallbackRecord): void | Promise<void>;
  /** Called before each retry of the same model. */
  onRetry?(model: string, attempt: number, delayMs: number, failure: ModelCallFailure): void;
}

/** Runs model calls along a fallback chain; see the module doc. */
export class FallbackRunner {
  #index = 0;
  readonly #options: FallbackOptions;
  readonly fallbacks: FallbackRecord[] = [];

  constructor(options: FallbackOptions) {
    if (options.chain.length === 0) throw new Error("FallbackRunner needs at least one model");
    this.#options = options;
  }

  /** The model the next call will use. */
  get current(): string {
    return this.#options.chain[this.#index];
  }

  /**
   * Calls `fn` with the current model, falling back or retrying on retryable failures.
   *
   * @example
   * ```ts
   * const reply = await runner.call((model) => client.messages.create({ model, ... }));
   * ```
   */
  async call<T>(fn: (model: string) => Promise<T>): Promise<T> {
    const { chain, settings, monitor } = this.#options;
    const random = this.#options.random ?? Math.random;
    const failures: string[] = [];
    let retries = 0;
    while (true) {
      const model = chain[this.#index];
      const last = this.#index === chain.length - 1;
      if (!last && monitor?.availability(model) === "cooling-down") {
        await this.#switch(model, { status: null, retryAfterMs: null, message: "in cool-down" }, 0);
        continue;
      }
      let failure: ModelCallFailure | undefined;
      try {
        const result = await fn(model);
        await monitor?.recordSuccess(model);
        return result;
      } catch (error) {
        failure = this.#options.classify(error);
        if (!failure || !isRetryable(failure)) throw error;
      }
      await monitor?.recordFailure(model, `${failure.status ?? "connection"}: ${failure.message}`);
      failures.push(`${model}: ${failure.status ?? "connection error"} ${failure.message}`);
      const honoured = failure.retryAfterMs !== null &&
        failure.retryAfterMs <= settings.maxRetryAfterMs;
      if (!last) {
        await this.#switch(model, failure, honoured ? failure.retryAfterMs! : 0);
        continue;
      }
      if (retries >= settings.retries) throw exhausted(failures);
      retries++;
      const delay = honoured
        ? failure.retryAfterMs!
        : backoffDelay(retries, settings.backoffBaseMs, settings.backoffMaxMs, "full", random);
      this.#options.onRetry?.(model, retries, delay, failure);
      await this.#options.sleep(delay);
    }
  }

  async #switch(from: string, failure: ModelCallFailure, waitMs: number): Promise<void> {
    const to = this.#options.chain[this.#index + 1];
    const record: FallbackRecord = {
      from,
      to,
      status: failure.status,
      reason: failure.message,
      retryAfterMs: failure.retryAfterMs,
    };
    this.fallbacks.push(record);
    await this.#options.onFallback?.(record);
    if (waitMs > 0) await this.#options.sleep(waitMs);
    this.#index++;
  }
}

function exhausted(failures: string[]): SuperAgentsError {
  return new SuperAgentsError(
    "MODEL_UNAVAILABLE",
    `no model answered: ${failures.slice(-4).join("; ")}`,
    {
      hint:
        "the API is rate-limited or overloaded: retry later, raise models.retries, or check https://status.anthropic.com",
      details: { failures },
    },
  );
}
