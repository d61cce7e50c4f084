/**
 * The queue benchmark's BullMQ reference run the way its users run it: under
 * Node, in-process no-op processor, the same steps as `_raw_bullmq.ts`
 * (`addBulk` in batches of 1,000, then a `Worker`). Arguments: Redis URL,
 * job count, concurrency; `BULLMQ_PREFIX` is the npm prefix holding bullmq
 * and ioredis. Prints `{"enqueueMs":…,"totalMs":…,"node":"v…"}`.
 * @module
 */

import { createRequire } from "node:module";
import { randomUUID } from "node:crypto";

const [url, jobsText, concurrencyText] = process.argv.slice(2);
const jobs = Number(jobsText);
const concurrency = Number(concurrencyText);
const require = createRequire(`${process.env.BULLMQ_PREFIX}/package.json`);
const { Queue, Worker } = require("bullmq");
const Redis = require("ioredis");

const name = `bench-node-${randomUUID().slice(0, 8)}`;
const client = () => new Redis(url, { maxRetriesPerRequest: null });
const [queueClient, workerClient] = [client(), client()];
const queue = new Queue(name, { connection: queueClient });
await queue.waitUntilReady();
const start = performance.now();
for (let i = 0; i < jobs; i += 1000) {
  await queue.addBulk(
    Array.from(
      { length: Math.min(1000, jobs - i) },
      (_, j) => ({ name: "noop", data: { n: i + j } }),
    ),
  );
}
const enqueued = performance.now();
let done = 0;
let finish;
const finished = new Promise((resolve) => finish = resolve);
const worker = new Worker(name, (job) => Promise.resolve({ input: job.data }), {
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
console.log(
  JSON.stringify({ enqueueMs: enqueued - start, totalMs: end - start, node: process.version }),
);
