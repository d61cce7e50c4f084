/**
 * Plugins contribute doctor checks without the core importing them: with
 * `queue.backend: redis` pointing at a closed port, `doctor` reports the
 * Redis check as an error with its fix, and without it the check stays silent.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";

interface Finding {
  check: string;
  severity: string;
  message: string;
  fix?: string;
}

function findingsOf(stdout: string): Finding[] {
  const parsed = JSON.parse(stdout);
  return Array.isArray(parsed) ? parsed : parsed.findings;
}

Deno.test("doctor runs the redis plugin's check when the redis backend is configured", async () => {
  const sandbox = await createSandbox();
  try {
    assert.equal((await sandbox.run(["init"])).code, 0);
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const closedPort = (listener.addr as Deno.NetAddr).port;
    listener.close();
    const configPath = join(sandbox.project, ".claude/config.json");
    const config = JSON.parse(await Deno.readTextFile(configPath));
    config.queue = {
      ...config.queue,
      backend: "redis",
      redisUrl: `redis://127.0.0.1:${closedPort}`,
    };
    await Deno.writeTextFile(configPath, JSON.stringify(config, null, 2));
    const result = await sandbox.run(["doctor", "--json"]);
    const redis = findingsOf(result.stdout).filter((f) => f.check === "redis-queue");
    assert.ok(redis.length > 0, result.stdout);
    assert.equal(redis[0].severity, "error");
    assert.ok(redis[0].fix, "the finding names a fix");

    config.queue.backend = "sqlite";
    await Deno.writeTextFile(configPath, JSON.stringify(config, null, 2));
    const quiet = await sandbox.run(["doctor", "--json"]);
    assert.deepEqual(findingsOf(quiet.stdout).filter((f) => f.check === "redis-queue"), []);
  } finally {
    await sandbox.cleanup();
  }
});
