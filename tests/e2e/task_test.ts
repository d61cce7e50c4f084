/** `super-agents task` through the real CLI. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { json, queueSandbox } from "./queue_fixture.ts";

Deno.test("task: create, idempotency, list, show, cancel and retry", async () => {
  const sandbox = await queueSandbox();
  try {
    const first = await json(sandbox, [
      "task",
      "create",
      "noop",
      "--input",
      '{"n":1}',
      "--key",
      "k1",
      "--priority",
      "high",
    ]);
    assert.equal(first.created, true);
    assert.match(first.correlationId, /^toolu_/);
    const again = await json(sandbox, [
      "task",
      "create",
      "noop",
      "--input",
      '{"n":2}',
      "--key",
      "k1",
    ]);
    assert.equal(again.created, false);
    assert.equal(again.jobs[0].id, first.jobs[0].id);
    const text = await json(sandbox, [
      "task",
      "create",
      "noop",
      "--input",
      "review the last commit",
    ]);
    assert.equal(text.jobs[0].input, "review the last commit");
    const listed = await json(sandbox, ["task", "list", "--state", "queued"]);
    assert.equal(listed.jobs.length, 2);
    const id = first.jobs[0].id;
    const shown = await json(sandbox, ["task", "show", id]);
    assert.deepEqual(shown.job.input, { n: 1 });
    assert.equal(shown.job.priority, "high");
    const cancelled = await json(sandbox, ["task", "cancel", id]);
    assert.equal(cancelled.jobs[0].state, "cancelled");
    const human = await sandbox.run(["task", "cancel", id]);
    assert.equal(human.code, 1);
    assert.match(human.stderr, /nothing left to cancel/);
    assert.equal((await json(sandbox, ["task", "retry", id])).job.state, "queued");
    const log = await Deno.readTextFile(join(sandbox.project, ".claude", "events", "log.ndjson"));
    for (const type of ["task.created", "task.cancelled", "task.retried"]) {
      assert.ok(log.includes(`"type":"${type}"`), `event ${type} recorded`);
    }
    assert.ok(log.includes(first.correlationId));
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("task: a pipeline is shown as a DAG; a cyclic pipeline file is rejected", async () => {
  const sandbox = await queueSandbox();
  try {
    const created = await json(sandbox, [
      "task",
      "create",
      "--pipeline",
      "software",
      "--reviewers",
      "reviewer-agent,security-agent",
      "--input",
      "add login",
    ]);
    assert.equal(created.jobs.length, 7);
    const shown = await sandbox.run(["task", "show", created.flow]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /flow flow_\w+\s+7 steps\s+7 queued/);
    assert.match(shown.stdout, /test-executor\s+queued.*← reviewer-1, reviewer-2/);
    const file = join(sandbox.project, "loop.json");
    await Deno.writeTextFile(
      file,
      JSON.stringify({
        name: "loop",
        steps: [{ name: "a", agent: "noop", dependsOn: ["b"] }, {
          name: "b",
          agent: "noop",
          dependsOn: ["a"],
        }],
      }),
    );
    const rejected = await sandbox.run(["task", "create", "--pipeline-file", file]);
    assert.equal(rejected.code, 1);
    assert.match(rejected.stderr, /cycle: a → b → a/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("task: bad input is a usage error with a hint", async () => {
  const sandbox = await queueSandbox();
  try {
    const priority = await sandbox.run(["task", "create", "noop", "--priority", "urgent"]);
    assert.equal(priority.code, 2);
    assert.match(priority.stderr, /unknown priority "urgent"[\s\S]*critical, high, normal, low/);
    const missing = await sandbox.run(["task", "show", "job_nothere"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no job or flow job_nothere/);
    const outside = await sandbox.run(["task", "list"], { cwd: sandbox.home });
    assert.notEqual(outside.code, 0);
    assert.match(outside.stderr, /super-agents init/);
  } finally {
    await sandbox.cleanup();
  }
});
