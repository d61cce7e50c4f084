/**
 * The circuit breakers' batch reads: a claimed batch of one agent or of
 * several is admitted by its circuits' states, and batched successes reset
 * failures only where some were counted.
 */
import assert from "node:assert/strict";
import { CircuitBreakers } from "../../../core/orchestration/circuit_breaker.ts";
import { projectPaths } from "../../../core/paths.ts";
import { openQueueDatabase } from "../../../core/queue/sqlite_db.ts";

async function withBreakers(fn: (breakers: CircuitBreakers) => Promise<void> | void) {
  const root = await Deno.makeTempDir({ prefix: "sa-circuits-" });
  const db = openQueueDatabase(projectPaths(root));
  let now = 1_000;
  const breakers = new CircuitBreakers(db, { failures: 2, coolDownMs: 100, now: () => now++ });
  try {
    await fn(breakers);
  } finally {
    db.close();
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("admitClosed: one agent or several, by each circuit's state", () =>
  withBreakers((breakers) => {
    breakers.recordFailure("flaky"); // closed, one failure: still admitted
    breakers.recordFailure("broken");
    breakers.recordFailure("broken"); // open
    assert.deepEqual(breakers.admitClosed(["new", "new"]), [{ allowed: true }, { allowed: true }]);
    assert.deepEqual(breakers.admitClosed(["broken"]), [undefined]);
    assert.deepEqual(breakers.admitClosed(["flaky", "broken", "new"]), [
      { allowed: true },
      undefined,
      { allowed: true },
    ]);
  }));

Deno.test("succeeded: batched successes reset counted failures, and only those", () =>
  withBreakers(async (breakers) => {
    breakers.recordFailure("flaky");
    const results = await Promise.all([
      breakers.succeeded("flaky"),
      breakers.succeeded("clean"),
      breakers.succeeded("clean"),
    ]);
    assert.deepEqual(results, [undefined, undefined, undefined]);
    assert.equal(breakers.get("flaky").failures, 0);
    assert.deepEqual(breakers.list().map((c) => c.agent), ["flaky"]); // "clean" never written
    breakers.recordFailure("flaky");
    assert.equal(breakers.get("flaky").failures, 1); // consecutive count restarted
  }));
