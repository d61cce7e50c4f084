/**
 * The queue's agent resolver: local agents run on the `local` executor with
 * only their own permissions (no network); model agents get the template,
 * the key and the SDK's variables, or fail at once without a key; a
 * provider that cannot run queued jobs is named with the fix; an untrusted
 * agent is refused with the widened grants, `agents trust` and `dlq retry`.
 */
import assert from "node:assert/strict";
import { loadCatalog } from "../../../agents/catalog.ts";
import type { AgentDefinition } from "../../../agents/definition.ts";
import { agentResolver } from "../../../agents/runtime/resolve_agent.ts";
import { defaultConfig } from "../../../core/config/schema.ts";
import { SuperAgentsError } from "../../../core/errors.ts";
import { projectPaths } from "../../../core/paths.ts";
import { containmentOf, workerPermissions } from "../../../core/pool/sandbox.ts";
import { collectPluginAgents, loadProvider } from "../../../agents/plugin_contributions.ts";
import { installBuiltinPlugins } from "../../../plugins/builtin.ts";

installBuiltinPlugins();
const config = defaultConfig();
const paths = projectPaths("/tmp/resolve-agent-project");
const place = {
  root: paths.root,
  workspacesDir: paths.workspaces,
  modelApiHost: "api.anthropic.com",
};

async function resolver(env: Record<string, string>, extra: AgentDefinition[] = []) {
  const catalog = await loadCatalog({ pluginAgents: await collectPluginAgents() });
  return agentResolver({
    loadCatalog: () =>
      Promise.resolve({
        get: (name: string) => extra.find((d) => d.name === name) ?? catalog.get(name),
        trust: catalog.trust,
      }),
    loadProvider: (name) => loadProvider(name, config),
    paths,
    config,
    env: (name) => env[name],
  });
}

Deno.test("resolver: a local agent runs on the local executor without network", async () => {
  const resolve = await resolver({});
  const scan = await resolve("secret-scan");
  assert.equal(scan.executor, "local");
  const permissions = workerPermissions(scan.sandbox, place);
  assert.equal(permissions.net, false);
  assert.deepEqual(permissions.read, [paths.root]);
  // git for the checks' own calls, plus bubblewrap, through which every contained child starts.
  const containment = containmentOf(place);
  assert.deepEqual(
    permissions.run,
    containment.kind === "bubblewrap" ? ["git", containment.path] : ["git"],
  );
  const settings = scan.agentConfig as { checks: unknown; template: { agent: { name: string } } };
  assert.equal(settings.template.agent.name, "secret-scan");
  assert.deepEqual(settings.checks, config.checks);
});

Deno.test("resolver: a model agent needs the key; with it, the sandbox reaches the API host", async () => {
  const missing = await resolver({});
  await assert.rejects(
    missing("developer-agent"),
    (error) => error instanceof SuperAgentsError && error.code === "NO_API_KEY",
  );
  const resolve = await resolver({
    ANTHROPIC_API_KEY: "sk-test",
    ANTHROPIC_BASE_URL: "http://127.0.0.1:4999",
  });
  const developer = await resolve("developer-agent");
  assert.equal(developer.executor, "anthropic");
  const permissions = workerPermissions(developer.sandbox, place);
  assert.ok((permissions.net as string[]).includes("127.0.0.1:4999"));
  assert.ok((permissions.env as string[]).includes("ANTHROPIC_CUSTOM_HEADERS"));
  const agentConfig = developer.agentConfig as { env: Record<string, string> };
  assert.equal(agentConfig.env.ANTHROPIC_API_KEY, "sk-test");
});

Deno.test("resolver: an agent whose provider cannot run queued jobs is refused with the fix", async () => {
  const catalog = await loadCatalog({ pluginAgents: await collectPluginAgents() });
  const headless = { ...catalog.get("reviewer-agent"), name: "headless-reviewer" };
  headless.provider = "claude-code";
  const resolve = await resolver({ ANTHROPIC_API_KEY: "sk-test" }, [headless]);
  await assert.rejects(
    resolve("headless-reviewer"),
    (error) =>
      error instanceof SuperAgentsError && error.code === "AGENT_EXECUTOR_MISSING" &&
      /claude-code/.test(error.message) &&
      /super-agents run headless-reviewer/.test(error.hint ?? ""),
  );
  assert.equal((await resolve("noop")).executor, "noop");
});

Deno.test("resolver: a project agent that widens its grants is refused until trusted", async () => {
  const catalog = await loadCatalog({ pluginAgents: await collectPluginAgents() });
  const shipped = catalog.get("reviewer-agent");
  const widened: AgentDefinition = {
    ...shipped,
    permissions: { ...shipped.permissions, run: ["git", "sh"] },
    source: { kind: "project", file: `${paths.agents}/reviewer-agent.md` },
  };
  const resolve = await resolver({ ANTHROPIC_API_KEY: "sk-test" }, [widened]);
  await assert.rejects(
    resolve("reviewer-agent", { id: "job_abc", input: {} }),
    (error) =>
      error instanceof SuperAgentsError && error.code === "AGENT_UNTRUSTED" &&
      /run: \+sh/.test(error.message) &&
      /waiting for trust: run `super-agents agents trust reviewer-agent`, then `super-agents dlq retry job_abc`/
        .test(error.message),
  );
  const narrowed = { ...widened, permissions: { ...shipped.permissions, run: false } };
  const allowed = await resolver({ ANTHROPIC_API_KEY: "sk-test" }, [narrowed]);
  assert.equal((await allowed("reviewer-agent")).executor, "anthropic");
});
