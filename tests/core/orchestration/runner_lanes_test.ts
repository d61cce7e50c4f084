/**
 * The runner claims per lane: CPU-lane jobs up to the CPU pool's slots,
 * model-lane jobs (learned from the resolved agent) up to the model lane's
 * capacity, read before each claim. Counted in the real SQLite queue: the
 * jobs leased at once while each task starts.
 */
import assert from "node:assert/strict";
import { LaneClaims } from "../../../core/orchestration/lane_claims.ts";
import type { PoolTask } from "../../../core/pool/worker_pool.ts";
import { FakePool, runnerFixture } from "./runner_fixture.ts";

const lane = (agent: string) => agent.startsWith("model") ? "model" as const : "cpu" as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("runner lanes: a queue of CPU jobs is claimed as wide as the CPU pool, not the model lane", async () => {
  const fx = await runnerFixture();
  try {
    await fx.queue.enqueueMany(
      Array.from({ length: 20 }, (_, i) => ({ agent: "cpu-a", input: i })),
    );
    let mostLeased = 0;
    const leased = () =>
      Number(
        (fx.queue.db.prepare("SELECT count(*) AS n FROM jobs WHERE state = 'leased'")
          .get() as { n: number }).n,
      );
    const pool = new FakePool(async () => {
      mostLeased = Math.max(mostLeased, leased());
      await sleep(2);
      return { kind: "succeeded", result: null };
    });
    const runner = fx.runner(pool, {
      concurrency: 66,
      lanes: { cpu: 2, model: () => 64 },
      resolveAgent: (agent) =>
        Promise.resolve({ executor: "x", version: "v1", sandbox: {}, lane: lane(agent) }),
    });
    const summary = await runner.run();
    assert.equal(summary.succeeded, 20);
    assert.ok(mostLeased <= 2, `${mostLeased} jobs leased at once with 2 CPU slots`);
  } finally {
    await fx.cleanup();
  }
});

Deno.test("runner lanes: model jobs fill the model lane while CPU jobs keep to the CPU pool", async () => {
  const fx = await runnerFixture();
  try {
    await fx.queue.enqueueMany([
      ...Array.from({ length: 24 }, (_, i) => ({ agent: "model-a", input: i })),
      ...Array.from({ length: 6 }, (_, i) => ({ agent: "cpu-a", input: i })),
    ]);
    const running = { cpu: 0, model: 0 };
    const most = { cpu: 0, model: 0 };
    let modelCapacity = 8;
    const pool = new FakePool(async (task: PoolTask) => {
      const l = task.lane ?? "cpu";
      most[l] = Math.max(most[l], ++running[l]);
      await sleep(l === "model" ? 20 : 5);
      running[l]--;
      return { kind: "succeeded", result: null };
    });
    const runner = fx.runner(pool, {
      concurrency: 66,
      lanes: { cpu: 1, model: () => modelCapacity },
      resolveAgent: (agent) =>
        Promise.resolve({ executor: "x", version: "v1", sandbox: {}, lane: lane(agent) }),
    });
    const done = runner.run();
    await sleep(30);
    modelCapacity = 3; // the ceiling dropped: later claims keep to it
    const summary = await done;
    assert.equal(summary.succeeded, 30);
    assert.ok(most.cpu <= 1, `${most.cpu} CPU jobs at once with 1 CPU slot`);
    // At most one CPU claim (1 job) of a model agent beyond the model lane.
    assert.ok(most.model <= 8 + 1, `${most.model} model jobs at once`);
    assert.ok(most.model >= 4, `${most.model}: the model lane was filled past the CPU pool`);
  } finally {
    await fx.cleanup();
  }
});

Deno.test("lane claims: nothing known claims only CPU-wide; a learned model agent is claimed by name", () => {
  let model = 6;
  const claims = new LaneClaims({ cpu: 2, model: () => model });
  assert.deepEqual(claims.plan(), [{ lane: "cpu", limit: 2 }]);
  const job = { id: "j1", agent: "reviewer" };
  claims.claimed(job);
  assert.equal(claims.resolved(job, "model"), true, "learned");
  assert.equal(claims.resolved(job, "model"), false, "nothing new");
  assert.deepEqual(claims.held, { cpu: 0, model: 1 });
  assert.deepEqual(claims.plan(["reviewer", "other"]), [
    { lane: "model", limit: 5, agents: ["reviewer"] },
    { lane: "cpu", limit: 2, agents: ["reviewer", "other"] },
  ]);
  // The model lane full: CPU claims name the known CPU agents, or wait when none is known.
  model = 1;
  assert.deepEqual(claims.plan(), []);
  const cpuJob = { id: "j2", agent: "scan" };
  claims.claimed(cpuJob);
  claims.resolved(cpuJob, "cpu");
  assert.deepEqual(claims.plan(), [{ lane: "cpu", limit: 1, agents: ["scan"] }]);
  claims.left(job);
  claims.left(job); // twice: no negative count
  claims.left(cpuJob);
  assert.deepEqual(claims.held, { cpu: 0, model: 0 });
});
