/**
 * The runtime takes providers and agent files from the installed plugin
 * host: without a host that is a clear error; a provider is created for the
 * config; an unknown one names the providers there are; a plugin whose
 * module creates a provider of another name is reported as its bug; agent
 * files carry the plugin they came from.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { collectPluginAgents, loadProvider } from "../../agents/plugin_contributions.ts";
import { defaultConfig } from "../../core/config/schema.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { installPluginHost } from "../../core/plugin_host/current.ts";
import { PluginHost } from "../../core/plugin_host/host.ts";
import { definePlugin } from "../../core/plugin_host/manifest.ts";
import { installBuiltinPlugins } from "../../plugins/builtin.ts";

const config = defaultConfig();
const failsWith = (code: string, pattern: RegExp) => (error: unknown) =>
  error instanceof SuperAgentsError && error.code === code &&
  pattern.test(`${error.message} ${error.hint}`);

Deno.test("without an installed host the runtime says where to install one", async () => {
  await assert.rejects(
    () => loadProvider("anthropic", config),
    failsWith(
      "PLUGIN_HOST_MISSING",
      /installPluginHost/,
    ),
  );
});

Deno.test("the built-in providers and agent files come from the host", async () => {
  installBuiltinPlugins();
  const local = await loadProvider("local", config);
  assert.equal(local.name, "local");
  assert.equal(local.usesModel, false);
  assert.equal(local.supports?.("test-executor-check"), true);
  assert.equal(local.supports?.("toString"), false);
  assert.equal((await loadProvider("anthropic", config)).executor, "anthropic");
  await assert.rejects(
    () => loadProvider("gpt", config),
    failsWith(
      "PROVIDER_NOT_FOUND",
      /"gpt".*anthropic, claude-code, local, anthropic-batch/,
    ),
  );
  const files = await collectPluginAgents();
  assert.ok(files.some((f) => f.plugin === "local" && f.fileName === "test-executor-check.md"));
  assert.ok(files.every((f) => f.markdown.startsWith("---\n")));
});

Deno.test("a provider module that creates another provider is the plugin's bug", async () => {
  const dir = await Deno.makeTempDir({ prefix: "provider-" });
  try {
    await Deno.writeTextFile(
      join(dir, "provider.js"),
      'export const createProvider = () => ({ name: "someone-else" });\n',
    );
    installPluginHost(
      new PluginHost([{
        manifest: definePlugin({
          name: "liar",
          version: "1.0.0",
          kind: "provider",
          summary: "declares one provider, creates another",
          providers: [{ name: "liar", summary: "", module: new URL(`file://${dir}/provider.js`) }],
        }),
      }]),
    );
    await assert.rejects(
      () => loadProvider("liar", config),
      failsWith(
        "PROVIDER_NOT_FOUND",
        /plugin liar declares provider liar but created someone-else.*bug in the liar plugin/,
      ),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
