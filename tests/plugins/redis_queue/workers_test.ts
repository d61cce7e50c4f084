/**
 * `super-agents worker` processes on two "hosts" (two checkouts of the
 * project, each its own sandbox) sharing one queue on Redis: every job runs
 * exactly once across both; a worker killed with SIGKILL mid-job loses its
 * lock and the job runs again on the other host and completes once; Redis
 * restarted mid-run (a private server on a random port) → the workers
 * reconnect and every job still succeeds.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { projectPaths } from "../../../core/paths.ts";
import type { Job } from "../../../core/queue/job.ts";
import { openRedisQueue } from "../../../plugins/redis_queue/open_redis_queue.ts";
import { filesIn, json, queueSandbox, script, waitFor } from "../../e2e/queue_fixture.ts";
import {
  dropQueueKeys,
  hasRedisServer,
  REDIS_URL,
  redisSettings,
  SKIP_REASON,
  startPrivateRedis,
  uniqueQueueName,
} from "./redis_fixture.ts";
import { skipWithout } from "../../support/service.ts";

const ignore = skipWithout(
  "redis",
  !!REDIS_URL,
  "bash scripts/services.sh start (installs redis-server)",
);
if (ignore) console.warn(SKIP_REASON);

/** Two checkouts of one project whose queue is the same Redis queue. */
async function twoHosts(url: string, overrides: { leaseMs?: number } = {}) {
  const redisQueue = uniqueQueueName("hosts");
  const config = { queue: { backend: "redis", redisUrl: url, redisQueue, ...overrides } };
  const hosts = [await queueSandbox(config), await queueSandbox(config)];
  // The test itself talks to the queue in-process (the CLI is for the workers under test).
  const queue = await openRedisQueue(
    projectPaths(hosts[0].project),
    redisSettings({ redisQueue, ...overrides }, url),
  );
  return {
    hosts,
    redisQueue,
    /** Enqueues `count` script jobs. */
    create: async (count: number, input: string): Promise<string[]> =>
      (await queue.enqueueMany(
        Array.from({ length: count }, () => ({ agent: "script", input: JSON.parse(input) })),
      )).map((r) => r.job.id),
    show: async (id: string): Promise<Job> => (await queue.get(id))!,
    /** Files a job left in its workspace, on both hosts. */
    files: async (id: string) =>
      (await Promise.all(hosts.map((h) => filesIn(join(h.project, ".claude", "workspaces", id)))))
        .flat(),
    cleanup: async () => {
      await queue.close();
      for (const host of hosts) await host.cleanup();
      await dropQueueKeys(url, redisQueue).catch(() => {}); // the private server may be gone already
    },
  };
}

async function outputOf(child: Deno.ChildProcess) {
  const output = await child.output();
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  return JSON.parse(new TextDecoder().decode(output.stdout));
}

Deno.test({
  name: "redis workers: two hosts drain one queue, each job exactly once",
  ignore,
  async fn() {
    const { hosts, files, create, show, cleanup } = await twoHosts(REDIS_URL!);
    try {
      const input = script({ op: "write", path: "ran-{nonce}.txt" }, { op: "sleep", ms: 20 });
      const ids = await create(12, input);
      const summaries = await Promise.all(
        hosts.map((h) => outputOf(h.spawn(["worker", "--once", "--concurrency", "2", "--json"]))),
      );
      assert.equal(summaries[0].succeeded + summaries[1].succeeded, 12);
      for (const id of ids) {
        const job = await show(id);
        assert.equal(job.state, "succeeded");
        assert.equal(job.attempts, 1);
        assert.equal((await files(id)).length, 1, `${id} ran once`);
      }
    } finally {
      await cleanup();
    }
  },
});

Deno.test({
  name: "redis workers: kill -9 mid-job → the lock expires and another host completes it once",
  ignore,
  async fn() {
    const { hosts, files, create, show, cleanup } = await twoHosts(REDIS_URL!, { leaseMs: 1000 });
    try {
      const input = script(
        { op: "write", path: "start-{attempt}.txt" },
        { op: "sleep", ms: 1500 },
        { op: "write", path: "done-{nonce}.txt" },
      );
      const [id] = await create(1, input);
      const victim = hosts[0].spawn(["worker"]);
      await waitFor("the job to start", async () => (await files(id)).length > 0);
      victim.kill("SIGKILL");
      assert.equal((await victim.status).signal, "SIGKILL");
      const leased = await show(id);
      assert.equal(leased.state, "leased");
      await waitFor(
        "the lock to expire",
        () => Promise.resolve(Date.now() > leased.leaseExpiresAt! + 50),
      );
      const rescue = await json(hosts[1], ["worker", "--once"]);
      assert.equal(rescue.succeeded, 1);
      const job = await show(id);
      assert.equal(job.state, "succeeded");
      assert.equal(job.attempts, 2);
      const all = await files(id);
      assert.deepEqual(all.filter((f) => f.startsWith("start-")).sort(), [
        "start-1.txt",
        "start-2.txt",
      ]);
      assert.equal(all.filter((f) => f.startsWith("done-")).length, 1, "completed once");
    } finally {
      await cleanup();
    }
  },
});

Deno.test({
  name: "redis workers: Redis restarted mid-run → workers reconnect and nothing is lost",
  ignore: ignore || skipWithout("redis-server", hasRedisServer(), "apt-get install redis-server"),
  async fn() {
    const redis = await startPrivateRedis();
    const { hosts, files, create, show, cleanup } = await twoHosts(redis.url, { leaseMs: 1000 });
    try {
      const input = script({ op: "sleep", ms: 150 }, { op: "write", path: "done-{nonce}.txt" });
      const ids = await create(10, input);
      const workers = hosts.map((h) =>
        h.spawn(["worker", "--once", "--concurrency", "1", "--json"])
      );
      await waitFor(
        "a first job to finish",
        async () => (await Promise.all(ids.map(files))).flat().length > 0,
      );
      await redis.stop();
      const doneBefore = (await Promise.all(ids.map(files))).flat().length;
      assert.ok(doneBefore < ids.length, `the restart came mid-run (${doneBefore} done)`);
      await new Promise((resolve) => setTimeout(resolve, 700));
      await redis.start();
      const summaries = await Promise.all(workers.map(outputOf));
      // A job whose lease was lost in the outage is claimable again once that lease expires;
      // `--once` workers may have stopped before then, so later drains finish the rest.
      let succeeded = summaries[0].succeeded + summaries[1].succeeded;
      await waitFor("every job to succeed after the restart", async () => {
        const states = await Promise.all(ids.map(async (id) => (await show(id)).state));
        if (states.every((state) => state === "succeeded")) return true;
        succeeded += (await json(hosts[0], ["worker", "--once"])).succeeded;
        return false;
      });
      assert.equal(succeeded, ids.length, "each job succeeded exactly once");
      for (const id of ids) {
        const job = await show(id);
        assert.equal(job.state, "succeeded", `${id} survived the restart`);
        assert.ok((await files(id)).some((f) => f.startsWith("done-")), `${id} ran`);
      }
    } finally {
      await cleanup();
      await redis.cleanup();
    }
  },
});
