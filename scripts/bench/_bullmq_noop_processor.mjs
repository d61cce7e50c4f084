/**
 * The no-op job of the queue benchmark as a BullMQ sandboxed processor: BullMQ
 * loads this module in a worker thread and runs every job there (see
 * `_raw_bullmq.ts`).
 * @module
 */

/** Returns the job's input, as the in-process reference processor does. */
export default function noop(job) {
  return Promise.resolve({ input: job.data });
}
