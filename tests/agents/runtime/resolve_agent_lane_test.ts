/**
 * Lanes by provider: the queue's agent resolver puts model-bound agents
 * (the anthropic, anthropic-batch and claude-code providers) in the model
 * lane, and local checks and the built-in script/noop agents in the CPU lane.
 */
import assert from "node:assert/strict";
import { loadCatalog } from "../../../agents/catalog.ts";
import {
  agentResolver,
  BUILTIN_AGENTS,
  laneOfProvider,
} from "../../../agents/runtime/resolve_agent.ts";
import { collectPluginAgents, loadProvider } from "../../../agents/plugin_contributions.ts";
import { defaultConfig } from "../../../core/config/schema.ts";
import { projectPaths } from "../../../core/paths.ts";
import { installBuiltinPlugins } from "../../../plugins/builtin.ts";

installBuiltinPlugins();

Deno.test("lane by provider: model providers wait on the API, the rest on the CPU", () => {
  for (const provider of ["anthropic", "anthropic-batch", "claude-code"]) {
    assert.equal(laneOfProvider(provider), "model", provider);
  }
  for (const provider of ["local", "script", "noop", "something-else"]) {
    assert.equal(laneOfProvider(provider), "cpu", provider);
  }
});

Deno.test("lane by provider: the resolver puts a model agent in the model lane, a check in the CPU lane", async () => {
  const config = defaultConfig();
  const catalog = await loadCatalog({ pluginAgents: await collectPluginAgents() });
  const resolve = agentResolver({
    loadCatalog: () => Promise.resolve(catalog),
    loadProvider: (name) => loadProvider(name, config),
    paths: projectPaths("/tmp/resolve-lane-project"),
    config,
    env: (name) => ({ ANTHROPIC_API_KEY: "sk-test" } as Record<string, string>)[name],
  });
  assert.equal((await resolve("reviewer-agent")).lane, "model");
  assert.notEqual((await resolve("secret-scan")).lane, "model");
  assert.notEqual(BUILTIN_AGENTS.script.lane, "model");
  assert.notEqual(BUILTIN_AGENTS.noop.lane, "model");
});
