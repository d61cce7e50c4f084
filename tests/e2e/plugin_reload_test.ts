/**
 * A worker that keeps running (as `start` runs it) sees the plugins added
 * and removed after it started: the real CLI's long-running `worker` runs
 * the agent of a plugin added later, and, once the plugin is removed,
 * refuses its queued jobs instead of running the removed plugin's code.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";
import { waitFor } from "./queue_fixture.ts";

const EXAMPLE = new URL("../../examples/plugins/license-header", import.meta.url).pathname;

Deno.test("a running worker picks up a plugin added after it started, and drops one removed", async () => {
  const sandbox = await createSandbox();
  await Deno.mkdir(join(sandbox.project, ".claude", "state"), { recursive: true });
  await Deno.mkdir(join(sandbox.project, "src"));
  const header = "// Copyright 2026 Acme Inc.\n";
  await Deno.writeTextFile(join(sandbox.project, ".license-header"), header);
  await Deno.writeTextFile(join(sandbox.project, "src", "a.ts"), `${header}export {};\n`);
  const worker = sandbox.spawn(["worker"]);
  const show = async (id: string) =>
    JSON.parse((await sandbox.run(["task", "show", id, "--json"])).stdout).job;
  const queue = async (...flags: string[]) => {
    const created = await sandbox.run([
      "task",
      "create",
      "license-header-agent",
      ...flags,
      "--json",
    ]);
    assert.equal(created.code, 0, created.stderr);
    return JSON.parse(created.stdout).jobs[0].id as string;
  };
  const settled = async (id: string) => {
    await waitFor(
      `job ${id} to end`,
      async () => ["succeeded", "dead", "failed"].includes((await show(id)).state),
    );
    return await show(id);
  };
  let stderr = "";
  try {
    // The worker is up (it queued nothing yet) before the plugin exists.
    await waitFor(
      "the worker to start",
      () =>
        Deno.stat(join(sandbox.project, ".claude", "state", "queue.db")).then(
          () => true,
          () => false,
        ),
    );
    const added = await sandbox.run(["plugins", "add", EXAMPLE, "--yes"]);
    assert.equal(added.code, 0, added.stderr);
    const ran = await settled(await queue());
    assert.equal(ran.state, "succeeded", JSON.stringify(ran));
    assert.deepEqual(ran.result.checked, ["src/a.ts"]);

    // Queued while the plugin is there, claimed after it was removed: refused, not run.
    const later = await queue("--delay", "1500");
    const removed = await sandbox.run(["plugins", "remove", "license-header"]);
    assert.equal(removed.code, 0, removed.stderr);
    const refused = await settled(later);
    assert.equal(refused.state, "dead", JSON.stringify(refused));
    assert.equal(refused.error.code, "AGENT_NOT_FOUND", JSON.stringify(refused.error));
  } finally {
    worker.kill("SIGTERM");
    stderr = new TextDecoder().decode((await worker.output()).stderr);
    await sandbox.cleanup();
  }
  assert.match(stderr, /the plugins files changed; 1 third-party plugins active now/);
  assert.match(stderr, /the plugins files changed; 0 third-party plugins active now/);
});
