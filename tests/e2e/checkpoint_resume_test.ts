/**
 * Checkpoints reach the executor: a `script` job appends a line per step and
 * checkpoints after step 1; its `worker` process is killed with SIGKILL in
 * the middle of the job; once the lease expires another worker claims it,
 * receives the checkpoint and continues at step 2 — step 1 is written once.
 * The same scenario runs on the SQLite queue and, when
 * SUPER_AGENTS_TEST_REDIS_URL is set, on the Redis queue.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Sandbox } from "../support/cli.ts";
import { json, queueSandbox, rescueAfterLeaseExpiry, script, waitFor } from "./queue_fixture.ts";
import { skipWithout } from "../support/service.ts";

const REDIS_URL = Deno.env.get("SUPER_AGENTS_TEST_REDIS_URL");

async function readOr(path: string, fallback: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return fallback;
    throw error;
  }
}

async function resumeAfterKill(sandbox: Sandbox): Promise<void> {
  const input = script(
    { op: "append", path: "steps.log", text: "step 1 (attempt {attempt})\n" },
    { op: "checkpoint" },
    { op: "sleep", ms: 1500 },
    { op: "append", path: "steps.log", text: "step 2 (attempt {attempt})\n" },
  );
  const { jobs: [created] } = await json(sandbox, ["task", "create", "script", "--input", input]);
  const log = join(sandbox.project, ".claude", "workspaces", created.id, "steps.log");
  const victim = sandbox.spawn(["worker"]);
  await waitFor("the checkpoint to be stored", async () => {
    const { job } = await json(sandbox, ["task", "show", created.id]);
    return job.progress?.data?.next === 2;
  });
  victim.kill("SIGKILL");
  assert.equal((await victim.status).signal, "SIGKILL");
  assert.equal(await readOr(log, ""), "step 1 (attempt 1)\n", "killed before step 2");

  const done = await rescueAfterLeaseExpiry(sandbox, created.id);
  assert.equal(done.state, "succeeded");
  assert.equal(done.attempts, 2);
  assert.equal(done.result.resumedAt, 2, "the second attempt started after the checkpoint");
  assert.equal(
    await Deno.readTextFile(log),
    "step 1 (attempt 1)\nstep 2 (attempt 2)\n",
    "step 1 ran once; the resumed attempt continued at step 2",
  );
}

Deno.test("checkpoint: a job killed mid-run resumes at its next step (sqlite)", async () => {
  const sandbox = await queueSandbox({ queue: { leaseMs: 1000 } });
  try {
    await resumeAfterKill(sandbox);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test({
  name: "checkpoint: a job killed mid-run resumes at its next step (redis)",
  ignore: skipWithout(
    "redis",
    !!REDIS_URL,
    "bash scripts/services.sh start (installs redis-server)",
  ),
  async fn() {
    const { dropQueueKeys, uniqueQueueName } = await import(
      "../plugins/redis_queue/redis_fixture.ts"
    );
    const redisQueue = uniqueQueueName("checkpoint");
    const sandbox = await queueSandbox({
      queue: { backend: "redis", redisUrl: REDIS_URL, redisQueue, leaseMs: 1000 },
    });
    try {
      await resumeAfterKill(sandbox);
    } finally {
      await sandbox.cleanup();
      await dropQueueKeys(REDIS_URL!, redisQueue);
    }
  },
});
