/**
 * Redis queue benchmark (`deno task bench queue_redis`), 10,000 no-op jobs
 * end to end — enqueue, claim, run, complete — on one Redis, in one run,
 * like for like in pairs:
 *
 * - our Redis backend with our runner and its sandboxed Web Worker pool,
 *   against raw BullMQ 6.7 with its sandboxed processor (a worker thread
 *   per job runner, BullMQ's own way to keep a job apart from the worker);
 * - our Redis backend alone (16 jobs at a time, claimed in batches as our
 *   runner claims them, each a no-op in process, then completed), against
 *   raw BullMQ with an in-process no-op processor;
 * - our SQLite backend with the same runner and pool, for reference.
 *
 * Both sides keep every completed job and its result (BullMQ's default,
 * our `removeOnComplete: false`), write BullMQ's event stream, hold a
 * 30 s lock per running job and run 16 jobs at a time. Our job's BullMQ
 * `data` is our whole job record (input, lane, priority, attempts, ids,
 * timestamps); raw BullMQ's is the input alone. Each run removes its
 * queue afterwards (raw BullMQ's `obliterate`, a key scan for ours), so
 * no run starts on another's leftovers. Redis commands per job
 * (INFO commandstats, commands inside Lua scripts included) are printed
 * for each side when the bench started its own redis-server.
 *
 * Redis: `BENCH_REDIS_URL` if given, else a redis-server started on a
 * random loopback port (and stopped afterwards). `BENCH_QUEUE_JOBS` and
 * `BENCH_QUEUE_CONCURRENCY` change the size; everything runs interleaved
 * `BENCH_QUEUE_ROUNDS` (3) times, so load from elsewhere hits all alike.
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
import type { Redis } from "../../plugins/redis_queue/deps.ts";
import { runRawBullmq } from "./_raw_bullmq.ts";
import { startRedisServer } from "./_redis_server.ts";

const JOBS = Number(Deno.env.get("BENCH_QUEUE_JOBS") ?? 10_000);
const CONCURRENCY = Number(Deno.env.get("BENCH_QUEUE_CONCURRENCY") ?? 16);
const ROUNDS = Number(Deno.env.get("BENCH_QUEUE_ROUNDS") ?? 3);

interface Figures {
  enqueue: number;
  drain: number;
  total: number;
  /** Redis commands per job (Lua scripts' inner commands included), when counted. */
  commands?: number;
  /** Lua script calls per job, when counted. */
  scripts?: number;
}

const perSecond = (count: number, ms: number) => count / (ms / 1000);
const fmt = (value: number) => `${Math.round(value).toLocaleString("en-US")} jobs/s`;

/** Calls per command since the server started (INFO commandstats). */
type CommandCounts = Map<string, number>;

async function commandCounts(client: Redis | undefined): Promise<CommandCounts | undefined> {
  if (!client) return undefined;
  const counts = new Map<string, number>();
  for (const line of (await client.info("commandstats")).split("\n")) {
    const match = line.match(/^cmdstat_([^:]+):calls=(\d+)/);
    if (match) counts.set(match[1], Number(match[2]));
  }
  return counts;
}

/** Commands and Lua script calls per job between two counts (the counting itself left out). */
function perJob(before?: CommandCounts, after?: CommandCounts) {
  if (!before || !after) return {};
  let commands = 0;
  let scripts = 0;
  for (const [name, calls] of after) {
    if (name === "info") continue;
    const delta = calls - (before.get(name) ?? 0);
    commands += delta;
    if (name === "evalsha" || name === "eval") scripts += delta;
  }
  return { commands: commands / JOBS, scripts: scripts / JOBS };
}

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

/**
 * The backend alone, driven as our runner drives it: up to CONCURRENCY jobs
 * at once, free slots claimed in batches (once a quarter of them is free),
 * each job a no-op in process, then completed.
 */
async function drainInProcess(queue: TaskQueue): Promise<number> {
  const batch = Math.max(1, Math.ceil(CONCURRENCY / 4));
  const running = new Set<Promise<void>>();
  let done = 0;
  for (;;) {
    const jobs = await queue.claimMany("bench", 30_000, CONCURRENCY - running.size);
    for (const job of jobs) {
      const completing: Promise<void> = queue.complete(job.id, "bench", { input: job.input })
        .then(() => {
          done++;
          running.delete(completing);
        });
      running.add(completing);
    }
    if (jobs.length === 0 && running.size === 0) return done;
    if (jobs.length === 0) await Promise.race(running);
    while (running.size > CONCURRENCY - batch) await Promise.race(running);
  }
}

/** One of our backends, drained by our runner and pool (`pool`) or in process. */
async function benchBackend(
  queue: TaskQueue,
  root: string,
  how: "pool" | "in-process",
  redis?: Redis,
): Promise<Figures> {
  await queue.enqueue({ agent: "noop" }); // warm up: worker module compiled, connections open
  await runner(queue, root).run();
  const run = runner(queue, root);
  const before = await commandCounts(redis);
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
  const succeeded = how === "pool" ? (await run.run()).succeeded : await drainInProcess(queue);
  const end = performance.now();
  if (succeeded !== JOBS) throw new Error(`only ${succeeded} of ${JOBS} succeeded`);
  return {
    enqueue: perSecond(JOBS, enqueued - start),
    drain: perSecond(JOBS, end - enqueued),
    total: perSecond(JOBS, end - start),
    ...perJob(before, await commandCounts(redis)),
  };
}

/** Raw BullMQ, its processor sandboxed in worker threads or in process. */
async function benchRaw(url: string, sandboxed: boolean, redis?: Redis): Promise<Figures> {
  const before = await commandCounts(redis);
  let after: CommandCounts | undefined;
  const bullmq = await runRawBullmq(url, JOBS, CONCURRENCY, {
    sandboxed,
    // Counted before the queue is closed and removed (the timing ends there too).
    beforeCleanup: async () => void (after = await commandCounts(redis)),
  });
  return {
    enqueue: perSecond(JOBS, bullmq.enqueueMs),
    drain: perSecond(JOBS, bullmq.totalMs - bullmq.enqueueMs),
    total: perSecond(JOBS, bullmq.totalMs),
    ...perJob(before, after),
  };
}

const SIDES = {
  oursPool: "redis backend + pool",
  rawSandboxed: "raw bullmq, sandboxed",
  oursAlone: "redis backend alone",
  rawInProcess: "raw bullmq, in-process",
  sqlitePool: "sqlite backend + pool",
} as const;
type Side = keyof typeof SIDES;

const given = Deno.env.get("BENCH_REDIS_URL");
const redis = given ? { url: given, stop: () => Promise.resolve() } : await startRedisServer();
if (!redis) throw new Error("no redis-server (install it: apt-get install -y redis-server)");
const { Redis: RedisClient } = await import("../../plugins/redis_queue/deps.ts");
// Commands are counted on our own server only: on a given one, others' commands would count too.
const admin = new RedisClient(redis.url, { maxRetriesPerRequest: null });
const counter = given ? undefined : admin;

/** Removes a bench queue's keys, as raw BullMQ's run removes its queue: no run inherits another's. */
async function dropQueue(name: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await admin.scan(cursor, "MATCH", `sa:${name}*`, "COUNT", 1000);
    if (keys.length) await admin.unlink(...keys);
    cursor = next;
  } while (cursor !== "0");
}
const roots = [
  await Deno.makeTempDir({ prefix: "bench-q-redis-" }),
  await Deno.makeTempDir({ prefix: "bench-q-sqlite-" }),
];
try {
  console.log(
    `queue backends, ${JOBS.toLocaleString("en-US")} no-op jobs, concurrency ${CONCURRENCY}, ` +
      `${ROUNDS} interleaved rounds (median reported: the machine is shared)`,
  );
  console.log(
    "  like for like: every side keeps completed jobs and results, writes BullMQ's events, " +
      "locks each running job for 30 s; ours stores its whole job record as BullMQ data",
  );
  for (const root of roots) await Deno.mkdir(projectPaths(root).state, { recursive: true });
  const openOurs = (round: number, how: string) =>
    openRedisQueue(projectPaths(roots[0]), {
      ...defaultConfig().queue,
      redisUrl: redis.url,
      redisQueue: `bench-${Date.now()}-${round}-${how}`,
      backend: "redis",
    });
  const rounds: Record<Side, Figures>[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const pooled = await openOurs(round, "pool");
    const oursPool = await benchBackend(pooled, roots[0], "pool", counter);
    await pooled.close();
    await dropQueue(pooled.name);
    const rawSandboxed = await benchRaw(redis.url, true, counter);
    const alone = await openOurs(round, "alone");
    const oursAlone = await benchBackend(alone, roots[0], "in-process", counter);
    await alone.close();
    await dropQueue(alone.name);
    const rawInProcess = await benchRaw(redis.url, false, counter);
    const sqliteQueue = openSqliteQueue(projectPaths(roots[1]), defaultConfig().queue);
    const sqlitePool = await benchBackend(sqliteQueue, roots[1], "pool");
    await sqliteQueue.close();
    rounds.push({ oursPool, rawSandboxed, oursAlone, rawInProcess, sqlitePool });
    console.log(
      `  round ${round}: redis backend + pool ${fmt(oursPool.total)} vs raw bullmq sandboxed ` +
        `${fmt(rawSandboxed.total)} (${(oursPool.total / rawSandboxed.total).toFixed(2)}×); ` +
        `alone ${fmt(oursAlone.total)} vs raw in-process ${fmt(rawInProcess.total)} ` +
        `(${(oursAlone.total / rawInProcess.total).toFixed(2)}×); sqlite + pool ${
          fmt(sqlitePool.total)
        }`,
    );
  }
  const median = (pick: (r: (typeof rounds)[number]) => number) =>
    rounds.map(pick).toSorted((a, b) => a - b)[Math.floor(rounds.length / 2)];
  const row = (side: Side) => {
    const f = (key: "enqueue" | "drain" | "total") => fmt(median((r) => r[side][key]));
    const commands = rounds[0][side].commands === undefined
      ? ""
      : `  ${median((r) => r[side].commands!).toFixed(1)} commands/job (${
        median((r) => r[side].scripts!).toFixed(1)
      } Lua calls)`;
    return `  ${SIDES[side].padEnd(23)} enqueue ${f("enqueue").padStart(14)}  ` +
      `claim+run+complete ${f("drain").padStart(12)}  total ${f("total").padStart(12)}${commands}`;
  };
  for (const side of Object.keys(SIDES) as Side[]) console.log(row(side));
  const ratio = (ours: Side, raw: Side) => median((r) => r[ours].total / r[raw].total);
  const verdict = (value: number) =>
    `${value.toFixed(2)}× (goal ≥ 0.8×: ${value >= 0.8 ? "met" : "MISSED"})`;
  console.log(
    `  redis backend vs raw BullMQ (median of the rounds' ratios): with the pool vs sandboxed ` +
      `${verdict(ratio("oursPool", "rawSandboxed"))}; alone vs in-process ` +
      `${verdict(ratio("oursAlone", "rawInProcess"))}; + pool vs in-process ` +
      `${ratio("oursPool", "rawInProcess").toFixed(2)}×`,
  );
} finally {
  admin.disconnect();
  await redis.stop();
  for (const root of roots) await Deno.remove(root, { recursive: true });
}
