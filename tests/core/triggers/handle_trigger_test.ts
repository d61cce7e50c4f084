/**
 * Triggers that carry jobs become jobs (once, even when processed again),
 * with the trigger's correlation id and a `task.created` event each; other
 * triggers become one event; a queue that cannot be opened sends the
 * trigger back for a retry. The poller picks up files written after its
 * first pass on the next poll.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { defaultConfig } from "../../../core/config/schema.ts";
import { closeEventLogs, newCorrelationId } from "../../../core/events/emit.ts";
import type { EventInput } from "../../../core/events/schema.ts";
import { projectPaths } from "../../../core/paths.ts";
import { openSqliteQueue } from "../../../core/queue/sqlite_queue.ts";
import { triggerHandler } from "../../../core/triggers/handle_trigger.ts";
import { processTriggers } from "../../../core/triggers/process_triggers.ts";
import { triggerPoller } from "../../../core/triggers/trigger_poller.ts";
import { writeTrigger } from "../../../core/triggers/write_trigger.ts";

async function project() {
  const root = await Deno.makeTempDir({ prefix: "handle-trigger-test-" });
  await Deno.mkdir(join(root, ".claude", "triggers"), { recursive: true });
  await Deno.mkdir(join(root, ".claude", "state"), { recursive: true });
  const paths = projectPaths(root);
  const queue = openSqliteQueue(paths, defaultConfig().queue);
  const events: EventInput[] = [];
  const handler = triggerHandler({
    emit: (event) => Promise.resolve(events.push(event)),
    queue: () => Promise.resolve(queue),
  });
  return {
    paths,
    queue,
    events,
    handler,
    cleanup: async () => {
      await queue.close();
      await closeEventLogs();
      await Deno.remove(root, { recursive: true });
    },
  };
}

const jobs = [
  {
    agent: "secret-scan",
    input: { task: "range a..b" },
    idempotencyKey: "post-commit:secret-scan:b",
  },
  {
    agent: "filesystem-guardian-check",
    input: { task: "range a..b" },
    idempotencyKey: "post-commit:filesystem-guardian-check:b",
  },
];

Deno.test("triggers: the jobs of a trigger are enqueued once, under its correlation id", async () => {
  const p = await project();
  try {
    const correlationId = newCorrelationId();
    const trigger = { type: "git.post-commit", correlationId, payload: { commit: "b" }, jobs };
    await writeTrigger(p.paths, trigger);
    await writeTrigger(p.paths, trigger); // the same request twice (a retried hook)
    const summary = await processTriggers(p.paths, p.handler);
    assert.equal(summary.processed, 2);
    const queued = await p.queue.list();
    assert.deepEqual(queued.map((job) => job.agent).sort(), [
      "filesystem-guardian-check",
      "secret-scan",
    ]);
    assert.ok(queued.every((job) => job.correlationId === correlationId));
    assert.ok(queued.every((job) => job.priority === "normal"));
    assert.deepEqual(p.events.map((e) => e.type), ["task.created", "task.created"]);
    assert.ok(p.events.every((e) => e.correlationId === correlationId));
  } finally {
    await p.cleanup();
  }
});

Deno.test("triggers: without jobs a trigger becomes an event; an unreachable queue means a retry", async () => {
  const p = await project();
  try {
    await writeTrigger(p.paths, { type: "ci.finished", agent: "ci", payload: { ok: true } });
    await processTriggers(p.paths, p.handler);
    assert.deepEqual(p.events, [{
      type: "ci.finished",
      agent: "ci",
      task: undefined,
      correlationId: undefined,
      payload: { ok: true },
    }]);

    await writeTrigger(p.paths, { type: "git.post-merge", jobs });
    const broken = triggerHandler({
      emit: () => Promise.resolve(),
      queue: () => Promise.reject(new Error("queue.db is not a database")),
    });
    const summary = await processTriggers(p.paths, broken, { maxAttempts: 2 });
    assert.equal(summary.retried, 1);
    const pending = [...Deno.readDirSync(p.paths.triggers)].filter((e) => e.isFile);
    assert.match(pending[0].name, /git-post-merge\.retry-1\.json$/);
    assert.equal((await processTriggers(p.paths, p.handler)).processed, 1);
    assert.equal((await p.queue.list()).length, 2);
  } finally {
    await p.cleanup();
  }
});

Deno.test("triggers: the poller processes files written after its first pass", async () => {
  const p = await project();
  try {
    const poll = triggerPoller(p.paths, p.handler, { sweepEveryMs: 3_600_000 });
    await poll();
    assert.equal((await p.queue.list()).length, 0);
    await writeTrigger(p.paths, { type: "git.post-commit", jobs: [jobs[0]] });
    await poll();
    assert.deepEqual((await p.queue.list()).map((job) => job.agent), ["secret-scan"]);
    await poll(); // nothing pending: no pass, no change
    assert.equal((await p.queue.list()).length, 1);
  } finally {
    await p.cleanup();
  }
});

Deno.test("triggers: a job request that is not a valid enqueue fails the trigger for good", async () => {
  const p = await project();
  try {
    const path = join(p.paths.triggers, "01J00000000000000000000000-bad.json");
    await Deno.writeTextFile(
      path,
      JSON.stringify({ type: "git.post-commit", jobs: [{ agent: "Not An Agent!" }] }),
    );
    const summary = await processTriggers(p.paths, p.handler);
    assert.equal(summary.failed, 1);
    assert.equal((await p.queue.list()).length, 0);
  } finally {
    await p.cleanup();
  }
});
