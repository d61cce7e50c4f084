/**
 * Waits for a Message Batch to end: polls with exponential backoff (from
 * `firstMs`, doubling to `maxMs`), calling `onTick` between polls so the
 * caller can extend its job leases while the batch runs.
 * @module
 */

import type { Anthropic } from "../anthropic/deps.ts";

/** Polling policy. */
export interface PollOptions {
  firstMs: number;
  maxMs: number;
  /** Give up after this long (the batch keeps running on the API side). */
  timeoutMs: number;
  sleep(ms: number): Promise<void>;
  now(): number;
  onTick?(): Promise<void>;
}

/**
 * Polls until the batch's `processing_status` is `ended`; returns the final batch.
 *
 * @example
 * ```ts
 * const ended = await pollBatch(client, batch.id, { firstMs: 1000, maxMs: 60_000, timeoutMs: 86_400_000, sleep, now: Date.now });
 * ```
 */
export async function pollBatch(client: Anthropic, id: string, options: PollOptions) {
  const deadline = options.now() + options.timeoutMs;
  let delay = options.firstMs;
  while (true) {
    const batch = await client.messages.batches.retrieve(id);
    if (batch.processing_status === "ended") return batch;
    if (options.now() + delay > deadline) {
      throw new Error(`batch ${id} did not end within ${options.timeoutMs} ms`);
    }
    await options.sleep(delay);
    await options.onTick?.();
    delay = Math.min(options.maxMs, delay * 2);
  }
}
