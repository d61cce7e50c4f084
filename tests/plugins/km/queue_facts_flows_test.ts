/**
 * The dashboard's flows: a flow with a running job, and a flow one of whose
 * jobs died recently (it needs attention) are shown whole; a flow whose
 * failure is older than `recentMs`, or that merely finished, is not.
 */
import assert from "node:assert/strict";
import { defaultConfig } from "../../../core/config/schema.ts";
import { projectPaths } from "../../../core/paths.ts";
import { openSqliteQueue } from "../../../core/queue/sqlite_queue.ts";
import { readQueueFacts } from "../../../plugins/km/queue_facts.ts";

Deno.test("queue facts: flows with a running job or a recent death are shown whole", async () => {
  const root = await Deno.makeTempDir({ prefix: "sa-facts-" });
  const paths = projectPaths(root);
  const queue = openSqliteQueue(paths, { ...defaultConfig().queue, maxAttempts: 1 });
  try {
    const add = (flow: string, node: string, agent: string, dependsOn: string[] = []) =>
      queue.enqueue({ agent, flow, node, dependsOn }).then((r) => r.job);
    const dead = await add("flow_dead", "integrate-1", "flow-integrate");
    await add("flow_dead", "reviewer", "reviewer-agent", [dead.id]);
    const running = await add("flow_run", "dev-a", "developer-agent");
    const done = await add("flow_done", "pm", "pm-agent");
    const claimed = await queue.claimMany("w", 60_000, 3);
    assert.equal(claimed.length, 3);
    await queue.fail(dead.id, "w", { code: "FLOW_CONFLICT", message: "markers" }, {
      retryable: false,
    });
    await queue.complete(done.id, "w", null);
    const now = Date.now();
    const facts = readQueueFacts(paths, { now, recentMs: 600_000 })!;
    assert.deepEqual(Object.keys(facts.flows).sort(), ["flow_dead", "flow_run"]);
    assert.deepEqual(facts.flows.flow_dead.map((j) => [j.node, j.state]), [
      ["integrate-1", "dead"],
      ["reviewer", "failed"],
    ]);
    assert.equal(facts.flows.flow_run[0].id, running.id);
    const later = readQueueFacts(paths, { now: now + 3_600_000, recentMs: 600_000 })!;
    assert.deepEqual(Object.keys(later.flows), ["flow_run"], "an old failure is no longer shown");
  } finally {
    await queue.close();
    await Deno.remove(root, { recursive: true });
  }
});
