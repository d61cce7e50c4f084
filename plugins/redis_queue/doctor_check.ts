/**
 * The `doctor` check of the Redis queue (only when `queue.backend` is
 * `redis`): the server answers within a short timeout, its version is one
 * BullMQ and our scripts support (6.2 or newer), it never evicts keys
 * (`maxmemory-policy noeviction`, or jobs vanish under memory pressure), and
 * it persists data (AOF or snapshots, or a restart loses the queue).
 * @module
 */

import { defineCheck, type Finding } from "../doctor/check.ts";
import { errorMessage } from "../../core/errors.ts";
import { connectRedis, redactRedisUrl } from "./connection.ts";

const ID = "redis-queue";

/** Parses `INFO` output into fields. */
export function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(":");
    if (at > 0 && !line.startsWith("#")) fields[line.slice(0, at)] = line.slice(at + 1).trim();
  }
  return fields;
}

/** Whether `version` (x.y.z) is at least `min`. */
export function versionAtLeast(version: string, min: [number, number]): boolean {
  const [major, minor] = version.split(".").map(Number);
  return major > min[0] || (major === min[0] && minor >= min[1]);
}

/** The check: connection, version, eviction policy, persistence. */
export const check = defineCheck({
  id: ID,
  title: "the Redis queue server",
  async run(env): Promise<Finding[]> {
    const { backend, redisUrl } = env.config.queue;
    if (backend !== "redis") return [];
    const where = redactRedisUrl(redisUrl);
    let client;
    try {
      client = await connectRedis(redisUrl, { timeoutMs: 2_000, name: "super-agents:doctor" });
    } catch (error) {
      return [{
        check: ID,
        severity: "error",
        message: errorMessage(error),
        fix:
          "start redis-server, fix `queue.redisUrl`, or `super-agents config set queue.backend sqlite`",
      }];
    }
    try {
      const server = parseInfo(await client.info("server"));
      const persistence = parseInfo(await client.info("persistence"));
      const [, policy] = await client.config("GET", "maxmemory-policy") as string[];
      const [, save] = await client.config("GET", "save") as string[];
      const version = server.redis_version ?? "unknown";
      const findings: Finding[] = [];
      findings.push(
        versionAtLeast(version, [6, 2])
          ? { check: ID, severity: "ok", message: `Redis ${version} at ${where} answers` }
          : {
            check: ID,
            severity: "error",
            message: `Redis ${version} at ${where} is too old for BullMQ (6.2 or newer needed)`,
            fix: "upgrade redis-server (Debian: apt-get install redis-server)",
          },
      );
      if (policy !== undefined && policy !== "noeviction") {
        findings.push({
          check: ID,
          severity: "warning",
          message:
            `maxmemory-policy is ${policy}: Redis may evict queued jobs under memory pressure`,
          fix: "redis-cli config set maxmemory-policy noeviction (and in redis.conf)",
        });
      }
      if (persistence.aof_enabled !== "1" && !save) {
        findings.push({
          check: ID,
          severity: "warning",
          message: "Redis persists nothing: a restart would lose the queue",
          fix: "enable appendonly yes (AOF) in redis.conf",
        });
      }
      return findings;
    } finally {
      await client.quit();
    }
  },
});
