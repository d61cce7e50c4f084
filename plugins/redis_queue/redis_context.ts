/**
 * One open Redis queue: the ioredis client, our Lua scripts, and per lane a
 * BullMQ `Queue` (adds, promotions, finishing moves) and a manual BullMQ
 * `Worker` (claims through BullMQ's `moveToActive`, with the lease as its
 * lock duration; it never runs a processor). The modules of this plugin
 * share this context instead of globals.
 * @module
 */

import type { Lane } from "../../core/queue/job.ts";
import type { QueueSettings } from "../../core/queue/queue.ts";
import { connectRedis } from "./connection.ts";
import type { Queue, Redis as RedisClient, Worker } from "./deps.ts";
import { KEY_PREFIX, LANES, type QueueKeys, queueKeys } from "./keys.ts";
import { defineScripts, type RunScript } from "./scripts.ts";

/** BullMQ's per-queue key suffixes we touch directly. */
export type BullKey =
  | "wait"
  | "active"
  | "prioritized"
  | "delayed"
  | "completed"
  | "failed"
  | "events"
  | "stalled"
  | "pc"
  | "marker";

/** Everything the backend's modules share. */
export interface RedisContext {
  client: RedisClient;
  run: RunScript;
  keys: QueueKeys;
  queues: Record<Lane, Queue>;
  workers: Record<Lane, Worker>;
  settings: QueueSettings;
  now(): number;
  /** A BullMQ key of a lane (`sa:<name>.<lane>:<suffix>`). */
  bullKey(lane: Lane, suffix: BullKey | string): string;
  /** Errors BullMQ reported in the background (reconnects), newest last. */
  backgroundErrors: string[];
}

/** Options of {@linkcode openRedisContext}. */
export interface RedisContextOptions {
  url: string;
  name: string;
  settings: QueueSettings;
  now: () => number;
  connectTimeoutMs?: number;
}

/** Connects and builds the context; close it with {@linkcode closeRedisContext}. */
export async function openRedisContext(options: RedisContextOptions): Promise<RedisContext> {
  const { Queue, Worker } = await import("./deps.ts");
  const client = await connectRedis(options.url, {
    timeoutMs: options.connectTimeoutMs,
    name: `super-agents:${options.name}`,
  });
  const keys = queueKeys(options.name);
  const backgroundErrors: string[] = [];
  const remember = (error: Error) => {
    // BullMQ reports connection trouble here while ioredis reconnects; keep the last few.
    backgroundErrors.push(error.message);
    if (backgroundErrors.length > 20) backgroundErrors.shift();
  };
  const queues = {} as Record<Lane, Queue>;
  const workers = {} as Record<Lane, Worker>;
  for (const lane of LANES) {
    const queue = new Queue(keys.lane(lane), { connection: client, prefix: KEY_PREFIX });
    queue.on("error", remember);
    queues[lane] = queue;
    const worker = new Worker(keys.lane(lane), null, {
      connection: client,
      prefix: KEY_PREFIX,
      autorun: false,
      lockDuration: options.settings.leaseMs,
    });
    worker.on("error", remember);
    workers[lane] = worker;
  }
  return {
    client,
    run: defineScripts(client),
    keys,
    queues,
    workers,
    settings: options.settings,
    now: options.now,
    bullKey: (lane, suffix) => `${keys.bull(lane)}${suffix}`,
    backgroundErrors,
  };
}

/** Closes the BullMQ objects and the client. */
export async function closeRedisContext(ctx: RedisContext): Promise<void> {
  for (const lane of LANES) {
    await ctx.workers[lane].close(true);
    await ctx.queues[lane].close();
  }
  if (ctx.client.status === "ready") await ctx.client.quit();
  else ctx.client.disconnect();
}
