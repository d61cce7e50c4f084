/**
 * The two lanes: a task goes to the lane its agent waits on; the model lane
 * never has more jobs in flight than the gate's ceiling (counted by a fake
 * pool), lowers the ceiling when a job relays a 429, and turns waiting jobs
 * away as interrupted when the pool closes.
 */
import assert from "node:assert/strict";
import { LanedPool, type LanePool } from "../../../core/pool/laned_pool.ts";
import { ModelGate } from "../../../core/pool/model_gate.ts";
import type { PoolOutcome, PoolTask } from "../../../core/pool/pool_task.ts";

/** A pool whose jobs end when the test says so; counts the most at once. */
class FakeLane implements LanePool {
  readonly size = 1;
  readonly ran: string[] = [];
  readonly #running = new Map<string, { task: PoolTask; end: (o: PoolOutcome) => void }>();
  peak = 0;
  run(task: PoolTask): Promise<PoolOutcome> {
    this.ran.push(task.jobId);
    return new Promise((end) => {
      this.#running.set(task.jobId, { task, end });
      this.peak = Math.max(this.peak, this.#running.size);
    });
  }
  get running(): number {
    return this.#running.size;
  }
  /** Ends every running job; the first `relaying` of them relay `progress` first. */
  finishAll(progress?: unknown, relaying = Infinity): void {
    for (const [id, { task, end }] of [...this.#running]) {
      if (progress && relaying-- > 0) task.onProgress?.({ data: progress });
      this.#running.delete(id);
      end({ kind: "succeeded", result: id });
    }
  }
  cancel(): boolean {
    return false;
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

function task(jobId: string, lane?: "cpu" | "model"): PoolTask {
  return {
    jobId,
    agent: "a",
    executor: "x",
    input: null,
    attempt: 1,
    correlationId: null,
    dependencies: [],
    sandbox: {},
    timeoutMs: 1000,
    ...(lane ? { lane } : {}),
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

Deno.test("lanes: a model task runs in the model lane, others in the CPU lane", async () => {
  const cpu = new FakeLane();
  const model = new FakeLane();
  const pool = new LanedPool({ cpu, model, gate: new ModelGate({ maxInFlight: 4 }) });
  const runs = [pool.run(task("m", "model")), pool.run(task("c", "cpu")), pool.run(task("d"))];
  await tick();
  assert.deepEqual(model.ran, ["m"]);
  assert.deepEqual(cpu.ran, ["c", "d"]);
  cpu.finishAll();
  model.finishAll();
  assert.equal((await Promise.all(runs)).length, 3);
});

Deno.test("lanes: never more model jobs in flight than the ceiling; a relayed 429 lowers it", async () => {
  const lowered: number[] = [];
  const gate = new ModelGate({ maxInFlight: 10, onLowered: (c) => lowered.push(c.to) });
  const model = new FakeLane();
  const pool = new LanedPool({ cpu: new FakeLane(), model, gate });
  const runs = Array.from({ length: 25 }, (_, i) => pool.run(task(`j${i}`, "model")));
  await tick();
  assert.equal(model.running, 10);
  assert.equal(gate.waiting, 15);
  // Six of the first ten are throttled: the API served four, so four are admitted next.
  model.finishAll({ kind: "event", type: "model.ratelimit", payload: { status: 429 } }, 6);
  await tick();
  assert.deepEqual(lowered, [9, 8, 7, 6, 5, 4]);
  assert.equal(model.running, 4);
  while (model.running > 0) {
    model.finishAll();
    await tick();
  }
  const outcomes = await Promise.all(runs);
  assert.equal(outcomes.filter((o) => o.kind === "succeeded").length, 25);
  assert.equal(model.peak, 10);
  assert.equal(gate.peak, 10);
});

Deno.test("lanes: closing turns jobs waiting at the gate away as interrupted", async () => {
  const model = new FakeLane();
  const pool = new LanedPool({
    cpu: new FakeLane(),
    model,
    gate: new ModelGate({ maxInFlight: 1 }),
  });
  const first = pool.run(task("a", "model"));
  const second = pool.run(task("b", "model"));
  await tick();
  await pool.close();
  assert.deepEqual(await second, { kind: "interrupted", reason: "shutdown" });
  model.finishAll();
  assert.equal((await first).kind, "succeeded");
});
