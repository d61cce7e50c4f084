/**
 * Packages only the queue benchmark uses (BullMQ and the Redis client it
 * needs), at pinned versions; imported dynamically by `queue.ts`.
 * @module
 */

export { Queue, Worker } from "npm:bullmq@6.7.0";
export { Redis } from "npm:ioredis@5.9.3";
