/** `super-agents queue stats` through the real CLI. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { json, queueSandbox } from "./queue_fixture.ts";

Deno.test("queue stats: counts per state and ready per priority", async () => {
  const sandbox = await queueSandbox();
  try {
    await json(sandbox, ["task", "create", "noop", "--priority", "critical"]);
    await json(sandbox, ["task", "create", "noop"]);
    await json(sandbox, ["task", "create", "noop", "--delay", "600000"]);
    const stats = await json(sandbox, ["queue", "stats"]);
    assert.equal(stats.backend, "sqlite");
    assert.equal(stats.total, 3);
    assert.equal(stats.byState.queued, 2);
    assert.equal(stats.byState.delayed, 1);
    assert.deepEqual(stats.ready, { critical: 1, high: 0, normal: 1, low: 0 });
    const text = await sandbox.run(["queue", "stats"]);
    assert.match(text.stdout, /queue \(sqlite\)\s+3 jobs/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("queue prune: deletes finished jobs by age, refuses bad input, workers stamp their prune", async () => {
  const sandbox = await queueSandbox({ queue: { finishedMaxAgeDays: 0 } });
  try {
    await json(sandbox, ["task", "create", "noop"]);
    await json(sandbox, ["task", "create", "noop"]);
    assert.equal((await json(sandbox, ["worker", "--once"])).succeeded, 2);
    const off = await sandbox.run(["queue", "prune"]);
    assert.equal(off.code, 2);
    assert.match(off.stderr, /queue\.finishedMaxAgeDays is 0/);
    const bad = await sandbox.run(["queue", "prune", "--older-than=-1"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--older-than: "-1" is too small \(use 0 or more\)/);
    const word = await sandbox.run(["queue", "prune", "--older-than", "soon"]);
    assert.equal(word.code, 2);
    assert.match(
      word.stderr,
      /--older-than: "soon" is not a whole number of days \(use e\.g\. 7\)/,
    );
    // Number("") is 0 (prune everything) and Number("0x10") is 16: neither is a number of days.
    for (const given of ["", "0x10", "1e1", "7.5"]) {
      const odd = await sandbox.run(["queue", "prune", "--older-than", given]);
      assert.equal(odd.code, 2, `--older-than "${given}": ${odd.stderr}`);
      assert.match(
        odd.stderr,
        new RegExp(`--older-than: "${given}" is not a whole number of days`),
      );
    }
    const negative = await sandbox.run(["queue", "prune", "--older-than", "-5"]);
    assert.equal(negative.code, 2);
    assert.match(negative.stderr, /--older-than: "-5" is too small \(use 0 or more\)/);
    assert.doesNotMatch(negative.stderr, /ambiguous/);
    assert.equal((await json(sandbox, ["queue", "stats"])).total, 2, "nothing pruned yet");
    const pruned = await json(sandbox, ["queue", "prune", "--older-than", "0"]);
    assert.equal(pruned.jobs, 2);
    assert.equal(pruned.olderThanDays, 0);
    assert.equal((await json(sandbox, ["queue", "stats"])).total, 0);
    const events = await json(sandbox, ["events", "query", "--type", "queue.pruned"]);
    assert.equal(events.length, 1);
    assert.equal(events[0].payload.jobs, 2);
  } finally {
    await sandbox.cleanup();
  }
  const kept = await queueSandbox();
  try {
    await json(kept, ["task", "create", "noop"]);
    await json(kept, ["worker", "--once"]);
    const stamp = await Deno.readTextFile(join(kept.project, ".claude", "state", "queue.pruned"));
    assert.ok(Number(stamp) > 0, "the worker ran its hourly prune");
    assert.equal((await json(kept, ["queue", "stats"])).byState.succeeded, 1, "30 days not over");
  } finally {
    await kept.cleanup();
  }
});
