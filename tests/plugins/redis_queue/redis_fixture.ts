/**
 * Test support for the Redis backend: the server the test run provides
 * (`SUPER_AGENTS_TEST_REDIS_URL`, started by `scripts/services.sh`), a
 * unique queue name per test so parallel tests never share keys, a queue
 * factory for the shared contract suite, and a private `redis-server` on a
 * random port for tests that stop and restart it.
 * @module
 */

import { defaultConfig } from "../../../core/config/schema.ts";
import { projectPaths } from "../../../core/paths.ts";
import type { QueueSettings } from "../../../core/queue/queue.ts";
import { openRedisQueue } from "../../../plugins/redis_queue/open_redis_queue.ts";
import type { RedisQueue } from "../../../plugins/redis_queue/redis_queue.ts";
import type { QueueFixture } from "../../core/queue/contract.ts";

/** The test Redis, or undefined (tests then skip with a message). */
export const REDIS_URL = Deno.env.get("SUPER_AGENTS_TEST_REDIS_URL");

/** Why Redis tests are skipped, printed once per file. */
export const SKIP_REASON = "SUPER_AGENTS_TEST_REDIS_URL is unset: Redis tests skipped " +
  "(run them with scripts/test.sh, which starts redis-server)";

/** A queue name no other test uses. */
export function uniqueQueueName(prefix = "t"): string {
  return `${prefix}-${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
}

/** Settings of a fresh Redis queue. */
export function redisSettings(
  overrides: Partial<QueueSettings> = {},
  url = REDIS_URL!,
): QueueSettings {
  return {
    ...defaultConfig().queue,
    backend: "redis",
    redisUrl: url,
    redisQueue: uniqueQueueName(),
    ...overrides,
  };
}

/** Deletes every key of a queue name (`sa:<name>*`). */
export async function dropQueueKeys(url: string, name: string): Promise<void> {
  const { Redis } = await import("../../../plugins/redis_queue/deps.ts");
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `sa:${name}*`, "COUNT", 1000);
      if (keys.length) await client.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    await client.quit();
  }
}

/** Opens a fresh queue; `cleanup` removes its keys. */
export async function redisQueueFixture(
  overrides: Partial<QueueSettings> = {},
): Promise<QueueFixture & { queue: RedisQueue }> {
  const settings = redisSettings(overrides);
  const queue = await openRedisQueue(projectPaths("/tmp/unused"), settings);
  return {
    queue,
    cleanup: () => dropQueueKeys(settings.redisUrl, settings.redisQueue!),
  };
}

/** A private redis-server on a random loopback port (AOF on, so a restart keeps the data). */
export interface PrivateRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  cleanup(): Promise<void>;
}

/** Starts a private redis-server; tests that need one skip when the binary is missing. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = await Deno.makeTempDir({ prefix: "sa-redis-" });
  let child: Deno.ChildProcess | undefined;
  let port = 0;
  const start = async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      port ||= 20_000 + Math.floor(Math.random() * 12_000); // below the ephemeral ports
      child = new Deno.Command("redis-server", {
        args: [
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--dir",
          dir,
          "--save",
          "",
          "--appendonly",
          "yes",
          "--appendfsync",
          "always",
          "--daemonize",
          "no",
        ],
        stdout: "null",
        stderr: "null",
      }).spawn();
      if (await answers(port)) return;
      child.kill("SIGKILL");
      await child.status;
      port = 0; // the port was taken: try another
    }
    throw new Error("could not start a private redis-server");
  };
  const stop = async () => {
    if (!child) return;
    child.kill("SIGTERM"); // a clean shutdown flushes the AOF
    await child.status;
    child = undefined;
  };
  await start();
  return {
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    stop,
    start,
    cleanup: async () => {
      await stop();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

async function answers(port: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    try {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      await conn.write(new TextEncoder().encode("PING\r\n"));
      const buffer = new Uint8Array(16);
      const n = await conn.read(buffer);
      conn.close();
      if (n && new TextDecoder().decode(buffer.subarray(0, n)).startsWith("+PONG")) return true;
    } catch (error) {
      if (!(error instanceof Deno.errors.ConnectionRefused)) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** Whether `redis-server` is on PATH. */
export function hasRedisServer(): boolean {
  try {
    return new Deno.Command("redis-server", { args: ["--version"], stdout: "null" }).outputSync()
      .success;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
