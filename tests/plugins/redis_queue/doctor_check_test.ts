/**
 * The Redis doctor check: silent for the SQLite backend, an error with the
 * fix when the server does not answer, the version and the risky settings
 * (eviction, no persistence) of a live server.
 */
import assert from "node:assert/strict";
import { createContext } from "../../../core/context.ts";
import { defaultConfig } from "../../../core/config/schema.ts";
import type { DoctorEnv } from "../../../plugins/doctor/check.ts";
import { check, parseInfo, versionAtLeast } from "../../../plugins/redis_queue/doctor_check.ts";
import { REDIS_URL, SKIP_REASON } from "./redis_fixture.ts";
import { skipWithout } from "../../support/service.ts";

function env(queue: Partial<ReturnType<typeof defaultConfig>["queue"]>): DoctorEnv {
  const config = defaultConfig();
  return {
    ctx: createContext({}),
    config: { ...config, queue: { ...config.queue, ...queue } },
    km: () => Promise.resolve(undefined),
  };
}

Deno.test("redis doctor check: nothing to say for the sqlite backend; parses INFO", async () => {
  assert.deepEqual(await check.run(env({ backend: "sqlite" })), []);
  assert.deepEqual(parseInfo("# Server\r\nredis_version:7.0.15\r\nos:Linux"), {
    redis_version: "7.0.15",
    os: "Linux",
  });
  assert.equal(versionAtLeast("7.0.15", [6, 2]), true);
  assert.equal(versionAtLeast("6.0.9", [6, 2]), false);
});

Deno.test("redis doctor check: a server that does not answer is an error naming the fix", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const [finding] = await check.run(
    env({ backend: "redis", redisUrl: `redis://:pw@127.0.0.1:${port}` }),
  );
  assert.equal(finding.severity, "error");
  assert.match(finding.message, /cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1/);
  assert.match(finding.fix!, /queue.backend sqlite/);
});

Deno.test({
  name: "redis doctor check: a live server reports its version and risky settings",
  ignore: skipWithout(
    "redis",
    !!REDIS_URL,
    "bash scripts/services.sh start (installs redis-server)",
  ),
  async fn() {
    const findings = await check.run(env({ backend: "redis", redisUrl: REDIS_URL! }));
    assert.equal(findings[0].severity, "ok");
    assert.match(findings[0].message, /^Redis \d+\.\d+\.\d+ at redis:\/\/127\.0\.0\.1/);
    const { connectRedis } = await import("../../../plugins/redis_queue/connection.ts");
    const client = await connectRedis(REDIS_URL!);
    const [, save] = await client.config("GET", "save") as string[];
    const [, aof] = await client.config("GET", "appendonly") as string[];
    await client.quit();
    const warned = findings.some((f) =>
      f.severity === "warning" && /persists nothing/.test(f.message)
    );
    assert.equal(warned, !save && aof !== "yes", "warns exactly when nothing is persisted");
  },
});
if (!REDIS_URL) console.warn(SKIP_REASON);
