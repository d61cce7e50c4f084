/**
 * The runner's job hooks (the seam flows use): a job the hooks run "here"
 * never reaches the pool and may add jobs that the same run then claims; an
 * "around" preparation changes the agent the pool gets and sees the outcome
 * before it is recorded; a hook's failure fails the job (dead when it says
 * it is not retryable) with its code and message.
 */
import assert from "node:assert/strict";
import { SuperAgentsError } from "../../../core/errors.ts";
import { FakePool, runnerFixture } from "./runner_fixture.ts";

Deno.test("runner hooks: a step run here adds a job the same run claims; it never reaches the pool", async () => {
  const f = await runnerFixture();
  try {
    const { job: expand } = await f.queue.enqueue({
      agent: "expand",
      flow: "flow_1",
      node: "plan",
    });
    const pool = new FakePool((task) => ({ kind: "succeeded", result: `ran ${task.agent}` }));
    const runner = f.runner(pool, {
      once: true,
      hooks: {
        prepare: (job) =>
          Promise.resolve(
            job.agent === "expand"
              ? {
                kind: "here" as const,
                run: async () => {
                  await f.queue.enqueue({ agent: "added", dependsOn: [job.id], flow: "flow_1" });
                  return { kind: "succeeded" as const, result: { expanded: 1 } };
                },
              }
              : undefined,
          ),
      },
    });
    const summary = await runner.run();
    assert.equal(summary.succeeded, 2);
    assert.deepEqual(pool.started.map((t) => t.agent), ["added"]);
    assert.deepEqual((await f.queue.get(expand.id))!.result, { expanded: 1 });
    const added = (await f.queue.list({ flow: "flow_1" })).find((j) => j.agent === "added")!;
    assert.equal(added.result, "ran added");
  } finally {
    await f.cleanup();
  }
});

Deno.test("runner hooks: around changes the agent's sandbox and rewrites the outcome", async () => {
  const f = await runnerFixture();
  try {
    const { job } = await f.queue.enqueue({ agent: "dev" });
    const pool = new FakePool(() => ({ kind: "succeeded", result: { output: "edited" } }));
    const runner = f.runner(pool, {
      once: true,
      hooks: {
        prepare: () =>
          Promise.resolve({
            kind: "around" as const,
            agent: (resolved) => ({ ...resolved, sandbox: { write: ["/worktree"] } }),
            finish: (outcome) =>
              Promise.resolve(
                outcome.kind === "succeeded"
                  ? {
                    kind: "succeeded" as const,
                    result: { ...(outcome.result as object), commit: "abc" },
                  }
                  : outcome,
              ),
          }),
      },
    });
    await runner.run();
    assert.deepEqual(pool.started[0].sandbox, { write: ["/worktree"] });
    assert.deepEqual((await f.queue.get(job.id))!.result, { output: "edited", commit: "abc" });
  } finally {
    await f.cleanup();
  }
});

Deno.test("runner hooks: a failing hook fails the job with its code; not retryable goes dead", async () => {
  const f = await runnerFixture();
  try {
    const { job: broken } = await f.queue.enqueue({ agent: "dev", maxAttempts: 3 });
    const { job: finish } = await f.queue.enqueue({ agent: "commit", maxAttempts: 2 });
    const pool = new FakePool(() => ({ kind: "succeeded", result: null }));
    const runner = f.runner(pool, {
      once: true,
      hooks: {
        prepare: (job) => {
          if (job.agent === "dev") {
            return Promise.reject(
              new SuperAgentsError("FLOW_LFS_UNSUPPORTED", "LFS pointers", {
                hint: "run it alone",
                details: { retryable: false },
              }),
            );
          }
          return Promise.resolve({
            kind: "around" as const,
            agent: (resolved) => resolved,
            finish: () => Promise.reject(new SuperAgentsError("FLOW_GIT_FAILED", "git add failed")),
          });
        },
      },
    });
    await runner.run();
    const dead = (await f.queue.get(broken.id))!;
    assert.equal(dead.state, "dead");
    assert.equal(dead.attempts, 1);
    assert.equal(dead.error?.code, "FLOW_LFS_UNSUPPORTED");
    assert.deepEqual(pool.started.map((t) => t.agent), ["commit", "commit"]);
    const retried = (await f.queue.get(finish.id))!;
    assert.equal(retried.state, "dead");
    assert.equal(retried.attempts, 2, "a retryable hook failure is retried");
    assert.equal(retried.error?.code, "FLOW_GIT_FAILED");
  } finally {
    await f.cleanup();
  }
});
