/**
 * A layer whose only problems are in plugins' sections does not stop a
 * run: `loadConfig` warns once per problem (file, key, fix), goes on with
 * the rest of the layer, and keeps the section as written so its plugin's
 * own validation refuses it (that plugin is off). `config validate` still
 * reports the problems, and a problem in a kernel key is still an error.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadConfig, validateConfig } from "../../../core/config/load.ts";
import { configSection } from "../../../core/config/sections.ts";
import { createContext } from "../../../core/context.ts";
import { z } from "../../../core/deps.ts";
import { installPluginHost } from "../../../core/plugin_host/current.ts";
import { PluginHost } from "../../../core/plugin_host/host.ts";
import { definePlugin } from "../../../core/plugin_host/manifest.ts";

const Schema = z.object({ times: z.number().int().min(1).default(1) });

Deno.test("loadConfig: a broken plugin section is a warning naming file, key and fix; the rest of the layer applies; the plugin's own validation refuses it", async () => {
  const base = await Deno.makeTempDir();
  const dataHome = join(base, "data");
  await Deno.mkdir(dataHome);
  const project = join(base, "config.json");
  const stderr: string[] = [];
  const ctx = createContext(
    {
      cwd: base,
      home: base,
      dataHome,
      env: () => undefined,
      stderr: { write: (text: string) => void stderr.push(text), isTerminal: false },
    } as Parameters<typeof createContext>[0],
  );
  const module = join(base, "greeter_config.ts");
  const deps = new URL("../../../core/deps.ts", import.meta.url).href;
  await Deno.writeTextFile(
    module,
    `import { z } from "${deps}";\nexport const schema = z.object({ times: z.number().int().min(1).default(1) });\n`,
  );
  installPluginHost(
    new PluginHost([{
      manifest: definePlugin({
        name: "greeter",
        version: "1.0.0",
        kind: "integration",
        summary: "greets",
        config: { section: "greeter", module: `file://${module}` },
      }),
    }]),
  );
  try {
    await Deno.writeTextFile(
      project,
      JSON.stringify({ km: { portMin: 5050 }, greeter: { times: 0 } }),
    );
    const { config, notices } = await loadConfig(ctx, { projectConfigPath: project });
    assert.equal(config.km.portMin, 5050, "the layer's other keys apply");
    assert.equal(notices?.length, 1);
    assert.match(
      notices![0],
      new RegExp(`${project.replaceAll("/", "\\/")}: key "greeter\\.times"`),
    );
    assert.match(notices![0], /fix "greeter\.times" in/);
    assert.match(notices![0], /"greeter" plugin settings are off for this run/);
    assert.ok(stderr.join("").includes('key "greeter.times"'), "printed on stderr");
    assert.throws(() => configSection(config, "greeter", Schema), { code: "CONFIG_INVALID" });
    const problems = await validateConfig(ctx, { projectConfigPath: project });
    assert.deepEqual(problems.map((p) => p.key), ["greeter.times"]);

    // The same from the environment: the variable is named, the rest of the run goes on.
    await Deno.writeTextFile(project, "{}");
    const fromEnv = await loadConfig(
      createContext(
        {
          cwd: base,
          home: base,
          dataHome,
          env: (name: string) => name === "SUPER_AGENTS_GREETER_TIMES" ? "0" : undefined,
          stderr: { write: () => {}, isTerminal: false },
        } as Parameters<typeof createContext>[0],
      ),
      { projectConfigPath: project },
    );
    assert.match(fromEnv.notices?.[0] ?? "", /SUPER_AGENTS_GREETER_TIMES \(environment\)/);
    assert.match(fromEnv.notices?.[0] ?? "", /set SUPER_AGENTS_GREETER_TIMES to a valid value/);
    assert.throws(() => configSection(fromEnv.config, "greeter", Schema), {
      code: "CONFIG_INVALID",
    });

    // A kernel problem in the same layer is still an error.
    await Deno.writeTextFile(
      project,
      JSON.stringify({ km: { portMin: "x" }, greeter: { times: 0 } }),
    );
    await assert.rejects(loadConfig(ctx, { projectConfigPath: project }), {
      code: "CONFIG_INVALID",
    });
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});
