/**
 * `status` reports the database size, queue counts from the configured queue
 * backend (SQLite's `queue.db`, read-only) and the number of agent
 * definitions, in text and JSON.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { defaultConfig } from "../../core/config/schema.ts";
import { projectPaths } from "../../core/paths.ts";
import { openQueue } from "../../core/queue/queue.ts";
import { kmSandbox } from "../plugins/km/km_sandbox.ts";

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

Deno.test("status counts what the configured backend holds", async () => {
  const box = await kmSandbox();
  try {
    const fresh = JSON.parse((await box.run(["status", "--json"])).stdout);
    assert.deepEqual(fresh.queue, { available: false, reason: "no queue database yet" });
    const queue = await openQueue(projectPaths(box.project), defaultConfig());
    await queue.enqueueMany([{ agent: "a" }, { agent: "a" }, { agent: "a" }]);
    await queue.claim("w1", 60_000);
    const stats = await queue.stats();
    await queue.close();
    const sqlite = JSON.parse((await box.run(["status", "--json"])).stdout);
    assert.deepEqual(sqlite.queue, {
      available: true,
      counts: { queued: 2, leased: 1 },
      total: stats.total,
    });

    // Not queue.db: on Redis the Redis queue answers (here: that it is down).
    const port = closedPort();
    await Deno.writeTextFile(
      join(box.project, ".claude", "config.json"),
      JSON.stringify({ queue: { backend: "redis", redisUrl: `redis://127.0.0.1:${port}` } }),
    );
    const result = await box.run(["status", "--json"]);
    assert.equal(result.code, 3, result.stderr); // the KM part still reports
    const redis = JSON.parse(result.stdout);
    assert.equal(redis.queue.available, false);
    assert.match(redis.queue.reason, new RegExp(`Redis at redis://127.0.0.1:${port}`));
  } finally {
    await box.cleanup();
  }
});

/** A local port nothing listens on (just closed). */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}
