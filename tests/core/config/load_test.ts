import assert from "node:assert/strict";
import { join } from "node:path";
import { createContext } from "../../../core/context.ts";
import { loadConfig, validateConfig } from "../../../core/config/load.ts";
import { SuperAgentsError } from "../../../core/errors.ts";

async function setup(env: Record<string, string> = {}) {
  const base = await Deno.makeTempDir();
  const dataHome = join(base, "data");
  await Deno.mkdir(dataHome);
  const project = join(base, "project.json");
  const ctx = createContext({ cwd: base, home: base, dataHome, env: (name) => env[name] });
  return { base, ctx, global: join(dataHome, "config.json"), project };
}

Deno.test("precedence: defaults < global < project < environment < flags", async () => {
  const env = { SUPER_AGENTS_KM_PORT_MAX: "6010", SUPER_AGENTS_PORT_MIN: "6003" };
  const { base, ctx, global, project } = await setup(env);
  try {
    await Deno.writeTextFile(global, JSON.stringify({ km: { portMin: 6001, host: "127.0.0.2" } }));
    await Deno.writeTextFile(project, JSON.stringify({ km: { portMin: 6002, logMaxBytes: 1234 } }));
    const { config, sources } = await loadConfig(ctx, {
      projectConfigPath: project,
      flags: { "km.portMin": 6005 },
    });
    assert.equal(config.km.portMin, 6005);
    assert.equal(sources["km.portMin"], "flag");
    assert.equal(config.km.portMax, 6010);
    assert.equal(sources["km.portMax"], "env");
    assert.equal(config.km.logMaxBytes, 1234);
    assert.equal(sources["km.logMaxBytes"], "project");
    assert.equal(config.km.host, "127.0.0.2");
    assert.equal(sources["km.host"], "global");
    assert.equal(sources["log.level"], "default");
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("an unknown key names the file and the closest valid key", async () => {
  const { base, ctx, project } = await setup();
  try {
    await Deno.writeTextFile(project, JSON.stringify({ km: { portMn: 6000 } }));
    await assert.rejects(loadConfig(ctx, { projectConfigPath: project }), (error: unknown) => {
      assert.ok(error instanceof SuperAgentsError);
      assert.ok(error.message.startsWith(`${project}: key "km.portMn": unknown key`));
      assert.match(error.message, /did you mean "km.portMin"/);
      assert.equal(error.details?.key, "km.portMn");
      return true;
    });
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("validate reports every problem of every layer with file and key", async () => {
  const { base, ctx, global, project } = await setup({ SUPER_AGENTS_LOG_LEVEL: "loud" });
  try {
    await Deno.writeTextFile(global, "{ broken");
    await Deno.writeTextFile(
      project,
      JSON.stringify({ queue: { backend: "kafka" }, pool: { maxWorkers: 0 }, portMin: 1 }),
    );
    const problems = await validateConfig(ctx, { projectConfigPath: project });
    const found = problems.map((p) => `${p.origin}|${p.key}`);
    assert.ok(found.includes(`${global}|(syntax)`));
    assert.ok(found.includes(`${project}|queue.backend`));
    assert.ok(found.includes(`${project}|pool.maxWorkers`));
    assert.ok(found.includes(`${project}|portMin`));
    assert.match(problems.find((p) => p.key === "portMin")!.message, /did you mean "km.portMin"/);
    assert.ok(found.some((f) => f.startsWith("SUPER_AGENTS_LOG_LEVEL")), found.join("\n"));
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("a port range that is empty across layers is reported with both layers", async () => {
  const { base, ctx, project } = await setup({ SUPER_AGENTS_PORT_MAX: "5050" });
  try {
    await Deno.writeTextFile(project, JSON.stringify({ km: { portMin: 5060 } }));
    const [problem] = await validateConfig(ctx, { projectConfigPath: project });
    assert.match(problem.origin, /km.portMin from project, km.portMax from env/);
    await assert.rejects(loadConfig(ctx, { projectConfigPath: project }), /above km.portMax/);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});
