/**
 * The model lane's budget shared by worker processes of one project
 * (through queue.db): two real `worker --once` processes against one fake
 * Messages API never have more calls in flight together than
 * `lanes.model.maxInFlight`; the slots of a worker killed with SIGKILL come
 * back to the next one once they expire; in a 429 storm across two workers
 * the shared ceiling drops and no job is lost.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { defaultConfig } from "../../core/config/schema.ts";
import { projectPaths } from "../../core/paths.ts";
import { openQueue } from "../../core/queue/queue.ts";
import type { Sandbox } from "../support/cli.ts";
import { type FakeAnthropic, startFakeAnthropic, text } from "../support/fake_anthropic.ts";
import { queueSandbox, waitFor } from "./queue_fixture.ts";

async function enqueue(sandbox: Sandbox, jobs: number): Promise<void> {
  const queue = await openQueue(projectPaths(sandbox.project), defaultConfig());
  await queue.enqueueMany(
    Array.from({ length: jobs }, (_, i) => ({ agent: "reviewer-agent", input: `review #${i}` })),
  );
  await queue.close();
}

function envOf(fake: FakeAnthropic): Record<string, string> {
  return {
    SUPER_AGENTS_QUEUE_POLL_MS: "20",
    ANTHROPIC_API_KEY: "sk-test-dummy",
    ANTHROPIC_BASE_URL: fake.url,
  };
}

/** Runs `worker --once --json` to its end; its summary and stderr. */
async function once(sandbox: Sandbox, fake: FakeAnthropic) {
  const output = await sandbox.spawn(["worker", "--once", "--json"], { env: envOf(fake) }).output();
  const stdout = new TextDecoder().decode(output.stdout);
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, stderr);
  return { summary: JSON.parse(stdout.trim().split("\n").pop()!), stderr };
}

/** Reads queue.db as another process would. */
function query<T>(sandbox: Sandbox, sql: string): T[] {
  const db = new DatabaseSync(join(sandbox.project, ".claude/state/queue.db"), { readOnly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

Deno.test("shared budget: two worker processes together stay within lanes.model.maxInFlight", async () => {
  const sandbox = await queueSandbox({ lanes: { model: { maxInFlight: 4 } } });
  const fake = await startFakeAnthropic({ latencyMs: 200, responder: () => text("LGTM") });
  try {
    await enqueue(sandbox, 24);
    const [a, b] = await Promise.all([once(sandbox, fake), once(sandbox, fake)]);
    assert.equal(a.summary.succeeded + b.summary.succeeded, 24, a.stderr + b.stderr);
    assert.equal(a.summary.dead + b.summary.dead, 0);
    // Each alone may have 4 in flight; together they share the 4.
    assert.ok(fake.peakInFlight() <= 4, `${fake.peakInFlight()} calls in flight at once`);
    assert.ok(fake.peakInFlight() >= 2, `${fake.peakInFlight()}: the lane ran in parallel`);
    const slots = query<{ n: number }>(sandbox, "SELECT count(*) AS n FROM lane_slots");
    assert.equal(slots[0].n, 0, "both workers gave their slots back");
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("shared budget: the slots of a worker killed with SIGKILL return to the next worker", async () => {
  const sandbox = await queueSandbox({
    lanes: { model: { maxInFlight: 4, slotLeaseMs: 3000 } },
    queue: { leaseMs: 1000 },
  });
  const slow = await startFakeAnthropic({ latencyMs: 6000, responder: () => text("slow") });
  const fast = await startFakeAnthropic({ latencyMs: 50, responder: () => text("LGTM") });
  try {
    await enqueue(sandbox, 6);
    const killed = sandbox.spawn(["worker"], { env: envOf(slow) });
    const held = () =>
      query<{ n: number }>(sandbox, "SELECT coalesce(sum(slots), 0) AS n FROM lane_slots")[0].n;
    await waitFor(
      "the first worker to hold the lane's 4 slots",
      () => Promise.resolve(held() === 4),
    );
    killed.kill("SIGKILL");
    await killed.output();
    // Its job leases lapse first (1 s); its slots are still taken (3 s) when the next one starts.
    await waitFor("its job leases to lapse", () =>
      Promise.resolve(
        query<{ n: number }>(
          sandbox,
          `SELECT count(*) AS n FROM jobs WHERE state = 'leased' AND lease_expires_at > ${Date.now()}`,
        )[0].n === 0,
      ));
    assert.equal(held(), 4, "the killed worker's slots are still counted");
    const rescue = await once(sandbox, fast);
    assert.equal(rescue.summary.succeeded, 6, rescue.stderr);
    assert.equal(rescue.summary.dead, 0);
    assert.ok(fast.peakInFlight() <= 4, `${fast.peakInFlight()} in flight`);
    assert.equal(held(), 0);
  } finally {
    await slow.close();
    await fast.close();
    await sandbox.cleanup();
  }
});

Deno.test("shared budget: a 429 storm across two workers lowers the shared ceiling; no job is lost", async () => {
  const sandbox = await queueSandbox({});
  const fake = await startFakeAnthropic({
    latencyMs: 150,
    maxConcurrent: 3,
    retryAfterSeconds: 0,
    responder: () => text("LGTM"),
  });
  try {
    await enqueue(sandbox, 20);
    const [a, b] = await Promise.all([once(sandbox, fake), once(sandbox, fake)]);
    assert.equal(a.summary.succeeded + b.summary.succeeded, 20, a.stderr + b.stderr);
    assert.equal(a.summary.dead + b.summary.dead, 0);
    assert.ok(fake.throttled() > 0, "the fake refused calls");
    const [budget] = query<{ value: number; max: number }>(
      sandbox,
      "SELECT value, max FROM lane_budget WHERE lane = 'model'",
    );
    assert.equal(budget.max, 64);
    assert.ok(budget.value < 64, `the shared ceiling dropped (${budget.value})`);
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});
