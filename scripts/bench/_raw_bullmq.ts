/**
 * The queue benchmarks' reference: raw BullMQ 6.7 on a Redis server —
 * `Queue.addBulk` in batches of 1,000, then a `Worker` with a no-op
 * processor — timed the same way as our own queues (enqueue, then
 * claim+run+complete). The processor runs in-process by default; with
 * `sandboxed` it is BullMQ's sandboxed processor, a module run in worker
 * threads (`useWorkerThreads`), BullMQ's own way to keep a job apart from
 * the worker process. The `_` prefix keeps `all.ts` from running this file
 * as a benchmark.
 * @module
 */

/** Milliseconds from the start of the enqueue to its end and to the last completion. */
export interface BullmqTimings {
  enqueueMs: number;
  totalMs: number;
}

/**
 * Runs `jobs` no-op jobs through BullMQ on the Redis at `url` and removes the queue afterwards.
 *
 * @example
 * ```ts
 * const { enqueueMs, totalMs } = await runRawBullmq("redis://127.0.0.1:6379", 10_000, 16);
 * ```
 */
export async function runRawBullmq(
  url: string,
  jobs: number,
  concurrency: number,
  options: { sandboxed?: boolean } = {},
): Promise<BullmqTimings> {
  // BullMQ is heavy and only this part needs it. BullMQ 6 makes ioredis optional, so it gets
  // clients (the Worker needs its own, blocking one).
  const { Queue, Worker, Redis } = await import("../../plugins/redis_queue/deps.ts");
  const name = `bench-raw-${crypto.randomUUID().slice(0, 8)}`;
  const client = () => new Redis(url, { maxRetriesPerRequest: null });
  const [queueClient, workerClient] = [client(), client()];
  const queue = new Queue(name, { connection: queueClient });
  await queue.waitUntilReady();
  const start = performance.now();
  for (let i = 0; i < jobs; i += 1000) {
    await queue.addBulk(
      Array.from({ length: Math.min(1000, jobs - i) }, (_, j) => ({
        name: "noop",
        data: { n: i + j },
      })),
    );
  }
  const enqueued = performance.now();
  let done = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => finish = resolve);
  const worker = options.sandboxed
    ? new Worker(name, new URL("./_bullmq_noop_processor.mjs", import.meta.url), {
      connection: workerClient,
      concurrency,
      useWorkerThreads: true,
    })
    : new Worker(name, (job) => Promise.resolve({ input: job.data }), {
      connection: workerClient,
      concurrency,
    });
  worker.on("completed", () => {
    if (++done === jobs) finish();
  });
  await finished;
  const end = performance.now();
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  queueClient.disconnect();
  workerClient.disconnect();
  return { enqueueMs: enqueued - start, totalMs: end - start };
}
