/**
 * Project retention: `pruneProject` prunes jobs and cached results by age;
 * `autoPruneProject` runs at most hourly per project (a stamp under a lock,
 * so two workers starting together prune once) and never when
 * `queue.finishedMaxAgeDays` is 0.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { defaultConfig } from "../../../core/config/schema.ts";
import { ResultCache } from "../../../core/orchestration/result_cache.ts";
import { type ProjectPaths, projectPaths } from "../../../core/paths.ts";
import { eventLogPaths } from "../../../core/events/event_paths.ts";
import { readEvents } from "../../../core/events/reader.ts";
import { autoPruneProject, pruneProject } from "../../../core/queue/prune_project.ts";
import { openSqliteQueue, type SqliteQueue } from "../../../core/queue/sqlite_queue.ts";

const DAY = 86_400_000;

async function withProject(
  fn: (queue: SqliteQueue, clock: { now: number }, paths: ProjectPaths) => Promise<void>,
) {
  const root = await Deno.makeTempDir({ prefix: "sa-prune-project-" });
  const clock = { now: 1_800_000_000_000 };
  const paths = projectPaths(root);
  const queue = openSqliteQueue(paths, defaultConfig().queue, { now: () => clock.now });
  try {
    await fn(queue, clock, paths);
  } finally {
    await queue.close();
    await Deno.remove(root, { recursive: true });
  }
}

async function finishOne(queue: SqliteQueue): Promise<void> {
  const { job } = await queue.enqueue({ agent: "noop" });
  await queue.claim("w", 60_000);
  await queue.complete(job.id, "w", "done");
}

Deno.test("pruneProject removes jobs and cached results older than the age limit", async () => {
  await withProject(async (queue, clock, paths) => {
    const cache = new ResultCache(queue.db, () => clock.now);
    await finishOne(queue);
    cache.put("old", "noop", "1", "old result");
    clock.now += 10 * DAY;
    await finishOne(queue);
    cache.put("new", "noop", "1", "new result");
    clock.now += 5 * DAY;
    assert.deepEqual(await pruneProject(paths, queue, queue.db, 7, clock.now), {
      jobs: 1,
      cachedResults: 1,
      olderThanDays: 7,
    });
    assert.equal(cache.get("old"), undefined);
    assert.equal(cache.get("new")?.result, "new result");
    assert.equal((await queue.stats()).total, 1);
    assert.deepEqual(await pruneProject(paths, queue, queue.db, 7, clock.now), {
      jobs: 0,
      cachedResults: 0,
      olderThanDays: 7,
    });
    const events = [];
    for await (const event of readEvents(eventLogPaths(paths), { types: ["queue.pruned"] })) {
      events.push(event.payload);
    }
    assert.deepEqual(
      events,
      [{ jobs: 1, cachedResults: 1, olderThanDays: 7 }],
      "only a prune that removed something",
    );
  });
});

Deno.test("autoPruneProject: at most hourly, once for concurrent callers, never with 0 days", async () => {
  await withProject(async (queue, clock, paths) => {
    const now = () => clock.now;
    const state = paths.state;
    await finishOne(queue);
    clock.now += 2 * DAY;
    assert.equal(await autoPruneProject(paths, queue, queue.db, 0, now), undefined);
    const together = await Promise.all([
      autoPruneProject(paths, queue, queue.db, 1, now),
      autoPruneProject(paths, queue, queue.db, 1, now),
    ]);
    assert.deepEqual(together.filter(Boolean), [{ jobs: 1, cachedResults: 0, olderThanDays: 1 }]);
    const prunedAt = clock.now;
    await finishOne(queue);
    clock.now += 1_800_000;
    assert.equal(await autoPruneProject(paths, queue, queue.db, 1, now), undefined, "stamped");
    assert.equal(Number(await Deno.readTextFile(join(state, "queue.pruned"))), prunedAt);
    clock.now += 2 * DAY;
    assert.deepEqual(await autoPruneProject(paths, queue, queue.db, 1, now), {
      jobs: 1,
      cachedResults: 0,
      olderThanDays: 1,
    });
    await Deno.writeTextFile(join(state, "queue.pruned"), "torn");
    assert.ok(
      await autoPruneProject(paths, queue, queue.db, 1, now),
      "a torn stamp: prune now",
    );
  });
});
