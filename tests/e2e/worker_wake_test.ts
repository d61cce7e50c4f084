/**
 * A job queued while a worker idles starts without waiting for the
 * worker's poll: with `queue.pollMs` at its maximum (60 s) the job of a
 * `task create` still finishes at once, because the enqueue wakes the
 * worker through its socket in `.claude/state/wake/`. The worker's socket
 * goes when it stops.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { json, queueSandbox, script, waitFor } from "./queue_fixture.ts";

Deno.test("worker wake: a queued job starts without waiting for the worker's 60 s poll", async () => {
  const sandbox = await queueSandbox({ queue: { pollMs: 60_000 } });
  const worker = sandbox.spawn(["worker", "--json"]);
  try {
    const wakeDir = join(sandbox.project, ".claude", "state", "wake");
    await waitFor("the worker's socket", async () => {
      const names = await Array.fromAsync(Deno.readDir(wakeDir)).catch(() => []);
      return names.some((entry) => entry.name.endsWith(".sock"));
    });
    // Idle now, and asleep for the next 60 s unless woken.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await json(sandbox, ["task", "create", "script", "--input", script()]);
      ids.push(created.jobs[0].id);
      await waitFor(`job ${i} to finish`, async () => {
        const { job } = await json(sandbox, ["task", "show", ids[i]]);
        return job.state === "succeeded";
      }, 20_000); // far below the 60 s poll: only a wake gets it there
    }
    worker.kill("SIGTERM");
    assert.equal((await worker.output()).code, 0);
    assert.deepEqual(await Array.fromAsync(Deno.readDir(wakeDir)), [], "its socket is gone");
  } finally {
    try {
      worker.kill("SIGKILL");
    } catch {
      // already ended
    }
    await sandbox.cleanup();
  }
});
