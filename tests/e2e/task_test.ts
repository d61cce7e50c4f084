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
    assert.match(
      priority.stderr,
      /--priority: "urgent" is not allowed \(use critical, high, normal, low\)/,
    );
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

Deno.test("task create: an unknown agent is refused with a suggestion, nothing is queued", async () => {
  const sandbox = await queueSandbox();
  try {
    const typo = await sandbox.run(["task", "create", "reviewr-agent"]);
    assert.equal(typo.code, 2, typo.stderr);
    assert.match(typo.stderr, /unknown agent "reviewr-agent"/);
    assert.match(typo.stderr, /did you mean reviewer-agent\?/);
    const none = await sandbox.run(["task", "create", "no-such-agent"]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /agents: .*developer-agent/);
    const listed = await json(sandbox, ["task", "list"]);
    assert.equal(listed.jobs.length, 0);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("task create: a bad agent name or --max-attempts is one clear line, not zod issues", async () => {
  const sandbox = await queueSandbox();
  try {
    for (
      const [args, expected] of [
        [["Bad_Agent"], /^error: unknown agent "Bad_Agent"$/m],
        [
          ["noop", "--max-attempts", "0"],
          /^error: --max-attempts: "0" is too small \(use 1 to 100\)$/m,
        ],
        [["noop", "--max-attempts", "1000"], /^error: --max-attempts: "1000" is too large/m],
        [["noop", "--max-attempts", "-3"], /^error: --max-attempts: "-3" is too small/m],
      ] as const
    ) {
      const result = await sandbox.run(["task", "create", ...args]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, expected);
      assert.doesNotMatch(result.stderr, /"code":|invalid_type|too_small|\[\s*\{/);
    }
  } finally {
    await sandbox.cleanup();
  }
});
