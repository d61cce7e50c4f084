/**
 * The task queue seam: the {@linkcode TaskQueue} interface every backend
 * implements, and {@linkcode openQueue}, which picks the backend named by
 * `queue.backend`. SQLite (`.claude/state/queue.db`) is built in; any other
 * backend (Redis/BullMQ) is a plugin's `queueBackends` contribution, found
 * through the installed plugin host, so the core never imports it. Every
 * transition is atomic in the backend (one SQLite transaction, one
 * Lua script), so several worker processes can share one queue.
 * @module
 */

import { wakeWorkers } from "./worker_wake.ts";
import type { Config } from "../config/schema.ts";
import { SuperAgentsError } from "../errors.ts";
import { maybeLoadPluginHost, maybePluginHost } from "../plugin_host/current.ts";
import type { ProjectPaths } from "../paths.ts";
import type {
  EnqueueSpec,
  Job,
  JobErrorInput,
  JobProgress,
  Lane,
  ListFilter,
  QueueStats,
} from "./job.ts";

export * from "./job.ts";

/** The queue section of the configuration. */
export type QueueSettings = Config["queue"];

/** What `enqueue` returns: the job, and whether this call created it. */
export interface EnqueueResult {
  job: Job;
  /** False when an idempotency key matched an existing job. */
  created: boolean;
}

/** Options of `claim`/`claimMany`. */
export interface ClaimOptions {
  /** Only jobs of these agents. */
  agents?: string[];
  /** Default `interactive`; a batch provider claims the `batch` lane. */
  lane?: Lane;
}

/** What a heartbeat tells the worker. */
export interface HeartbeatResult {
  /** `cancel` was called: stop the job and report it with `fail`. */
  cancelRequested: boolean;
  leaseExpiresAt: number;
}

/** Options of `fail`. */
export interface FailOptions {
  /** False: no retry, straight to the dead-letter queue (a deterministic failure). */
  retryable?: boolean;
}

/** Options of `release`. */
export interface ReleaseOptions {
  /** Claimable again after this long (default now). */
  delayMs?: number;
}

/** Which finished jobs `prune` deletes. */
export interface PruneOptions {
  /** Jobs that finished before this time (epoch ms). */
  finishedBefore: number;
}

/** A dependency's result, handed to the job that waited for it (fan-in). */
export interface DependencyResult {
  id: string;
  agent: string;
  node: string | null;
  result: unknown;
}

/**
 * A persistent priority queue of agent jobs.
 *
 * Leases: `claim` leases a job to a worker until `leaseExpiresAt` and counts
 * an attempt; the worker extends the lease with `heartbeat` and ends it with
 * `complete`, `fail` or `release`. A lease that expires (the worker died)
 * makes the job claimable again, or dead when its attempts are used up. A
 * call by a worker that no longer holds the lease throws `LEASE_LOST`.
 */
export interface TaskQueue {
  /** Backend name (`sqlite`, `redis`). */
  readonly backend: string;
  enqueue(spec: EnqueueSpec): Promise<EnqueueResult>;
  /** Enqueues several jobs atomically; `dependsOn` may name jobs earlier in the list. */
  enqueueMany(specs: EnqueueSpec[]): Promise<EnqueueResult[]>;
  /** Leases the most urgent claimable job (priority, then FIFO), or null. */
  claim(workerId: string, leaseMs: number, options?: ClaimOptions): Promise<Job | null>;
  /** Leases up to `limit` jobs in one transaction (pool refill, batch lane). */
  claimMany(
    workerId: string,
    leaseMs: number,
    limit: number,
    options?: ClaimOptions,
  ): Promise<Job[]>;
  heartbeat(id: string, workerId: string, leaseMs: number): Promise<HeartbeatResult>;
  /**
   * Extends several leases at once (one transaction where the backend can); a
   * lease no longer held gives its `LEASE_LOST` error in its place.
   */
  heartbeatMany?(
    ids: string[],
    workerId: string,
    leaseMs: number,
  ): Promise<(HeartbeatResult | SuperAgentsError)[]>;
  progress(id: string, workerId: string, progress: JobProgress): Promise<void>;
  complete(id: string, workerId: string, result: unknown): Promise<Job>;
  /** Retries with backoff and jitter, or dead-letters when attempts are used up. */
  fail(id: string, workerId: string, error: JobErrorInput, options?: FailOptions): Promise<Job>;
  /** Gives a leased job back without counting the attempt (shutdown, open circuit). */
  release(id: string, workerId: string, options?: ReleaseOptions): Promise<Job>;
  /** Queued/delayed → cancelled; leased → cancel requested (seen at the next heartbeat). */
  cancel(id: string): Promise<Job>;
  /** Dead, failed or cancelled → queued with fresh attempts, and its blocked dependants. */
  retry(id: string): Promise<Job>;
  get(id: string): Promise<Job | undefined>;
  list(filter?: ListFilter): Promise<Job[]>;
  /** Results of the job's dependencies, in dependency order. */
  dependencyResults(id: string): Promise<DependencyResult[]>;
  stats(): Promise<QueueStats>;
  /** Dead-lettered jobs, newest first. */
  dlqList(limit?: number): Promise<Job[]>;
  /** Retries the given dead jobs (all when `ids` is empty); returns how many. */
  dlqRetry(ids?: string[]): Promise<number>;
  /** Deletes the given dead jobs (all when `ids` is empty); returns how many. */
  dlqPurge(ids?: string[]): Promise<number>;
  /**
   * Retention: deletes succeeded and cancelled jobs that finished before
   * `finishedBefore`, except what may still be needed (a dependency of a job
   * that can still run or be retried, a job of a flow that is not all
   * finished); returns how many. Dead jobs stay in the dead-letter queue; a
   * deleted job's idempotency key is free again.
   */
  prune(options: PruneOptions): Promise<number>;
  close(): Promise<void>;
}

/** Test and embedding hooks: the clock, the id source and the jitter source. */
export interface QueueOptions {
  now?: () => number;
  newId?: () => string;
  /** A number in [0, 1) for backoff jitter. */
  random?: () => number;
}

/** Opens one backend. */
export type QueueBackendLoader = (
  paths: ProjectPaths,
  settings: QueueSettings,
  options: QueueOptions,
) => Promise<TaskQueue>;

/** The backends built into the core. */
const builtinBackends: Record<string, QueueBackendLoader> = {
  sqlite: async (paths, settings, options) => {
    const { openSqliteQueue } = await import("./sqlite_queue.ts");
    return openSqliteQueue(paths, settings, options);
  },
};

/** The module a `queueBackends` contribution names exports `openQueue`. */
interface QueueBackendModule {
  openQueue: QueueBackendLoader;
}

/**
 * Opens the project's queue on the backend named by `config.queue.backend`.
 *
 * @example
 * ```ts
 * const queue = await openQueue(paths, config);
 * const { job } = await queue.enqueue({ agent: "reviewer", input: { ref: "HEAD" } });
 * await queue.close();
 * ```
 */
export async function openQueue(
  paths: ProjectPaths,
  config: Pick<Config, "queue">,
  options: QueueOptions = {},
): Promise<TaskQueue> {
  const name = config.queue.backend;
  if (Object.hasOwn(builtinBackends, name)) {
    return wakingOnEnqueue(await builtinBackends[name](paths, config.queue, options), paths.state);
  }
  const host = maybePluginHost() ?? await maybeLoadPluginHost();
  const contributed = host?.queueBackend(name);
  if (!contributed) {
    const known = [
      ...Object.keys(builtinBackends),
      ...(host?.plugins ?? []).flatMap((p) => (p.manifest.queueBackends ?? []).map((b) => b.name)),
    ];
    throw new SuperAgentsError(
      "QUEUE_BACKEND_UNAVAILABLE",
      `queue backend "${name}" is not available (known: ${known.join(", ")}` +
        `${host ? "" : "; no plugins are installed in this process"})`,
      {
        hint: `install or enable the plugin that provides "${name}", ` +
          "or run `super-agents config set queue.backend sqlite`",
      },
    );
  }
  const { openQueue } = await contributed.load<QueueBackendModule>();
  return wakingOnEnqueue(await openQueue(paths, config.queue, options), paths.state);
}

/**
 * `queue`, whose enqueues wake the project's idle workers on this machine
 * once committed (`worker_wake.ts`) rather than leave the jobs to their next
 * poll. Both backends' `enqueue` goes through `enqueueMany`.
 */
function wakingOnEnqueue(queue: TaskQueue, stateDir: string): TaskQueue {
  const enqueueMany = queue.enqueueMany.bind(queue);
  queue.enqueueMany = async (specs) => {
    const results = await enqueueMany(specs);
    if (results.some((result) => result.created)) await wakeWorkers(stateDir);
    return results;
  };
  return queue;
}

/** A new random job id, `job_` + 20 base-36 characters. */
export function newJobId(): string {
  let id = "";
  for (let i = 0; i < 12; i++) id += ALPHABET36[randomByte() % 36];
  return `job_${Date.now().toString(36)}${id}`;
}

const ALPHABET36 = "0123456789abcdefghijklmnopqrstuvwxyz";
/** Random bytes drawn in blocks: one `getRandomValues` call per 4 KiB instead of per id. */
let randomPool = new Uint8Array(0);
let randomAt = 0;

function randomByte(): number {
  if (randomAt === randomPool.length) {
    randomPool = crypto.getRandomValues(new Uint8Array(4096));
    randomAt = 0;
  }
  return randomPool[randomAt++];
}
