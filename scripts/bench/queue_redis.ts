/**
 * Redis queue benchmark (`deno task bench queue_redis`), 10,000 no-op jobs
 * end to end — enqueue, claim, run in the sandboxed Web Worker pool,
 * complete — with the same runner for both of our backends, in one run:
 *
 * - our Redis backend (BullMQ underneath, leases, dependency gate, events),
 * - our SQLite backend (the embedded default), as the reference,
 * - raw BullMQ 6.7 (`Queue.addBulk` + a `Worker` with an in-process no-op
 *   processor), the engine's own ceiling on the same Redis.
 *
 * Redis: `BENCH_REDIS_URL` if given, else a redis-server started on a
 * random loopback port (and stopped afterwards). `BENCH_QUEUE_JOBS` and
 * `BENCH_QUEUE_CONCURRENCY` change the size; the three run interleaved
 * `BENCH_QUEUE_ROUNDS` (3) times, so load from elsewhere hits them alike.
 * @module
 */

import { defaultConfig } from "../../core/config/schema.ts";
import { JobRunner } from "../../core/orchestration/runner.ts";
import { projectPaths } from "../../core/paths.ts";
import { WorkerPool } from "../../core/pool/worker_pool.ts";
import type { TaskQueue } from "../../core/queue/queue.ts";
import { openSqliteQueue } from "../../core/queue/sqlite_queue.ts";
import { BUILTIN_AGENTS } from "../../agents/runtime/resolve_agent.ts";
import { workerUrlOf } from "../../agents/runtime/executors.ts";
import { openRedisQueue } from "../../plugins/redis_queue/open_redis_queue.ts";
import { runRawBullmq } from "./_raw_bullmq.ts";
import { startRedisServer } from "./_redis_server.ts";

const JOBS = Number(Deno.env.get("BENCH_QUEUE_JOBS") ?? 10_000);
const CONCURRENCY = Number(Deno.env.get("BENCH_QUEUE_CONCURRENCY") ?? 16);
const ROUNDS = Number(Deno.env.get("BENCH_QUEUE_ROUNDS") ?? 3);

interface Figures {
  enqueue: number;
  drain: number;
  total: number;
}

const perSecond = (count: number, ms: number) => count / (ms / 1000);
const fmt = (value: number) => `${Math.round(value).toLocaleString("en-US")} jobs/s`;

function runner(queue: TaskQueue, root: string): JobRunner {
  const paths = projectPaths(root);
  return new JobRunner({
    queue,
    pool: new WorkerPool({
      workerUrl: workerUrlOf,
      size: 2,
      jobsPerWorker: 8,
      place: { root, workspacesDir: paths.workspaces, modelApiHost: "api.anthropic.com" },
    }),
    workerId: "bench",
    leaseMs: 30_000,
    pollMs: 5,
    concurrency: CONCURRENCY,
    defaultTimeoutMs: 60_000,
    resolveAgent: () => Promise.resolve(BUILTIN_AGENTS.noop),
    once: true,
  });
}

/** Our runner over one of our backends. */
async function benchBackend(queue: TaskQueue, root: string): Promise<Figures> {
  await queue.enqueue({ agent: "noop" }); // warm up: worker module compiled, connections open
  await runner(queue, root).run();
  const run = runner(queue, root);
  const start = performance.now();
  for (let i = 0; i < JOBS; i += 1000) {
    await queue.enqueueMany(
      Array.from({ length: Math.min(1000, JOBS - i) }, (_, j) => ({
        agent: "noop",
        input: { n: i + j },
      })),
    );
  }
  const enqueued = performance.now();
  const summary = await run.run();
  const end = performance.now();
  if (summary.succeeded !== JOBS) throw new Error(`only ${summary.succeeded} of ${JOBS} succeeded`);
  return {
    enqueue: perSecond(JOBS, enqueued - start),
    drain: perSecond(JOBS, end - enqueued),
    total: perSecond(JOBS, end - start),
  };
}

const given = Deno.env.get("BENCH_REDIS_URL");
const redis = given ? { url: given, stop: () => Promise.resolve() } : await startRedisServer();
if (!redis) throw new Error("no redis-server (install it: apt-get install -y redis-server)");
const roots = [
  await Deno.makeTempDir({ prefix: "bench-q-redis-" }),
  await Deno.makeTempDir({ prefix: "bench-q-sqlite-" }),
];
try {
  console.log(
    `queue backends, ${JOBS.toLocaleString("en-US")} no-op jobs, concurrency ${CONCURRENCY}, ` +
      `${ROUNDS} interleaved rounds (median reported: the machine is shared)`,
  );
  for (const root of roots) await Deno.mkdir(projectPaths(root).state, { recursive: true });
  const rounds: { ours: Figures; sqlite: Figures; raw: Figures }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const redisQueue = await openRedisQueue(projectPaths(roots[0]), {
      ...defaultConfig().queue,
      redisUrl: redis.url,
      redisQueue: `bench-${Date.now()}-${round}`,
      backend: "redis",
    });
    const ours = await benchBackend(redisQueue, roots[0]);
    await redisQueue.close();
    const bullmq = await runRawBullmq(redis.url, JOBS, CONCURRENCY);
    const raw = {
      enqueue: perSecond(JOBS, bullmq.enqueueMs),
      drain: perSecond(JOBS, bullmq.totalMs - bullmq.enqueueMs),
      total: perSecond(JOBS, bullmq.totalMs),
    };
    const sqliteQueue = openSqliteQueue(projectPaths(roots[1]), defaultConfig().queue);
    const sqlite = await benchBackend(sqliteQueue, roots[1]);
    await sqliteQueue.close();
    rounds.push({ ours, sqlite, raw });
    console.log(
      `  round ${round}: redis backend ${fmt(ours.total)}, raw bullmq ${fmt(raw.total)} ` +
        `(${(ours.total / raw.total).toFixed(2)}×), sqlite backend ${fmt(sqlite.total)}`,
    );
  }
  const median = (pick: (r: (typeof rounds)[number]) => number) =>
    rounds.map(pick).toSorted((a, b) => a - b)[Math.floor(rounds.length / 2)];
  const mid = (key: "ours" | "sqlite" | "raw"): Figures => ({
    enqueue: median((r) => r[key].enqueue),
    drain: median((r) => r[key].drain),
    total: median((r) => r[key].total),
  });
  const [ours, sqlite, raw] = [mid("ours"), mid("sqlite"), mid("raw")];
  const row = (name: string, f: Figures) =>
    `  ${name.padEnd(22)} enqueue ${fmt(f.enqueue).padStart(14)}  ` +
    `claim+run+complete ${fmt(f.drain).padStart(12)}  total ${fmt(f.total).padStart(12)}`;
  console.log(row("redis backend + pool", ours));
  console.log(row("sqlite backend + pool", sqlite));
  console.log(row("raw bullmq (no pool)", raw));
  const ratio = median((r) => r.ours.total / r.raw.total);
  console.log(
    `  redis backend total = ${(ours.total / sqlite.total).toFixed(2)}× sqlite, ` +
      `${ratio.toFixed(2)}× raw BullMQ (median of the rounds' ratios; goal ≥ 0.8×: ` +
      `${ratio >= 0.8 ? "met" : "MISSED"})`,
  );
} finally {
  await redis.stop();
  for (const root of roots) await Deno.remove(root, { recursive: true });
}
