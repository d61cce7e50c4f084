/**
 * Plugins' config sections: without a plugin host a top-level section the
 * kernel does not know is kept as written (for its plugin to validate with
 * `configSection`), while a misspelt kernel key is still an error; once a
 * host with a `config` contribution is installed, its section joins the
 * schema — defaults, layers and sources, environment variables, unknown
 * keys with a suggestion and invalid values naming the file — and a
 * section that takes a kernel section's name is refused.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadConfig, validateConfig } from "../../../core/config/load.ts";
import { configSection, prepareConfigSchema } from "../../../core/config/sections.ts";
import { createContext } from "../../../core/context.ts";
import { z } from "../../../core/deps.ts";
import { installPluginHost } from "../../../core/plugin_host/current.ts";
import { PluginHost } from "../../../core/plugin_host/host.ts";
import { definePlugin } from "../../../core/plugin_host/manifest.ts";

const GreetingSchema = z.object({
  greeting: z.string().min(1).default("Hello"),
  times: z.number().int().min(1).default(1),
});

async function setup(env: Record<string, string> = {}) {
  const base = await Deno.makeTempDir();
  const dataHome = join(base, "data");
  await Deno.mkdir(dataHome);
  const project = join(base, "project.json");
  const ctx = createContext({ cwd: base, home: base, dataHome, env: (name) => env[name] });
  return { base, ctx, project };
}

function hostWith(section: string, module: string): PluginHost {
  return new PluginHost([{
    manifest: definePlugin({
      name: "greeter",
      version: "1.0.0",
      kind: "integration",
      summary: "greets",
      config: { section, module },
    }),
  }]);
}

Deno.test("without a host, an unknown section is kept as written; a kernel typo is still an error", async () => {
  const { base, ctx, project } = await setup();
  try {
    await Deno.writeTextFile(project, JSON.stringify({ greeter: { times: 3 } }));
    const { config } = await loadConfig(ctx, { projectConfigPath: project });
    assert.deepEqual(configSection(config, "greeter", GreetingSchema), {
      greeting: "Hello",
      times: 3,
    });
    await Deno.writeTextFile(project, JSON.stringify({ greeter: { times: 0 } }));
    const loaded = await loadConfig(ctx, { projectConfigPath: project });
    assert.throws(() => configSection(loaded.config, "greeter", GreetingSchema), {
      code: "CONFIG_INVALID",
      message: /config key "greeter.times": Too small/,
    });
    await Deno.writeTextFile(project, JSON.stringify({ km: { portMn: 1 } }));
    const problems = await validateConfig(ctx, { projectConfigPath: project });
    assert.deepEqual(problems.map((p) => [p.origin, p.key]), [[project, "km.portMn"]]);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("with a host, a plugin's section is defaulted, layered, validated and named in errors", async () => {
  const { base, ctx, project } = await setup({ SUPER_AGENTS_GREETER_TIMES: "4" });
  const module = join(base, "greeter_config.ts");
  const deps = new URL("../../../core/deps.ts", import.meta.url).href;
  await Deno.writeTextFile(
    module,
    `import { z } from "${deps}";
export const schema = z.object({
  greeting: z.string().min(1).default("Hello"),
  times: z.number().int().min(1).default(1),
});
`,
  );
  try {
    installPluginHost(hostWith("greeter", `file://${module}`));
    await Deno.writeTextFile(project, JSON.stringify({ greeter: { greeting: "Hi" } }));
    const { config, sources } = await loadConfig(ctx, { projectConfigPath: project });
    assert.deepEqual((config as unknown as Record<string, unknown>).greeter, {
      greeting: "Hi",
      times: 4,
    });
    assert.deepEqual(
      [sources["greeter.greeting"], sources["greeter.times"], sources["km.portMin"]],
      ["project", "env", "default"],
    );

    await Deno.writeTextFile(project, JSON.stringify({ greeter: { greting: "Hi", times: 0 } }));
    const problems = await validateConfig(ctx, { projectConfigPath: project });
    assert.deepEqual(problems.map((p) => [p.origin, p.key, p.message]), [
      [project, "greeter.greting", 'unknown key (did you mean "greeter.greeting"?)'],
      [project, "greeter.times", "Too small: expected number to be >=1"],
    ]);
    await Deno.writeTextFile(project, JSON.stringify({ greeters: {} }));
    const typo = await validateConfig(ctx, { projectConfigPath: project });
    assert.deepEqual(typo.map((p) => [p.key, p.message]), [
      ["greeters", 'unknown key (did you mean "greeter"?)'],
    ]);

    installPluginHost(hostWith("km", `file://${module}`));
    await assert.rejects(prepareConfigSchema(), {
      code: "CONFIG_SECTION_INVALID",
      message: `the greeter plugin's config section "km" is a section of the kernel's`,
    });
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});
