/**
 * `super-agents queue migrate --to redis|sqlite` moves waiting jobs between
 * backends without loss: ids, priorities, delays and dependencies survive;
 * a job whose dependency already ran stays behind with the reason; an
 * interrupted move can be rerun; a move back revives the jobs. Needs the
 * test Redis (skipped with a message without it).
 */
import assert from "node:assert/strict";
import { projectPaths } from "../../core/paths.ts";
import { openSqliteQueue } from "../../core/queue/sqlite_queue.ts";
import { defaultConfig } from "../../core/config/schema.ts";
import { openRedisQueue } from "../../plugins/redis_queue/open_redis_queue.ts";
import {
  dropQueueKeys,
  REDIS_URL,
  redisSettings,
  SKIP_REASON,
  uniqueQueueName,
} from "../plugins/redis_queue/redis_fixture.ts";
import { json, queueSandbox } from "./queue_fixture.ts";
import { skipWithout } from "../support/service.ts";

const ignore = skipWithout(
  "redis",
  !!REDIS_URL,
  "bash scripts/services.sh start (installs redis-server)",
);
if (ignore) console.warn(SKIP_REASON);

Deno.test({
  name: "queue migrate: sqlite → redis and back, rerunnable, dependencies kept",
  ignore,
  async fn() {
    const redisQueue = uniqueQueueName("migrate");
    const sandbox = await queueSandbox({ queue: { redisUrl: REDIS_URL, redisQueue } });
    const paths = projectPaths(sandbox.project);
    const sqlite = openSqliteQueue(paths, defaultConfig().queue);
    const redis = await openRedisQueue(paths, redisSettings({ redisQueue }));
    try {
      await sqlite.enqueueMany([
        { id: "job_plain", agent: "noop", input: { n: 1 } },
        { id: "job_later", agent: "noop", priority: "high", delayMs: 60_000 },
        { id: "job_step1", agent: "noop", flow: "f", node: "one" },
        { id: "job_step2", agent: "noop", flow: "f", node: "two", dependsOn: ["job_step1"] },
        { id: "job_again", agent: "noop", idempotencyKey: "k-1" },
      ]);
      assert.equal((await sqlite.claim("w", 10_000))?.id, "job_plain");
      await sqlite.complete("job_plain", "w", "ran"); // finished: it stays where it ran
      // An earlier run was interrupted after copying job_again.
      await redis.enqueue({ id: "job_again", agent: "noop", idempotencyKey: "k-1" });

      const first = await json(sandbox, ["queue", "migrate", "--to", "redis"]);
      assert.equal(first.from, "sqlite");
      assert.deepEqual(first.alreadyCopied, ["job_again"]);
      assert.deepEqual(first.copied, ["job_later", "job_step1", "job_step2"]);
      assert.deepEqual(first.left, []);
      for (const id of [...first.copied, ...first.alreadyCopied]) {
        assert.equal((await sqlite.get(id))?.state, "cancelled", `${id} cancelled at the source`);
      }
      assert.equal((await sqlite.get("job_plain"))?.state, "succeeded");
      const later = await redis.get("job_later");
      assert.equal(later?.state, "delayed");
      assert.equal(later?.priority, "high");
      assert.equal(later?.runAfter, (await sqlite.get("job_later"))?.runAfter);
      assert.deepEqual((await redis.get("job_step2"))?.dependsOn, ["job_step1"]);
      assert.equal((await redis.claim("w", 10_000))?.id, "job_again", "step2 waits for step1");

      const rerun = await json(sandbox, ["queue", "migrate", "--to", "redis"]);
      assert.deepEqual([rerun.copied, rerun.alreadyCopied, rerun.left], [[], [], []]);

      await redis.release("job_again", "w");
      const back = await json(sandbox, ["queue", "migrate", "--to", "sqlite"]);
      assert.deepEqual(
        [...back.copied, ...back.alreadyCopied].sort(),
        ["job_again", "job_later", "job_step1", "job_step2"],
      );
      for (const id of ["job_again", "job_step1", "job_step2"]) {
        assert.equal((await sqlite.get(id))?.state, "queued", `${id} is back`);
        assert.equal((await redis.get(id))?.state, "cancelled");
      }
    } finally {
      sqlite.close();
      await redis.close();
      await dropQueueKeys(REDIS_URL!, redisQueue);
      await sandbox.cleanup();
    }
  },
});

Deno.test({
  name: "queue migrate: a job whose dependency already ran stays behind, with the reason",
  ignore,
  async fn() {
    const redisQueue = uniqueQueueName("migrate");
    const sandbox = await queueSandbox({ queue: { redisUrl: REDIS_URL, redisQueue } });
    const paths = projectPaths(sandbox.project);
    const sqlite = openSqliteQueue(paths, defaultConfig().queue);
    try {
      await sqlite.enqueueMany([
        { id: "job_root", agent: "noop" },
        { id: "job_leaf", agent: "noop", dependsOn: ["job_root"] },
        { id: "job_free", agent: "noop" },
      ]);
      await sqlite.claim("w", 10_000);
      await sqlite.complete("job_root", "w", { from: "root" });
      const dry = await json(sandbox, ["queue", "migrate", "--to", "redis", "--dry-run"]);
      assert.deepEqual(dry.copied, ["job_free"]);
      assert.equal(dry.left[0].id, "job_leaf");
      assert.match(dry.left[0].reason, /job_root, succeeded at the source/);
      assert.equal((await sqlite.get("job_free"))?.state, "queued", "a dry run changes nothing");
      const usage = await sandbox.run(["queue", "migrate", "--to", "mysql"]);
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /--to must be redis or sqlite/);
    } finally {
      sqlite.close();
      await dropQueueKeys(REDIS_URL!, redisQueue);
      await sandbox.cleanup();
    }
  },
});
