/**
 * Retention on SQLite beyond the contract: graphs and flows go whole once
 * every job in them is old and finished, a live job keeps its dependencies
 * transitively, the cutoff is exact, and a large prune runs in batches.
 */
import assert from "node:assert/strict";
import { defaultConfig } from "../../../core/config/schema.ts";
import { projectPaths } from "../../../core/paths.ts";
import { openSqliteQueue, type SqliteQueue } from "../../../core/queue/sqlite_queue.ts";

async function withQueue(fn: (queue: SqliteQueue, clock: { now: number }) => Promise<void>) {
  const root = await Deno.makeTempDir({ prefix: "sa-prune-" });
  const clock = { now: 1_800_000_000_000 };
  const queue = openSqliteQueue(projectPaths(root), defaultConfig().queue, {
    now: () => clock.now,
  });
  try {
    await fn(queue, clock);
  } finally {
    await queue.close();
    await Deno.remove(root, { recursive: true });
  }
}

async function runAll(queue: SqliteQueue): Promise<void> {
  for (let jobs = await queue.claimMany("w", 60_000, 100); jobs.length;) {
    await Promise.all(jobs.map((job) => queue.complete(job.id, "w", job.id)));
    jobs = await queue.claimMany("w", 60_000, 100);
  }
}

const edges = (queue: SqliteQueue) =>
  Number((queue.db.prepare("SELECT count(*) AS n FROM edges").get() as { n: number }).n);

Deno.test("sqlite prune: a live job keeps its dependencies transitively; a finished graph goes whole", async () => {
  await withQueue(async (queue, clock) => {
    await queue.enqueueMany([
      { id: "job_a", agent: "noop" },
      { id: "job_b", agent: "noop", dependsOn: ["job_a"] },
    ]);
    await runAll(queue);
    await queue.enqueue({ id: "job_c", agent: "noop", dependsOn: ["job_b"] });
    clock.now += 86_400_000;
    assert.equal(
      await queue.prune({ finishedBefore: clock.now }),
      0,
      "c may still run: b and a stay",
    );
    assert.equal(edges(queue), 2);
    await runAll(queue);
    clock.now += 1;
    assert.equal(await queue.prune({ finishedBefore: clock.now }), 3);
    assert.equal(edges(queue), 0);
    assert.equal((await queue.stats()).total, 0);
  });
});

Deno.test("sqlite prune: a flow stays whole while one of its jobs is live", async () => {
  await withQueue(async (queue, clock) => {
    await queue.enqueue({ agent: "noop", flow: "flow_1", node: "plan" });
    await queue.enqueue({ agent: "noop" });
    await runAll(queue);
    const review = (await queue.enqueue({ agent: "noop", flow: "flow_1", node: "review" })).job;
    clock.now += 1;
    assert.equal(
      await queue.prune({ finishedBefore: clock.now }),
      1,
      "only the job outside the flow",
    );
    await queue.cancel(review.id);
    clock.now += 1;
    assert.equal(await queue.prune({ finishedBefore: clock.now }), 2);
  });
});

Deno.test("sqlite prune: the cutoff is exact and large prunes run in batches", async () => {
  await withQueue(async (queue, clock) => {
    for (let i = 0; i < 1_200; i += 400) {
      await queue.enqueueMany(Array.from({ length: 400 }, () => ({ agent: "noop" })));
    }
    await runAll(queue);
    const finishedAt = clock.now;
    clock.now += 10;
    await queue.enqueue({ agent: "noop" });
    await runAll(queue);
    assert.equal(await queue.prune({ finishedBefore: finishedAt }), 0, "finished at, not before");
    assert.equal(await queue.prune({ finishedBefore: finishedAt + 1 }), 1_200);
    assert.equal((await queue.stats()).byState.succeeded, 1);
  });
});
