/**
 * A token-bucket rate limiter for expensive operations (agent runs, model
 * calls). `capacity` tokens refill continuously at `capacity` per
 * `periodMs`. {@linkcode TokenBucket} lives in memory (long-running
 * processes); {@linkcode takeSharedToken} keeps the bucket in a JSON file
 * under a flock so short-lived CLI processes share one bucket per project;
 * {@linkcode enforceRateLimit} turns an empty bucket into a clear error.
 * @module
 */

import { join } from "node:path";
import { writeJsonAtomic } from "../atomic_file.ts";
import { z } from "../deps.ts";
import { SuperAgentsError } from "../errors.ts";
import { withFileLock } from "../file_lock.ts";

/** A bucket's state. */
export const BucketStateSchema = z.object({
  tokens: z.number().min(0),
  /** When `tokens` was last brought up to date (ms since the epoch). */
  updatedAt: z.number(),
});

/** A bucket's state. */
export type BucketState = z.infer<typeof BucketStateSchema>;

/** The result of taking a token. */
export interface TakeResult {
  ok: boolean;
  /** When refused: how long until a token is available. */
  retryAfterMs: number;
  /** Tokens left after this take. */
  remaining: number;
}

/**
 * The state after refilling continuously up to `now` (never above `capacity`).
 *
 * @example
 * ```ts
 * refill({ tokens: 0, updatedAt: 0 }, 10, 1000, 500); // { tokens: 5, updatedAt: 500 }
 * ```
 */
export function refill(
  state: BucketState,
  capacity: number,
  periodMs: number,
  now: number,
): BucketState {
  const elapsed = Math.max(0, now - state.updatedAt);
  return {
    tokens: Math.min(capacity, state.tokens + (elapsed * capacity) / periodMs),
    updatedAt: now,
  };
}

/** Refills `state` up to `now` and tries to take one token. */
export function takeFrom(
  state: BucketState,
  capacity: number,
  periodMs: number,
  now: number,
): { state: BucketState; result: TakeResult } {
  const { tokens } = refill(state, capacity, periodMs, now);
  if (tokens >= 1) {
    return {
      state: { tokens: tokens - 1, updatedAt: now },
      result: { ok: true, retryAfterMs: 0, remaining: Math.floor(tokens - 1) },
    };
  }
  const retryAfterMs = Math.ceil(((1 - tokens) * periodMs) / capacity);
  return { state: { tokens, updatedAt: now }, result: { ok: false, retryAfterMs, remaining: 0 } };
}

/** An in-memory token bucket. */
export class TokenBucket {
  #state: BucketState;

  /**
   * @example
   * ```ts
   * const bucket = new TokenBucket(10, 60_000);
   * if (!bucket.take().ok) throw new Error("slow down");
   * ```
   */
  constructor(
    readonly capacity: number,
    readonly periodMs: number,
    readonly now: () => number = Date.now,
  ) {
    this.#state = { tokens: capacity, updatedAt: now() };
  }

  /** Takes a token if one is left. */
  take(): TakeResult {
    const { state, result } = takeFrom(this.#state, this.capacity, this.periodMs, this.now());
    this.#state = state;
    return result;
  }
}

/**
 * Takes a token from the bucket stored in `path` (created full when missing
 * or unreadable), holding `path.lock` while reading and writing it.
 */
export async function takeSharedToken(
  path: string,
  capacity: number,
  periodMs: number,
  now: () => number = Date.now,
): Promise<TakeResult> {
  return await withFileLock(`${path}.lock`, async () => {
    let state: BucketState = { tokens: capacity, updatedAt: now() };
    try {
      const parsed = BucketStateSchema.safeParse(JSON.parse(await Deno.readTextFile(path)));
      if (parsed.success) state = parsed.data;
    } catch (error) {
      // Missing or torn state starts a full bucket, as on first use.
      if (!(error instanceof Deno.errors.NotFound) && !(error instanceof SyntaxError)) throw error;
    }
    const taken = takeFrom(state, capacity, periodMs, now());
    await writeJsonAtomic(path, taken.state);
    return taken.result;
  });
}

/**
 * Takes a token for `operation` in the project's shared bucket
 * (`.claude/state/rate/<operation>.json`); throws `RATE_LIMITED` naming the
 * wait and the config key when none is left. `perMinute` 0 disables it.
 *
 * @example
 * ```ts
 * await enforceRateLimit(paths.state, "run", config.resources.runsPerMinute);
 * ```
 */
export async function enforceRateLimit(
  stateDir: string,
  operation: string,
  perMinute: number,
  now: () => number = Date.now,
  configKey = "resources.runsPerMinute",
): Promise<TakeResult | undefined> {
  if (perMinute <= 0) return undefined;
  const path = join(stateDir, "rate", `${operation}.json`);
  const result = await takeSharedToken(path, perMinute, 60_000, now);
  if (!result.ok) {
    throw new SuperAgentsError(
      "RATE_LIMITED",
      `too many ${operation} requests: the limit is ${perMinute} per minute in this project`,
      {
        hint: `retry in ${Math.ceil(result.retryAfterMs / 1000)} s, or raise it: ` +
          `super-agents config set ${configKey} <n>  (0 disables the limit)`,
        details: { retryAfterMs: result.retryAfterMs },
      },
    );
  }
  return result;
}
