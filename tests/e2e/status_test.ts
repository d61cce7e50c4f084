/**
 * `status` reports the database size, queue counts from `queue.db` and the
 * number of agent definitions, in text and JSON.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { kmSandbox } from "../core/km/km_sandbox.ts";

Deno.test("status counts queue jobs by state and agent definitions", async () => {
  const box = await kmSandbox();
  try {
    const claude = join(box.project, ".claude");
    await Deno.mkdir(join(claude, "agents"), { recursive: true });
    await Deno.mkdir(join(claude, "state"), { recursive: true });
    await Deno.writeTextFile(join(claude, "agents", "reviewer-agent.md"), "---\nname: r\n---\n");
    await Deno.writeTextFile(join(claude, "agents", "developer-agent.md"), "---\nname: d\n---\n");
    await Deno.writeTextFile(join(claude, "agents", "notes.txt"), "not an agent");
    const db = new DatabaseSync(join(claude, "state", "queue.db"));
    db.exec("CREATE TABLE jobs (id INTEGER PRIMARY KEY, state TEXT NOT NULL)");
    db.exec("INSERT INTO jobs (state) VALUES ('pending'), ('pending'), ('running'), ('done')");
    db.close();

    const result = await box.run(["status", "--json"]);
    assert.equal(result.code, 3, result.stderr); // KM stopped
    const report = JSON.parse(result.stdout);
    assert.equal(report.agents, 2);
    assert.deepEqual(report.queue, {
      available: true,
      counts: { pending: 2, running: 1, done: 1 },
      total: 4,
    });
    assert.equal(report.km.status, "stopped");

    const text = await box.run(["status"]);
    assert.match(text.stdout, /queue\s+done 1, pending 2, running 1/);
    assert.match(text.stdout, /agents\s+2/);
  } finally {
    await box.cleanup();
  }
});

Deno.test("status tolerates a queue database without a jobs table", async () => {
  const box = await kmSandbox();
  try {
    const state = join(box.project, ".claude", "state");
    await Deno.mkdir(state, { recursive: true });
    new DatabaseSync(join(state, "queue.db")).close();
    const report = JSON.parse((await box.run(["status", "--json"])).stdout);
    assert.deepEqual(report.queue, {
      available: false,
      reason: "queue database has no jobs table",
    });
  } finally {
    await box.cleanup();
  }
});
