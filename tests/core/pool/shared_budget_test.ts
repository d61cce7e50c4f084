/**
 * The model lane's budget shared through queue.db, with two connections to
 * one file standing for two worker processes: together they never hold
 * more slots than the ceiling; a 429 seen by one lowers the ceiling of
 * both; the slots of one that stops renewing (killed) expire and return; a
 * damaged row is an error that names the file and the fix; an idle budget
 * starts again from its maximum.
 */
import assert from "node:assert/strict";
import type { DatabaseSync } from "node:sqlite";
import { SuperAgentsError } from "../../../core/errors.ts";
import { projectPaths } from "../../../core/paths.ts";
import { openQueueDatabase } from "../../../core/queue/sqlite_db.ts";
import { SharedBudget } from "../../../core/pool/shared_budget.ts";
import { readLanes } from "../../../core/pool/lane_view.ts";

async function twoProcesses(fn: (open: () => DatabaseSync) => Promise<void> | void) {
  const root = await Deno.makeTempDir();
  const opened: DatabaseSync[] = [];
  try {
    const paths = projectPaths(root);
    await fn(() => {
      const db = openQueueDatabase(paths);
      opened.push(db);
      return db;
    });
  } finally {
    opened.forEach((db) => db.isOpen && db.close());
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("shared budget: two processes together never hold more slots than the ceiling", () =>
  twoProcesses((open) => {
    const a = new SharedBudget({ db: open(), owner: "a", max: 10, leaseMs: 60_000 });
    const b = new SharedBudget({ db: open(), owner: "b", max: 10, leaseMs: 60_000 });
    assert.equal(a.take(8), 8);
    assert.equal(b.take(8), 2, "b gets only what a left");
    assert.equal(b.take(1), 0);
    assert.equal(a.take(-3), 0, "a hostile count takes nothing");
    a.give(5, true);
    assert.equal(b.take(8), 5);
    assert.deepEqual(a.read(), { ceiling: 10, inFlight: 10, max: 10, holders: 2 });
    a.close();
    b.close();
    assert.equal(b.read().inFlight, 0, "close gives every slot back");
  }));

Deno.test("shared budget: a 429 seen by one process lowers the ceiling of both", () =>
  twoProcesses((open) => {
    const a = new SharedBudget({ db: open(), owner: "a", max: 8, leaseMs: 60_000 });
    const b = new SharedBudget({ db: open(), owner: "b", max: 8, leaseMs: 60_000 });
    assert.equal(a.take(4), 4);
    assert.equal(b.take(4), 4);
    // Eight admitted across both, the API served five: three throttled (two seen by a, one by b).
    assert.equal(a.observe({ status: 429, retryAfterMs: 1000 })?.to, 7);
    assert.equal(b.observe({ status: 429 })?.to, 6);
    assert.equal(a.observe({ status: 429 })?.to, 5);
    assert.equal(b.read().ceiling, 5);
    assert.ok(b.throttledRecently(30_000));
    a.give(4, false);
    assert.equal(b.take(4), 1, "b may take up to the shared ceiling of 5, not 8");
    a.close();
    b.close();
  }));

Deno.test("shared budget: the slots of a process that stopped renewing (kill -9) return", () =>
  twoProcesses((open) => {
    let now = 1_000_000;
    const clock = () => now;
    const dead = new SharedBudget({
      db: open(),
      owner: "dead",
      max: 6,
      leaseMs: 10_000,
      now: clock,
    });
    assert.equal(dead.take(6), 6);
    const alive = new SharedBudget({
      db: open(),
      owner: "alive",
      max: 6,
      leaseMs: 10_000,
      now: clock,
    });
    assert.equal(alive.take(6), 0);
    now += 10_001; // past the lease with no renewal
    assert.equal(alive.take(6), 6);
    assert.equal(alive.read().holders, 1);
    alive.close();
  }));

Deno.test("shared budget: a damaged row names queue.db and the fix; idle budgets start afresh", () =>
  twoProcesses((open) => {
    let now = 5_000_000;
    const db = open();
    const a = new SharedBudget({ db, owner: "a", max: 32, leaseMs: 60_000, now: () => now });
    for (let i = 0; i < 24; i++) a.observe({ status: 429 });
    assert.equal(a.read().ceiling, 8);
    // A worker started a minute after the last throttle, with nobody in flight, starts at the maximum.
    now += 61_000;
    const b = new SharedBudget({
      db: open(),
      owner: "b",
      max: 32,
      leaseMs: 60_000,
      now: () => now,
    });
    assert.equal(b.read().ceiling, 32);
    db.exec("UPDATE lane_budget SET value = -4, window_base = 2.5");
    assert.throws(() => a.take(1), (error: unknown) => {
      assert.ok(error instanceof SuperAgentsError, String(error));
      assert.equal(error.code, "QUEUE_DB");
      assert.match(error.message, /lane_budget.*queue\.db/);
      assert.match(error.hint ?? "", /DELETE FROM lane_budget/);
      return true;
    });
    assert.equal(readLanes(db, now)?.model.max, 32);
    a.close();
    b.close();
  }));
