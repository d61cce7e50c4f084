/**
 * The model lane end to end: a real `worker --once` runs queued
 * `reviewer-agent` jobs against the fake Messages API. The fake counts the
 * calls it serves at once: never more than `lanes.model.maxInFlight`. In a
 * 429 storm (the fake refuses every call above 3 at once, with
 * `retry-after`) every job completes, none dead, and the ceiling's drops
 * are `lane.ceiling.lowered` events.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { defaultConfig } from "../../core/config/schema.ts";
import { projectPaths } from "../../core/paths.ts";
import { openQueue } from "../../core/queue/queue.ts";
import type { Sandbox } from "../support/cli.ts";
import { type FakeOptions, startFakeAnthropic, text } from "../support/fake_anthropic.ts";
import { queueSandbox } from "./queue_fixture.ts";

async function enqueue(sandbox: Sandbox, jobs: number): Promise<void> {
  const queue = await openQueue(projectPaths(sandbox.project), defaultConfig());
  await queue.enqueueMany(
    Array.from({ length: jobs }, (_, i) => ({ agent: "reviewer-agent", input: `review #${i}` })),
  );
  await queue.close();
}

async function runWorker(config: Record<string, unknown>, jobs: number, fakeOptions: FakeOptions) {
  const sandbox = await queueSandbox(config);
  const fake = await startFakeAnthropic({ ...fakeOptions, responder: () => text("LGTM") });
  try {
    await enqueue(sandbox, jobs);
    const run = await sandbox.run(["worker", "--once", "--json"], {
      env: {
        SUPER_AGENTS_QUEUE_POLL_MS: "20",
        ANTHROPIC_API_KEY: "sk-test-dummy",
        ANTHROPIC_BASE_URL: fake.url,
      },
    });
    const log = await Deno.readTextFile(join(sandbox.project, ".claude/events/log.ndjson"))
      .catch(() => "");
    const events = log.trim().split("\n").filter(Boolean).map((line) => JSON.parse(line));
    return { run, fake, events };
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
}

Deno.test("lanes: the model lane never has more calls in flight than lanes.model.maxInFlight", async () => {
  const { run, fake } = await runWorker({ lanes: { model: { maxInFlight: 4 } } }, 12, {
    latencyMs: 150,
  });
  assert.equal(run.code, 0, run.stderr);
  const summary = JSON.parse(run.stdout);
  assert.equal(summary.succeeded, 12, run.stderr);
  assert.ok(fake.peakInFlight() <= 4, `${fake.peakInFlight()} in flight`);
  assert.ok(fake.peakInFlight() >= 2, `${fake.peakInFlight()} in flight: the lane ran in parallel`);
});

Deno.test("lanes: a 429 storm loses no job; the ceiling drops with lane.ceiling.lowered events", async () => {
  const { run, fake, events } = await runWorker({}, 16, {
    latencyMs: 150,
    maxConcurrent: 3,
    retryAfterSeconds: 0,
  });
  assert.equal(run.code, 0, run.stderr);
  const summary = JSON.parse(run.stdout);
  assert.equal(summary.succeeded, 16, run.stdout + run.stderr);
  assert.equal(summary.dead, 0);
  assert.ok(fake.throttled() > 0, "the fake refused calls");
  const lowered = events.filter((e) => e.type === "lane.ceiling.lowered");
  assert.ok(lowered.length > 0, "a lane.ceiling.lowered event");
  assert.equal(lowered[0].payload.status, 429);
  assert.ok(lowered[0].payload.to < lowered[0].payload.from);
});

Deno.test("lanes: with the API limited below the ceiling, 429s stay within one wave past the first; no job is lost", async () => {
  // 12 admitted against a limit of 3: the first wave is 9 refusals. Throttled jobs give
  // their call slot back while they wait out retry-after and call again only when the
  // lowered ceiling admits them, so their retries do not come back as a second wave.
  const firstWave = 12 - 3;
  const { run, fake } = await runWorker({ lanes: { model: { maxInFlight: 12 } } }, 24, {
    latencyMs: 200,
    maxConcurrent: 3,
    retryAfterSeconds: 1,
  });
  assert.equal(run.code, 0, run.stderr);
  const summary = JSON.parse(run.stdout);
  assert.equal(summary.succeeded, 24, run.stdout + run.stderr);
  assert.equal(summary.dead, 0);
  assert.ok(fake.throttled() >= firstWave, `${fake.throttled()} refused: the first wave hit`);
  assert.ok(
    fake.throttled() <= 2 * firstWave,
    `${fake.throttled()} calls answered 429: more than one wave (${firstWave}) after the first`,
  );
});

Deno.test("lanes: worker and status show both lanes (in flight, ceiling, capacity)", async () => {
  const sandbox = await queueSandbox({ lanes: { model: { maxInFlight: 3 } } });
  const fake = await startFakeAnthropic({ latencyMs: 100, responder: () => text("LGTM") });
  try {
    await enqueue(sandbox, 6);
    const env = {
      SUPER_AGENTS_QUEUE_POLL_MS: "20",
      ANTHROPIC_API_KEY: "sk-test-dummy",
      ANTHROPIC_BASE_URL: fake.url,
    };
    const run = await sandbox.run(["worker", "--once", "--json"], { env });
    assert.equal(run.code, 0, run.stderr);
    const { lanes } = JSON.parse(run.stdout);
    assert.deepEqual(lanes.model, { peak: 3, ceiling: 3, max: 3 });
    assert.ok(lanes.cpu.capacity >= 1, JSON.stringify(lanes));
    await enqueue(sandbox, 2);
    const text_ = await sandbox.run(["worker", "--once"], { env });
    assert.match(
      text_.stdout,
      /lanes: model 2 in flight at most \(ceiling 3 of 3\), cpu 0 \(\d+ slots\)/,
    );
    // status after the workers left: the shared ceiling, nobody in flight.
    const status = await sandbox.run(["status", "--json"]);
    const report = JSON.parse(status.stdout);
    assert.deepEqual(report.lanes.model, { inFlight: 0, capacity: 3, workers: 0, max: 3 });
    assert.deepEqual(report.lanes.cpu, { inFlight: 0, capacity: 0, workers: 0 });
    const line = await sandbox.run(["status"]);
    assert.match(line.stdout, /lanes\s+model 0 in flight, ceiling 3 of 3; cpu: no worker running/);
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});
