/**
 * Connecting to Redis: the URL is checked first (`redis://` or `rediss://`
 * for TLS, password and database in the URL), the first connection must
 * succeed within a timeout so a command never hangs on a dead server, and
 * afterwards the client retries for ever — a worker rides out a Redis
 * restart, its commands waiting in the offline queue until the server is
 * back. Messages show the URL with its password masked.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import type { Redis as RedisClient } from "./deps.ts";

/** The URL with any password replaced by `***`. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    // Not a URL at all: show nothing of it rather than a possible secret.
    return "<invalid url>";
  }
}

/** Validates a Redis URL; throws `REDIS_URL_INVALID` naming the fix. */
export function parseRedisUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw invalidUrl(url, "it is not a URL", cause);
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw invalidUrl(url, `the scheme is ${parsed.protocol} (want redis: or rediss:)`);
  }
  if (!parsed.hostname) throw invalidUrl(url, "it names no host");
  return parsed;
}

function invalidUrl(url: string, why: string, cause?: unknown): SuperAgentsError {
  return new SuperAgentsError(
    "REDIS_URL_INVALID",
    `queue.redisUrl ${redactRedisUrl(url)}: ${why}`,
    {
      hint: "use redis://[:password@]host:port[/db], or rediss:// for TLS, e.g. " +
        "`super-agents config set queue.redisUrl redis://127.0.0.1:6379`",
      exitCode: 2,
      cause,
    },
  );
}

/** Options of {@linkcode connectRedis}. */
export interface ConnectOptions {
  /** How long the first connection may take (default 3 s). */
  timeoutMs?: number;
  /** Client name shown by `CLIENT LIST`. */
  name?: string;
}

/**
 * Opens an ioredis client and waits until it answers `PING`.
 *
 * @example
 * ```ts
 * const client = await connectRedis("redis://127.0.0.1:6379");
 * await client.quit();
 * ```
 */
export async function connectRedis(
  url: string,
  options: ConnectOptions = {},
): Promise<RedisClient> {
  parseRedisUrl(url);
  const { Redis } = await import("./deps.ts");
  const timeoutMs = options.timeoutMs ?? 3_000;
  const client = new Redis(url, {
    lazyConnect: true,
    // BullMQ requires it: commands wait through reconnects instead of failing.
    maxRetriesPerRequest: null,
    connectTimeout: timeoutMs,
    connectionName: options.name,
    retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 6), 2_000),
  });
  let lastError: unknown;
  client.on("error", (error: unknown) => {
    lastError = error; // reconnects are automatic; the error is reported if the first connect fails
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(lastError ?? new Error("timed out")), timeoutMs);
      }),
    ]);
    return client;
  } catch (cause) {
    client.disconnect();
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new SuperAgentsError(
      "REDIS_UNAVAILABLE",
      `cannot reach Redis at ${redactRedisUrl(url)}: ${why}`,
      {
        hint: "start redis-server (or fix queue.redisUrl), or go back to the embedded queue " +
          "with `super-agents config set queue.backend sqlite`",
        cause,
      },
    );
  } finally {
    clearTimeout(timer);
  }
}
