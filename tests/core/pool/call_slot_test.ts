/**
 * Per-call admission in the model lane: a job holds one call slot from
 * admission, gives it back while it waits out a retry-after and asks again
 * before its next call. A throttled release does not grow the ceiling; a
 * hostile worker that releases twice or asks twice still holds at most the
 * one slot it was given; the slot of a job that ends while it waits (its
 * worker died) goes straight back.
 */
import assert from "node:assert/strict";
import { LanedPool, type LanePool } from "../../../core/pool/laned_pool.ts";
import { ModelGate } from "../../../core/pool/model_gate.ts";
import type { PoolOutcome, PoolTask } from "../../../core/pool/pool_task.ts";

/** A model pool whose jobs the test drives: it sees each task's call slot and ends it on demand. */
class DrivenLane implements LanePool {
  readonly size = 1;
  readonly tasks = new Map<string, { task: PoolTask; end: (o: PoolOutcome) => void }>();
  run(task: PoolTask): Promise<PoolOutcome> {
    return new Promise((end) => this.tasks.set(task.jobId, { task, end }));
  }
  slot(jobId: string) {
    const slot = this.tasks.get(jobId)?.task.callSlot;
    assert.ok(slot, `job ${jobId} runs with a call slot`);
    return slot;
  }
  throttle(jobId: string): void {
    this.tasks.get(jobId)!.task.onProgress?.({
      data: { kind: "event", type: "model.ratelimit", payload: { status: 429, retryAfterMs: 0 } },
    });
  }
  end(jobId: string): void {
    this.tasks.get(jobId)!.end({ kind: "succeeded", result: jobId });
    this.tasks.delete(jobId);
  }
  cancel(): boolean {
    return false;
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

function task(jobId: string): PoolTask {
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
    lane: "model",
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function lanes(maxInFlight: number) {
  const gate = new ModelGate({ maxInFlight, pollMs: 5 });
  const model = new DrivenLane();
  const pool = new LanedPool({ cpu: new DrivenLane(), model, gate });
  return { gate, model, pool };
}

Deno.test("call slots: a job waiting out a retry-after frees its slot for a waiting job", async () => {
  const { gate, model, pool } = lanes(1);
  const a = pool.run(task("a"));
  const b = pool.run(task("b"));
  await tick();
  assert.deepEqual([...model.tasks.keys()], ["a"]);
  assert.equal(gate.waiting, 1);
  model.slot("a").release(true); // a sleeps: b is admitted
  await tick();
  assert.deepEqual([...model.tasks.keys()], ["a", "b"]);
  assert.equal(gate.inFlight, 1);
  // a's retry waits for admission while b holds the only slot.
  let granted = false;
  const again = model.slot("a").acquire().then((ok) => granted = ok);
  await tick();
  assert.equal(granted, false);
  model.end("b");
  await again;
  assert.equal(granted, true);
  assert.equal(gate.inFlight, 1);
  model.end("a");
  assert.deepEqual((await Promise.all([a, b])).map((o) => o.kind), ["succeeded", "succeeded"]);
  assert.equal(gate.inFlight, 0);
});

Deno.test("call slots: a throttled job's slot comes back without growing the ceiling; its retry waits under the lower one", async () => {
  const { gate, model, pool } = lanes(4);
  const runs = ["a", "b", "c", "d"].map((id) => pool.run(task(id)));
  await tick();
  assert.equal(gate.inFlight, 4);
  // Three of four calls answered 429: the API served one, the ceiling drops to the floor (1).
  for (const id of ["a", "b", "c"]) model.throttle(id);
  const ceiling = gate.view().ceiling;
  assert.ok(ceiling < 4, `ceiling ${ceiling} dropped`);
  for (const id of ["a", "b", "c"]) model.slot(id).release(true); // a liar's `clean` is ignored
  assert.equal(gate.view().ceiling, ceiling, "a throttled release does not grow the ceiling");
  // Their retries wait: d still holds a slot, so at most `ceiling` hold one at once.
  const granted: string[] = [];
  const retries = ["a", "b", "c"].map((id) =>
    model.slot(id).acquire().then((ok) => ok && granted.push(id))
  );
  await tick();
  assert.ok(gate.inFlight <= Math.max(ceiling, 1), `${gate.inFlight} in flight`);
  model.end("d");
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.ok(granted.length >= 1 && gate.inFlight <= gate.view().ceiling);
  for (const id of ["a", "b", "c"]) {
    while (!granted.includes(id)) {
      const holder = granted.find((g) => model.tasks.has(g));
      if (holder) model.end(holder);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  await Promise.all(retries);
  for (const id of [...model.tasks.keys()]) model.end(id);
  const outcomes = await Promise.all(runs);
  assert.equal(outcomes.filter((o) => o.kind === "succeeded").length, 4);
  assert.equal(gate.inFlight, 0);
});

Deno.test("call slots: a hostile worker releasing twice or asking twice holds at most one slot", async () => {
  const { gate, model, pool } = lanes(2);
  const runs = [pool.run(task("evil")), pool.run(task("fair"))];
  await tick();
  const evil = model.slot("evil");
  evil.release(true);
  evil.release(true);
  evil.release(true);
  assert.equal(gate.inFlight, 1, "extra releases give back nothing the job did not hold");
  assert.equal(await evil.acquire(), true);
  assert.equal(await evil.acquire(), true);
  assert.equal(await evil.acquire(), true);
  assert.equal(gate.inFlight, 2, "repeated asks take no extra slot");
  // A third job still gets in once one of them ends.
  const third = pool.run(task("third"));
  await tick();
  assert.equal(model.tasks.has("third"), false);
  model.end("evil");
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(model.tasks.has("third"), true);
  model.end("fair");
  model.end("third");
  await Promise.all([...runs, third]);
  assert.equal(gate.inFlight, 0);
});

Deno.test("call slots: the slot of a job that ended while waiting for one goes straight back", async () => {
  const { gate, model, pool } = lanes(1);
  const a = pool.run(task("a"));
  const b = pool.run(task("b"));
  await tick();
  model.slot("a").release(false);
  await tick();
  const waiting = model.slot("a").acquire(); // b holds the slot: a waits
  await tick();
  model.tasks.get("a")!.end({ kind: "interrupted", reason: "worker terminated: crashed" });
  model.tasks.delete("a");
  assert.equal((await a).kind, "interrupted");
  model.end("b");
  assert.equal(await waiting, false, "a dead job is not granted a slot");
  assert.equal(gate.inFlight, 0, "no slot is lost to the dead job");
  await b;
  // The lane still admits.
  const c = pool.run(task("c"));
  await tick();
  assert.equal(model.tasks.has("c"), true);
  model.end("c");
  await c;
});
