/**
 * `loadConfigCached` returns exactly what `loadConfig` returns, reuses it only
 * while every input is unchanged (files, environment, flags), ignores a
 * tampered cache, and still reports an invalid configuration.
 */
import { deepStrictEqual, equal, notDeepStrictEqual, rejects } from "node:assert/strict";
import { join } from "node:path";
import { globalConfigFile, loadConfigCached } from "../../../core/config/cached_load.ts";
import { globalConfigPath, loadConfig } from "../../../core/config/load.ts";
import { createContext } from "../../../core/context.ts";
import { SuperAgentsError } from "../../../core/errors.ts";

async function withHome(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "config-cache-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function contextIn(dir: string, env: Record<string, string> = {}) {
  return createContext({ home: dir, dataHome: join(dir, "data"), cwd: dir, env: (n) => env[n] });
}

async function cacheFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(join(dir, "data", "cache"))) names.push(entry.name);
  return names;
}

Deno.test("the cached load equals loadConfig, first and second time", () =>
  withHome(async (dir) => {
    const project = join(dir, "config.json");
    await Deno.writeTextFile(project, JSON.stringify({ km: { portMin: 6001, portMax: 6010 } }));
    const ctx = contextIn(dir, { SUPER_AGENTS_LOG_LEVEL: "debug" });
    const fresh = await loadConfig(ctx, { projectConfigPath: project });
    deepStrictEqual(await loadConfigCached(ctx, { projectConfigPath: project }), fresh);
    equal((await cacheFiles(dir)).length, 1);
    deepStrictEqual(await loadConfigCached(ctx, { projectConfigPath: project }), fresh);
  }));

Deno.test("a changed file, variable or flag is seen at once", () =>
  withHome(async (dir) => {
    const project = join(dir, "config.json");
    await Deno.writeTextFile(project, JSON.stringify({ km: { portMin: 5001 } }));
    const first = await loadConfigCached(contextIn(dir), { projectConfigPath: project });
    equal(first.config.km.portMin, 5001);
    await Deno.writeTextFile(project, JSON.stringify({ km: { portMin: 5002 } }));
    equal(
      (await loadConfigCached(contextIn(dir), { projectConfigPath: project })).config.km.portMin,
      5002,
    );
    const withEnv = contextIn(dir, { SUPER_AGENTS_PORT_MIN: "5003" });
    equal(
      (await loadConfigCached(withEnv, { projectConfigPath: project })).config.km.portMin,
      5003,
    );
    const flagged = await loadConfigCached(contextIn(dir), {
      projectConfigPath: project,
      flags: { "km.portMin": 5004 },
    });
    equal(flagged.config.km.portMin, 5004);
    await Deno.mkdir(join(dir, "data"), { recursive: true });
    await Deno.writeTextFile(
      globalConfigFile(contextIn(dir)),
      JSON.stringify({ log: { level: "warn" } }),
    );
    equal(
      (await loadConfigCached(contextIn(dir), { projectConfigPath: project })).config.log.level,
      "warn",
    );
  }));

Deno.test("a tampered cache is ignored", () =>
  withHome(async (dir) => {
    const ctx = contextIn(dir);
    const fresh = await loadConfigCached(ctx, {});
    const [name] = await cacheFiles(dir);
    const path = join(dir, "data", "cache", name);
    const file = JSON.parse(await Deno.readTextFile(path));
    file.loaded.config.km.portMin = 1;
    await Deno.writeTextFile(path, JSON.stringify(file));
    deepStrictEqual(await loadConfigCached(ctx, {}), fresh);
    notDeepStrictEqual(fresh.config.km.portMin, 1);
    await Deno.writeTextFile(path, "{ not json");
    deepStrictEqual(await loadConfigCached(ctx, {}), fresh);
  }));

Deno.test("an invalid configuration is still an error after a cached success", () =>
  withHome(async (dir) => {
    const project = join(dir, "config.json");
    await Deno.writeTextFile(project, JSON.stringify({ km: { portMin: 5001 } }));
    await loadConfigCached(contextIn(dir), { projectConfigPath: project });
    await Deno.writeTextFile(project, JSON.stringify({ km: { portMin: "six" } }));
    await rejects(
      loadConfigCached(contextIn(dir), { projectConfigPath: project }),
      SuperAgentsError,
    );
  }));

Deno.test("the global config path agrees with load.ts", () => {
  const ctx = contextIn("/somewhere");
  equal(globalConfigFile(ctx), globalConfigPath(ctx));
});
