/** `super-agents queue stats` through the real CLI. */
import assert from "node:assert/strict";
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
