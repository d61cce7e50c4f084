/**
 * The Redis queue plugin's one door to its npm packages, at pinned versions:
 * BullMQ (the queue engine) and ioredis (the client BullMQ drives; it is a
 * peer dependency BullMQ cannot load by itself under Deno, so we construct
 * the client and hand it over). Heavy: import this module dynamically, only
 * where a Redis queue is opened.
 * @module
 */

export { Job, Queue, Worker } from "npm:bullmq@6.7.0";
export type { JobsOptions } from "npm:bullmq@6.7.0";
export { Redis } from "npm:ioredis@5.9.3";
export type { RedisOptions } from "npm:ioredis@5.9.3";
