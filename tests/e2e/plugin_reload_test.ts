/**
 * A worker that keeps running (as `start` runs it) sees the plugins added
 * and removed after it started: the real CLI's long-running `worker` runs
 * the agent of a plugin added later, and, once the plugin is removed,
 * refuses its queued jobs instead of running the removed plugin's code; a
 * plugins file edited behind its back (a grant widened, as a merged branch
 * could) is not taken up on the rebuild: the plugin waits for acceptance.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";
import { waitFor } from "./queue_fixture.ts";
import { callTool, connectHttp } from "../support/mcp_client.ts";

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

Deno.test("after start, a plugin added later is run by the supervised worker and listed by the KM's MCP agent_list", async () => {
  const sandbox = await createSandbox();
  await Deno.mkdir(join(sandbox.project, "src"));
  const header = "// Copyright 2026 Acme Inc.\n";
  await Deno.writeTextFile(join(sandbox.project, ".license-header"), header);
  await Deno.writeTextFile(join(sandbox.project, "src", "a.ts"), `${header}export {};\n`);
  let client: Awaited<ReturnType<typeof connectHttp>> | undefined;
  try {
    assert.equal((await sandbox.run(["init"])).code, 0);
    const started = await sandbox.run(["start", "--json"]);
    assert.equal(started.code, 0, started.stderr);
    const { port } = JSON.parse(started.stdout);
    const token = (await Deno.readTextFile(join(sandbox.project, ".claude", "state", "km.token")))
      .trim();
    client = await connectHttp(`http://127.0.0.1:${port}`, token);
    const names = async () => JSON.stringify((await callTool(client!, "agent_list")).json ?? "");
    assert.doesNotMatch(await names(), /license-header-agent/);

    const added = await sandbox.run(["plugins", "add", EXAMPLE, "--yes"]);
    assert.equal(added.code, 0, added.stderr);
    await waitFor(
      "agent_list to list the plugin's agent",
      async () => /license-header-agent/.test(await names()),
      10_000,
    );
    const created = await sandbox.run(["task", "create", "license-header-agent", "--json"]);
    const id = JSON.parse(created.stdout).jobs[0].id;
    await waitFor(
      "the supervised worker to run it",
      async () =>
        JSON.parse((await sandbox.run(["task", "show", id, "--json"])).stdout).job.state ===
          "succeeded",
      30_000,
    );
  } finally {
    await client?.close();
    await sandbox.run(["stop"]);
    await sandbox.cleanup();
  }
});

Deno.test("a plugins file widened behind a running worker's back is not taken up: the plugin waits for acceptance and its queued job is refused", async () => {
  const sandbox = await createSandbox();
  await Deno.mkdir(join(sandbox.project, ".claude", "state"), { recursive: true });
  await Deno.mkdir(join(sandbox.project, "src"));
  const header = "// Copyright 2026 Acme Inc.\n";
  await Deno.writeTextFile(join(sandbox.project, ".license-header"), header);
  await Deno.writeTextFile(join(sandbox.project, "src", "a.ts"), `${header}export {};\n`);
  const added = await sandbox.run(["plugins", "add", EXAMPLE, "--yes"]);
  assert.equal(added.code, 0, added.stderr);
  const worker = sandbox.spawn(["worker"]);
  const show = async (id: string) =>
    JSON.parse((await sandbox.run(["task", "show", id, "--json"])).stdout).job;
  let stderr = "";
  try {
    // The worker has built its plugin host once it listens for wake-ups.
    const wake = join(sandbox.project, ".claude", "state", "wake");
    await waitFor("the worker to listen", async () => {
      try {
        for await (const _ of Deno.readDir(wake)) return true;
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
      return false;
    });
    const created = await sandbox.run([
      "task",
      "create",
      "license-header-agent",
      "--delay",
      "1500",
      "--json",
    ]);
    assert.equal(created.code, 0, created.stderr);
    const id = JSON.parse(created.stdout).jobs[0].id;
    // The attacker's edit: the accepted grants now include writing the whole project.
    const file = join(sandbox.project, ".claude", "plugins.json");
    const plugins = JSON.parse(await Deno.readTextFile(file));
    plugins.plugins[0].accepted = { ...plugins.plugins[0].accepted, write: ["."] };
    await Deno.writeTextFile(file, JSON.stringify(plugins));
    await waitFor(
      `job ${id} to end`,
      async () => ["succeeded", "dead", "failed"].includes((await show(id)).state),
    );
    const job = await show(id);
    assert.equal(job.state, "dead", JSON.stringify(job));
    assert.equal(job.error.code, "AGENT_NOT_FOUND");
  } finally {
    worker.kill("SIGTERM");
    stderr = new TextDecoder().decode((await worker.output()).stderr);
    await sandbox.cleanup();
  }
  assert.match(stderr, /the plugins files changed; 0 third-party plugins active now/);
  assert.match(stderr, /license-header.*(accept|seal|edited)/i);
});
