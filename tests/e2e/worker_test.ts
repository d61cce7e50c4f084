/**
 * `super-agents worker` processes on one queue: every job runs exactly once
 * with two workers; a worker killed with SIGKILL mid-job loses its lease and
 * the job runs again and completes once; SIGTERM drains and releases; a
 * cancel reaches a running job.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Sandbox } from "../support/cli.ts";
import {
  filesIn,
  json,
  queueSandbox,
  rescueAfterLeaseExpiry,
  script,
  waitFor,
} from "./queue_fixture.ts";

function workspace(sandbox: Sandbox, id: string): string {
  return join(sandbox.project, ".claude", "workspaces", id);
}

Deno.test("worker: two worker processes drain one queue, each job exactly once", async () => {
  const sandbox = await queueSandbox();
  try {
    const input = script({ op: "write", path: "ran-{nonce}.txt" }, { op: "sleep", ms: 20 });
    const ids: string[] = [];
    for (let i = 0; i < 16; i++) {
      ids.push((await json(sandbox, ["task", "create", "script", "--input", input])).jobs[0].id);
    }
    const workers = [1, 2].map(() =>
      sandbox.spawn(["worker", "--once", "--concurrency", "2", "--json"])
    );
    const outputs = await Promise.all(workers.map((w) => w.output()));
    const summaries = outputs.map((o) => {
      assert.equal(o.code, 0, new TextDecoder().decode(o.stderr));
      return JSON.parse(new TextDecoder().decode(o.stdout));
    });
    assert.equal(summaries[0].succeeded + summaries[1].succeeded, 16);
    for (const id of ids) {
      const { job } = await json(sandbox, ["task", "show", id]);
      assert.equal(job.state, "succeeded");
      assert.equal(job.attempts, 1);
      assert.equal((await filesIn(workspace(sandbox, id))).length, 1, `${id} ran once`);
    }
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("worker: after kill -9 mid-job the lease expires and the job completes once", async () => {
  const sandbox = await queueSandbox({ queue: { leaseMs: 1000 } });
  try {
    const input = script(
      { op: "write", path: "start-{attempt}.txt" },
      { op: "sleep", ms: 1500 },
      { op: "write", path: "done-{nonce}.txt" },
    );
    const { jobs: [job] } = await json(sandbox, ["task", "create", "script", "--input", input]);
    const victim = sandbox.spawn(["worker"]);
    await waitFor(
      "the job to start",
      async () => (await filesIn(workspace(sandbox, job.id))).length > 0,
    );
    victim.kill("SIGKILL");
    assert.equal((await victim.status).signal, "SIGKILL");
    const done = await rescueAfterLeaseExpiry(sandbox, job.id);
    assert.equal(done.state, "succeeded");
    assert.equal(done.attempts, 2);
    const files = await filesIn(workspace(sandbox, job.id));
    assert.deepEqual(files.filter((f) => f.startsWith("start-")), ["start-1.txt", "start-2.txt"]);
    assert.equal(files.filter((f) => f.startsWith("done-")).length, 1, "completed once");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("worker: a cancel reaches a running job; SIGTERM drains, then releases the rest", async () => {
  const sandbox = await queueSandbox({ queue: { leaseMs: 600 } });
  try {
    const long = script({ op: "write", path: "started" }, { op: "sleep", ms: 60_000 });
    const { jobs: [doomed] } = await json(sandbox, ["task", "create", "script", "--input", long]);
    const { jobs: [kept] } = await json(sandbox, ["task", "create", "script", "--input", long]);
    const worker = sandbox.spawn(["worker", "--concurrency", "2", "--drain", "300", "--json"]);
    for (const job of [doomed, kept]) {
      await waitFor(
        `${job.id} to start`,
        async () => (await filesIn(workspace(sandbox, job.id))).length > 0,
      );
    }
    await json(sandbox, ["task", "cancel", doomed.id]);
    await waitFor(
      "the running job to be cancelled",
      async () => (await json(sandbox, ["task", "show", doomed.id])).job.state === "cancelled",
    );
    worker.kill("SIGTERM");
    const output = await worker.output();
    assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
    const summary = JSON.parse(new TextDecoder().decode(output.stdout));
    assert.equal(summary.cancelled, 1);
    assert.equal(summary.released, 1);
    const { job } = await json(sandbox, ["task", "show", kept.id]);
    assert.equal(job.state, "queued");
    assert.equal(job.attempts, 0, "a released job keeps its attempts");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("worker --once: exit 1 when a job it ran died, 0 when all succeeded", async () => {
  const sandbox = await queueSandbox();
  try {
    await json(sandbox, ["task", "create", "noop"]);
    const fine = await sandbox.run(["worker", "--once", "--json"]);
    assert.equal(fine.code, 0, fine.stderr);
    assert.equal(JSON.parse(fine.stdout).dead, 0);
    await json(sandbox, [
      "task",
      "create",
      "script",
      "--max-attempts",
      "1",
      "--input",
      script({ op: "fail", message: "broken on purpose", retryable: false }),
    ]);
    const failed = await sandbox.run(["worker", "--once", "--json"]);
    assert.equal(failed.code, 1, failed.stderr);
    assert.equal(JSON.parse(failed.stdout).dead, 1);
  } finally {
    await sandbox.cleanup();
  }
});
