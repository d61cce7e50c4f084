import assert from "node:assert/strict";
import { join } from "node:path";
import { defaultConfig } from "../../../core/config/schema.ts";
import { createContext } from "../../../core/context.ts";
import { projectPaths } from "../../../core/paths.ts";
import { check } from "../../../plugins/analytics/doctor_check.ts";

Deno.test("doctor analytics check: ok with the history's size; a broken analytics section is an error naming the key and the fix; a left-over analytics.json asks for upgrade", async () => {
  const root = await Deno.makeTempDir({ prefix: "sa_doctor_analytics_" });
  const paths = projectPaths(root);
  await Deno.mkdir(paths.state, { recursive: true });
  const env = {
    ctx: createContext({ cwd: root }),
    config: defaultConfig(),
    paths,
    km: () => Promise.resolve(undefined),
  };
  try {
    const [ok] = await check.run(env);
    assert.equal(ok.severity, "ok");
    assert.match(ok.message, /^settings valid; 0 outcome\(s\) in the history$/);
    const broken = { ...env, config: { ...env.config, analytics: { routing: { explore: 3 } } } };
    const [bad] = await check.run(broken as typeof env);
    assert.equal(bad.severity, "error");
    assert.match(bad.message, /analytics\.routing\.explore/);
    assert.match(bad.fix ?? "", /fix "analytics\.routing\.explore"/);
    await Deno.writeTextFile(join(paths.claude, "analytics.json"), "{}");
    const [legacy] = await check.run(env);
    assert.equal(legacy.severity, "warning");
    assert.match(legacy.fix ?? "", /super-agents upgrade/);
    assert.deepEqual(
      await check.run({ ...env, paths: undefined }),
      [],
      "outside a project: nothing to check",
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
