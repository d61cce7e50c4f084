/**
 * The runner over a real queue and a scripted pool: fan-out/fan-in order and
 * results, a failing node blocking only its dependants, cycles rejected, the
 * circuit opening and recovering, the result cache, cancel of a running job,
 * and events with the correlation id.
 */
import assert from "node:assert/strict";
import { SuperAgentsError } from "../../../core/errors.ts";
import { enqueuePipeline } from "../../../core/orchestration/pipeline.ts";
import { FakePool, runnerFixture } from "./runner_fixture.ts";

const CORRELATION = "toolu_0123456789abcdefghijABCD";

Deno.test("runner: fan-out then fan-in, with the inputs' results aggregated", async () => {
  const f = await runnerFixture();
  try {
    const finished: string[] = [];
    const pool = new FakePool(async (task) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const node = (task.input as { step: string }).step;
      finished.push(node);
      return { kind: "succeeded", result: { node, saw: task.dependencies.map((d) => d.node) } };
    });
    const { flow } = await enqueuePipeline(f.queue, {
      name: "diamond",
      steps: [
        { name: "plan", agent: "noop" },
        { name: "left", agent: "noop", dependsOn: ["plan"] },
        { name: "right", agent: "noop", dependsOn: ["plan"] },
        { name: "join", agent: "noop", dependsOn: ["left", "right"] },
      ],
    }, { correlationId: CORRELATION });
    const summary = await f.runner(pool).run();
    assert.equal(summary.succeeded, 4);
    assert.equal(finished[0], "plan");
    assert.deepEqual(finished.slice(1, 3).sort(), ["left", "right"]);
    assert.equal(finished[3], "join");
    const join = (await f.queue.list({ flow })).find((job) => job.node === "join")!;
    assert.deepEqual(join.result, { node: "join", saw: ["left", "right"] });
    const starts = pool.started.filter((t) =>
      ["left", "right"].includes((t.input as { step: string }).step)
    );
    assert.deepEqual(starts.map((t) => t.dependencies.map((d) => d.node)), [["plan"], ["plan"]]);
    assert.ok(f.events.every((event) => event.correlationId === CORRELATION));
    assert.equal(f.events.filter((event) => event.type === "job.succeeded").length, 4);
  } finally {
    await f.cleanup();
  }
});

Deno.test("runner: a failing node blocks its dependants, not its siblings", async () => {
  const f = await runnerFixture();
  try {
    const pool = new FakePool((task) =>
      (task.input as { step: string }).step === "bad"
        ? { kind: "failed", retryable: true, error: { code: "AGENT_FAILED", message: "boom" } }
        : { kind: "succeeded", result: null }
    );
    const { flow } = await enqueuePipeline(f.queue, {
      name: "split",
      steps: [
        { name: "root", agent: "noop" },
        { name: "bad", agent: "noop", dependsOn: ["root"] },
        { name: "good", agent: "noop", dependsOn: ["root"] },
        { name: "after-bad", agent: "noop", dependsOn: ["bad"] },
        { name: "after-good", agent: "noop", dependsOn: ["good"] },
        { name: "after-both", agent: "noop", dependsOn: ["bad", "good"] },
      ],
    });
    await f.runner(pool).run();
    const states = Object.fromEntries((await f.queue.list({ flow })).map((j) => [j.node, j.state]));
    assert.deepEqual(states, {
      root: "succeeded",
      bad: "dead",
      good: "succeeded",
      "after-bad": "failed",
      "after-good": "succeeded",
      "after-both": "failed",
    });
    const ran = pool.started.map((t) => (t.input as { step: string }).step);
    assert.ok(!ran.includes("after-bad") && !ran.includes("after-both"));
  } finally {
    await f.cleanup();
  }
});

Deno.test("runner: a pipeline with a cycle is rejected and nothing is enqueued", async () => {
  const f = await runnerFixture();
  try {
    await assert.rejects(
      enqueuePipeline(f.queue, {
        name: "loop",
        steps: [{ name: "a", agent: "noop", dependsOn: ["b"] }, {
          name: "b",
          agent: "noop",
          dependsOn: ["a"],
        }],
      }),
      (error) => error instanceof SuperAgentsError && error.code === "DAG_CYCLE",
    );
    assert.equal((await f.queue.stats()).total, 0);
  } finally {
    await f.cleanup();
  }
});

Deno.test("runner: the circuit opens after consecutive failures and recovers after a probe", async () => {
  const f = await runnerFixture(true);
  try {
    let broken = true;
    const pool = new FakePool(() =>
      broken
        ? { kind: "failed", retryable: true, error: { message: "down" } }
        : { kind: "succeeded", result: "up" }
    );
    await f.queue.enqueueMany([{ agent: "flaky" }, { agent: "flaky" }]);
    await f.runner(pool, { concurrency: 1 }).run();
    assert.equal(f.breakers.get("flaky").state, "open");
    const { job } = await f.queue.enqueue({ agent: "flaky" });
    const deferred = await f.runner(pool).run();
    assert.equal(deferred.deferred, 1);
    assert.equal(pool.started.length, 2, "no job ran while the circuit was open");
    assert.equal((await f.queue.get(job.id))?.state, "delayed");
    f.clock.now += 60_001;
    broken = false;
    const recovered = await f.runner(pool).run();
    assert.equal(recovered.succeeded, 1);
    assert.equal((await f.queue.get(job.id))?.attempts, 1, "the deferral did not use an attempt");
    assert.equal(f.breakers.get("flaky").state, "closed");
    const transitions = f.events.filter((e) => e.type.startsWith("circuit.")).map((e) => e.type);
    assert.deepEqual(transitions, ["circuit.open", "circuit.half_open", "circuit.closed"]);
  } finally {
    await f.cleanup();
  }
});

Deno.test("runner: a cacheable agent's repeated input completes from the cache", async () => {
  const f = await runnerFixture();
  try {
    const pool = new FakePool((task) => ({ kind: "succeeded", result: { echo: task.input } }));
    const resolveAgent = () =>
      Promise.resolve({ executor: "noop", version: "v1", sandbox: {}, cacheable: true });
    await f.queue.enqueue({ agent: "summariser", input: { b: 1, a: 2 } });
    await f.runner(pool, { resolveAgent }).run();
    const { job } = await f.queue.enqueue({ agent: "summariser", input: { a: 2, b: 1 } });
    const summary = await f.runner(pool, { resolveAgent }).run();
    assert.equal(summary.cached, 1);
    assert.equal(pool.started.length, 1);
    assert.deepEqual((await f.queue.get(job.id))?.result, { echo: { b: 1, a: 2 } });
    const newVersion = () =>
      Promise.resolve({ executor: "noop", version: "v2", sandbox: {}, cacheable: true });
    await f.queue.enqueue({ agent: "summariser", input: { a: 2, b: 1 } });
    await f.runner(pool, { resolveAgent: newVersion }).run();
    assert.equal(pool.started.length, 2, "a new agent version misses the cache");
  } finally {
    await f.cleanup();
  }
});

Deno.test("runner: cancel of a running job reaches it at the next heartbeat", async () => {
  const f = await runnerFixture();
  try {
    let started!: () => void;
    const running = new Promise<void>((resolve) => started = resolve);
    const pool = new FakePool(() => {
      started();
      return new Promise(() => {}); // runs until cancelled
    });
    const { job } = await f.queue.enqueue({ agent: "slow", correlationId: CORRELATION });
    const done = f.runner(pool, { leaseMs: 150 }).run();
    await running;
    await f.queue.cancel(job.id);
    const summary = await done;
    assert.equal(summary.cancelled, 1);
    assert.equal((await f.queue.get(job.id))?.state, "cancelled");
    assert.ok(f.events.some((e) => e.type === "job.cancelled" && e.task === job.id));
  } finally {
    await f.cleanup();
  }
});

Deno.test("runner: an unknown agent dead-letters the job with the resolver's error", async () => {
  const f = await runnerFixture();
  try {
    const { job } = await f.queue.enqueue({ agent: "ghost" });
    const resolveAgent = () =>
      Promise.reject(
        new SuperAgentsError("AGENT_UNKNOWN", "no agent ghost", { hint: "list agents" }),
      );
    await f.runner(new FakePool(() => ({ kind: "succeeded", result: null })), { resolveAgent })
      .run();
    const dead = await f.queue.get(job.id);
    assert.equal(dead?.state, "dead");
    assert.equal(dead?.error?.code, "AGENT_UNKNOWN");
  } finally {
    await f.cleanup();
  }
});
