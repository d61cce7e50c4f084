/**
 * Names and numbers the Redis backend shares between its modules: the
 * BullMQ queue of each lane, our own keys beside BullMQ's (the job index,
 * idempotency keys, dependants), the mapping of priorities onto BullMQ
 * priority numbers, and the "gate" time that parks jobs waiting for their
 * dependencies in BullMQ's delayed set.
 * @module
 */

import type { Lane, Priority } from "../../core/queue/job.ts";

/** BullMQ key prefix of every super-agents queue. */
export const KEY_PREFIX = "sa";

/** BullMQ priority numbers (1 is the most urgent; 0 would bypass the priority set). */
export const BULL_PRIORITY: Record<Priority, number> = {
  critical: 1,
  high: 2,
  normal: 3,
  low: 4,
};

/** Our priority of a BullMQ priority number. */
export function priorityOf(bullPriority: number): Priority {
  const entry = Object.entries(BULL_PRIORITY).find(([, n]) => n === bullPriority);
  return (entry?.[0] ?? "normal") as Priority;
}

/**
 * Jobs whose dependencies have not all succeeded wait in BullMQ's delayed
 * set at this time (October 2037), so no claim ever promotes them; a
 * dependency's success promotes them with BullMQ's `promote`. It stays below
 * 2^53 / 4096, the largest time BullMQ's delayed scores hold exactly.
 */
export const GATE_AT = 2_140_000_000_000;

/** BullMQ delayed-set score of a time (ms): BullMQ keeps 12 bits for ordering. */
export function delayedScore(at: number): number {
  return at * 0x1000;
}

/** The time (ms) a BullMQ delayed-set score stands for. */
export function scoreTime(score: number): number {
  return Math.floor(score / 0x1000);
}

/** Every key of one project queue on Redis. */
export interface QueueKeys {
  /** Base name; BullMQ queues are `<name>.<lane>`. */
  name: string;
  /** BullMQ queue name of a lane. */
  lane(lane: Lane): string;
  /** Prefix of a lane's BullMQ keys (`sa:<name>.<lane>:`). */
  bull(lane: Lane): string;
  /** Hash: job id → lane (every job, so `get` knows where to look). */
  index: string;
  /** Hash: idempotency key → job id. */
  idempotency: string;
  /** Counter: enqueue order across lanes. */
  seq: string;
  /** Set: ids of the jobs that depend on `id`. */
  dependants(id: string): string;
}

/** The keys of the queue named `name`. */
export function queueKeys(name: string): QueueKeys {
  const own = `${KEY_PREFIX}:${name}:sa`;
  return {
    name,
    lane: (lane) => `${name}.${lane}`,
    bull: (lane) => `${KEY_PREFIX}:${name}.${lane}:`,
    index: `${own}:index`,
    idempotency: `${own}:idempotency`,
    seq: `${own}:seq`,
    dependants: (id) => `${own}:dependants:${id}`,
  };
}

/** Both lanes. */
export const LANES: readonly Lane[] = ["interactive", "batch"];
