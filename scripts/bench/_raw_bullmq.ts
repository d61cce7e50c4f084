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
  options: { sandboxed?: boolean; beforeCleanup?: () => Promise<void> } = {},
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
  await options.beforeCleanup?.();
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  queueClient.disconnect();
  workerClient.disconnect();
  return { enqueueMs: enqueued - start, totalMs: end - start };
}

/** The pinned BullMQ and ioredis, as the Deno side imports them (`plugins/redis_queue/deps.ts`). */
const NODE_PACKAGES = ["bullmq@6.7.0", "ioredis@5.9.3"];

/**
 * The same reference under Node, the runtime BullMQ's users run it on: the
 * pinned packages are installed from npm once (into the per-user data
 * folder), then `_raw_bullmq_node.mjs` runs in a `node` process. Undefined
 * when Node or npm is missing.
 *
 * @example
 * ```ts
 * const node = await runRawBullmqNode("redis://127.0.0.1:6379", 10_000, 16);
 * ```
 */
export async function runRawBullmqNode(
  url: string,
  jobs: number,
  concurrency: number,
): Promise<(BullmqTimings & { node: string }) | undefined> {
  const home = Deno.env.get("SUPER_AGENTS_HOME") ?? `${Deno.env.get("HOME")}/.super-agents`;
  const prefix = `${home}/bench-node-bullmq-6.7.0`;
  try {
    await Deno.stat(`${prefix}/node_modules/bullmq/package.json`);
  } catch {
    await Deno.mkdir(prefix, { recursive: true });
    const install = await new Deno.Command("npm", {
      args: [
        "install",
        "--silent",
        "--no-audit",
        "--no-fund",
        "--prefix",
        prefix,
        ...NODE_PACKAGES,
      ],
      stdout: "null",
      stderr: "piped",
    }).output().catch(() => undefined);
    if (!install?.success) return undefined; // no npm, or no registry: the line says so
  }
  const output = await new Deno.Command("node", {
    args: [
      new URL("./_raw_bullmq_node.mjs", import.meta.url).pathname,
      url,
      String(jobs),
      String(concurrency),
    ],
    env: { BULLMQ_PREFIX: prefix },
    stdout: "piped",
    stderr: "piped",
  }).output().catch(() => undefined);
  if (!output?.success) return undefined;
  return JSON.parse(new TextDecoder().decode(output.stdout).trim().split("\n").pop()!);
}
