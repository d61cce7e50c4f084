/**
 * The SQLite backend: the shared queue contract, plus what only SQLite has
 * (the file layout other commands read, migrations, an injected clock,
 * several connections on one file, rows validated on read).
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { defaultConfig } from "../../../core/config/schema.ts";
import { projectPaths } from "../../../core/paths.ts";
import { openQueue, type QueueSettings } from "../../../core/queue/queue.ts";
import { QUEUE_DB_VERSION, queueDbPath } from "../../../core/queue/sqlite_db.ts";
import { openSqliteQueue } from "../../../core/queue/sqlite_queue.ts";
import { queueContract } from "./contract.ts";
import { SuperAgentsError } from "../../../core/errors.ts";

async function tempProject() {
  const root = await Deno.makeTempDir({ prefix: "sa-queue-" });
  const paths = projectPaths(root);
  await Deno.mkdir(paths.state, { recursive: true });
  return { paths, cleanup: () => Deno.remove(root, { recursive: true }) };
}

function settings(overrides: Partial<QueueSettings> = {}): QueueSettings {
  return { ...defaultConfig().queue, ...overrides };
}

queueContract("sqlite", async (overrides) => {
  const { paths, cleanup } = await tempProject();
  const config = { queue: settings({ ...overrides, backend: "sqlite" }) };
  return { queue: await openQueue(paths, config), cleanup };
});

Deno.test("sqlite queue: `status` can count jobs by state straight from queue.db", async () => {
  const { paths, cleanup } = await tempProject();
  const queue = openSqliteQueue(paths, settings());
  try {
    await queue.enqueue({ agent: "noop" });
    await queue.enqueue({ agent: "noop", delayMs: 60_000 });
    const db = new DatabaseSync(queueDbPath(paths), { readOnly: true });
    const rows = db.prepare("SELECT state, count(*) AS n FROM jobs GROUP BY state ORDER BY state")
      .all().map((row) => ({ ...row }));
    db.close();
    assert.deepEqual(rows, [{ state: "delayed", n: 1 }, { state: "queued", n: 1 }]);
  } finally {
    await queue.close();
    await cleanup();
  }
});

Deno.test("sqlite queue: migrates once, in WAL mode, and refuses a newer schema", async () => {
  const { paths, cleanup } = await tempProject();
  try {
    await (openSqliteQueue(paths, settings())).close();
    await (openSqliteQueue(paths, settings())).close();
    const db = new DatabaseSync(queueDbPath(paths));
    assert.equal(
      (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version,
      QUEUE_DB_VERSION,
    );
    assert.equal(
      (db.prepare("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode,
      "wal",
    );
    db.exec(`PRAGMA user_version = ${QUEUE_DB_VERSION + 1}`);
    db.close();
    assert.throws(
      () => openSqliteQueue(paths, settings()),
      (error) => error instanceof SuperAgentsError && error.code === "QUEUE_DB_TOO_NEW",
    );
  } finally {
    await cleanup();
  }
});

Deno.test("sqlite queue: a version 1 database gains the waiting-jobs index, jobs kept", async () => {
  const { paths, cleanup } = await tempProject();
  try {
    const old = openSqliteQueue(paths, settings());
    const [{ job }] = await old.enqueueMany([{ agent: "a" }]);
    await old.close();
    const db = new DatabaseSync(queueDbPath(paths));
    // As version 1 left it: no waiting-jobs index (2), no shared lane budget tables (3, 4).
    db.exec("DROP INDEX jobs_waiting; DROP TABLE lane_budget; DROP TABLE lane_slots");
    db.exec("PRAGMA user_version = 1");
    db.close();
    const queue = openSqliteQueue(paths, settings());
    const indexes = queue.db.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'jobs_waiting'",
    ).all();
    assert.equal(indexes.length, 1);
    const tables = queue.db.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'lane_%' ORDER BY name",
    ).all().map((row) => row.name);
    assert.deepEqual(tables, ["lane_budget", "lane_slots"]);
    assert.equal((await queue.get(job.id))?.state, "queued");
    await queue.close();
  } finally {
    await cleanup();
  }
});

Deno.test("sqlite queue: with an injected clock a delayed job becomes due exactly at runAfter", async () => {
  const { paths, cleanup } = await tempProject();
  let now = 1_000_000;
  const queue = openSqliteQueue(paths, settings(), { now: () => now });
  try {
    const { job } = await queue.enqueue({ agent: "noop", delayMs: 5_000 });
    assert.equal(job.runAfter, 1_005_000);
    now = 1_004_999;
    assert.equal(await queue.claim("w", 1_000), null);
    now = 1_005_000;
    assert.equal((await queue.claim("w", 1_000))?.id, job.id);
  } finally {
    await queue.close();
    await cleanup();
  }
});

Deno.test("sqlite queue: two connections on one file never claim a job twice", async () => {
  const { paths, cleanup } = await tempProject();
  const a = openSqliteQueue(paths, settings());
  const b = openSqliteQueue(paths, settings());
  try {
    await a.enqueueMany(Array.from({ length: 40 }, (_, i) => ({ agent: "noop", input: i })));
    const seen: string[] = [];
    while (true) {
      const batch = [...await a.claimMany("a", 10_000, 3), ...await b.claimMany("b", 10_000, 2)];
      if (batch.length === 0) break;
      seen.push(...batch.map((job) => job.id));
    }
    assert.equal(seen.length, 40);
    assert.equal(new Set(seen).size, 40);
  } finally {
    await a.close();
    await b.close();
    await cleanup();
  }
});

Deno.test("sqlite queue: a row edited into an invalid shape fails loudly, naming the job", async () => {
  const { paths, cleanup } = await tempProject();
  const queue = openSqliteQueue(paths, settings());
  try {
    const { job } = await queue.enqueue({ agent: "noop" });
    queue.db.prepare("UPDATE jobs SET input = '{not json' WHERE id = ?").run(job.id);
    await assert.rejects(
      queue.get(job.id),
      (error) =>
        error instanceof SuperAgentsError && error.code === "QUEUE_ROW_INVALID" &&
        error.message.includes(job.id),
    );
  } finally {
    await queue.close();
    await cleanup();
  }
});

Deno.test("openQueue: an unknown backend names the fix", async () => {
  const { paths, cleanup } = await tempProject();
  try {
    const config = { queue: { ...settings(), backend: "memcached" as "redis" } };
    await assert.rejects(
      openQueue(paths, config),
      (error) =>
        error instanceof SuperAgentsError && error.code === "QUEUE_BACKEND_UNAVAILABLE" &&
        (error.hint ?? "").includes("queue.backend"),
    );
  } finally {
    await cleanup();
  }
});

Deno.test("sqlite queue: completions of two dependencies in one batch release their dependant", async () => {
  const { paths, cleanup } = await tempProject();
  const queue = openSqliteQueue(paths, settings());
  try {
    const [a, b] = await queue.enqueueMany([{ agent: "x" }, { agent: "x" }]);
    const { job: joined } = await queue.enqueue({
      agent: "x",
      dependsOn: [a.job.id, b.job.id],
    });
    assert.deepEqual((await queue.claimMany("w", 30_000, 5)).map((job) => job.id), [
      a.job.id,
      b.job.id,
    ]);
    // Both completions are queued before either commits: one transaction applies them.
    const done = await Promise.all([
      queue.complete(a.job.id, "w", { from: "a" }),
      queue.complete(b.job.id, "w", { from: "b" }),
    ]);
    assert.deepEqual(done.map((job) => [job.state, job.result]), [
      ["succeeded", { from: "a" }],
      ["succeeded", { from: "b" }],
    ]);
    const next = await queue.claimMany("w", 30_000, 5);
    assert.deepEqual(next.map((job) => job.id), [joined.id]);
    assert.equal(next[0].state, "leased");
    assert.equal(next[0].attempts, 1);
    const lost = await queue.complete(a.job.id, "w", null).then(() => undefined, (e) => e);
    assert.ok(lost instanceof SuperAgentsError && lost.code === "LEASE_LOST");
  } finally {
    await queue.close();
    await cleanup();
  }
});

Deno.test("sqlite queue: jobs inserted in bulk are returned exactly as stored, in order", async () => {
  const { paths, cleanup } = await tempProject();
  const queue = openSqliteQueue(paths, settings());
  try {
    const results = await queue.enqueueMany([
      { agent: "noop" },
      {
        agent: "a",
        input: { when: new Date(0), gone: undefined, list: [1, "x"] },
        priority: "high",
      },
      { agent: "b", delayMs: 60_000, lane: "batch", maxAttempts: 7, timeoutMs: 500 },
      { agent: "c", idempotencyKey: "k1" }, // looked up: inserted on its own, between the runs
      { agent: "d", correlationId: "toolu_x", parent: "p", flow: "f", node: "n", runAfter: 5 },
    ]);
    assert.deepEqual(results.map((r) => r.job.agent), ["noop", "a", "b", "c", "d"]);
    for (const { job, created } of results) {
      assert.equal(created, true);
      assert.deepEqual(job, await queue.get(job.id));
    }
    assert.deepEqual(results[1].job.input, { when: "1970-01-01T00:00:00.000Z", list: [1, "x"] });
    const claimed = await queue.claimMany("w", 60_000, 10);
    assert.deepEqual(claimed.map((job) => job.agent), ["a", "noop", "c", "d"]); // priority, then FIFO
  } finally {
    await queue.close();
    await cleanup();
  }
});

Deno.test("sqlite queue: in one completion batch a lost lease, a duplicate and a cancel request are each reported right", async () => {
  const { paths, cleanup } = await tempProject();
  const queue = openSqliteQueue(paths, settings());
  const other = openSqliteQueue(paths, settings()); // another process's connection
  try {
    const [a, b, c] = await queue.enqueueMany([{ agent: "x" }, { agent: "x" }, { agent: "x" }]);
    await queue.claimMany("w", 60_000, 3);
    await queue.progress(b.job.id, "w", { percent: 40, data: { step: 2 } });
    await other.cancel(b.job.id); // asked while running: the worker still completes it
    await other.db.exec(`UPDATE jobs SET lease_owner = 'someone-else' WHERE id = '${c.job.id}'`);
    const outcomes = await Promise.allSettled([
      queue.complete(a.job.id, "w", { n: 1 }),
      queue.complete(a.job.id, "w", { n: 2 }),
      queue.complete(b.job.id, "w", "done"),
      queue.complete(c.job.id, "w", "late"),
    ]);
    const [first, again, withCancel, lost] = outcomes;
    assert.equal(first.status, "fulfilled");
    assert.deepEqual(first.status === "fulfilled" && first.value, await queue.get(a.job.id));
    assert.ok(again.status === "rejected" && again.reason.code === "LEASE_LOST");
    assert.equal(withCancel.status, "fulfilled");
    const stored = await queue.get(b.job.id);
    assert.deepEqual(withCancel.status === "fulfilled" && withCancel.value, stored);
    assert.equal(stored?.cancelRequested, true);
    assert.deepEqual(stored?.progress, { percent: 40, data: { step: 2 } });
    assert.ok(lost.status === "rejected" && lost.reason.code === "LEASE_LOST");
    assert.equal((await queue.get(c.job.id))?.state, "leased");
  } finally {
    await other.close();
    await queue.close();
    await cleanup();
  }
});

Deno.test("sqlite queue: one batch completes jobs this queue leased and jobs leased before a restart", async () => {
  const { paths, cleanup } = await tempProject();
  const before = openSqliteQueue(paths, settings()); // the worker's queue before its restart
  const queue = openSqliteQueue(paths, settings());
  try {
    const [a, b] = await before.enqueueMany([{ agent: "x" }, { agent: "x" }]);
    await before.claimMany("w", 60_000, 1); // a: leased by the earlier instance
    await before.close();
    await queue.claimMany("w", 60_000, 1); // b: leased by this one
    const [doneA, doneB] = await Promise.all([
      queue.complete(a.job.id, "w", { by: "id" }),
      queue.complete(b.job.id, "w", { by: "rowid" }),
    ]);
    assert.deepEqual(doneA, await queue.get(a.job.id));
    assert.deepEqual(doneB, await queue.get(b.job.id));
    assert.deepEqual([doneA.state, doneA.result], ["succeeded", { by: "id" }]);
    assert.deepEqual([doneB.state, doneB.result], ["succeeded", { by: "rowid" }]);
  } finally {
    await queue.close();
    await cleanup();
  }
});
