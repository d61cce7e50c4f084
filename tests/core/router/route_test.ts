import assert from "node:assert/strict";
import { defaultConfig } from "../../../core/config/schema.ts";
import { routeAgent } from "../../../core/router/route.ts";
import { ModelsConfigSchema } from "../../../core/router/models_config.ts";

const models = defaultConfig().models;
const task = "implement the feature described in the issue and add tests for it";

Deno.test("default assignment: haiku guardians, opus reasoning, sonnet builders", () => {
  const tierOf = (agent: string) => routeAgent({ agent, task, models }).tier;
  assert.equal(tierOf("filesystem-guardian-agent"), "haiku");
  assert.equal(tierOf("incident-response-agent"), "haiku");
  assert.equal(tierOf("architect-agent"), "opus");
  assert.equal(tierOf("contract-guardian-agent"), "opus");
  assert.equal(tierOf("developer-agent"), "sonnet");
  assert.equal(tierOf("reviewer-agent"), "sonnet");
  assert.equal(tierOf("someone-unknown"), "sonnet");
});

Deno.test("chain starts at the tier and falls to the cheaper ones", () => {
  const opus = routeAgent({ agent: "architect-agent", task, models });
  assert.deepEqual(opus.chain, [models.opus, models.sonnet, models.haiku]);
  const haiku = routeAgent({ agent: "filesystem-guardian-agent", task, models });
  assert.deepEqual(haiku.chain, [models.haiku]);
});

Deno.test("matrix: hard work that can wait goes up, trivial work goes down", () => {
  const hard = routeAgent({
    agent: "developer-agent",
    task: "refactor the storage layer and migrate the schema across modules",
    models,
  });
  assert.equal(hard.tier, "opus");
  assert.equal(hard.complexity, "high");
  const trivial = routeAgent({ agent: "developer-agent", task: "fix a typo", models });
  assert.equal(trivial.tier, "haiku");
  const urgent = routeAgent({ agent: "architect-agent", task, urgency: "critical", models });
  assert.equal(urgent.tier, "sonnet");
  const off = routeAgent({
    agent: "developer-agent",
    task: "fix a typo",
    models: { ...models, matrix: false },
  });
  assert.equal(off.tier, "sonnet");
});

Deno.test("precedence: --model beats config beats the agent file", () => {
  const configured = ModelsConfigSchema.parse({ agents: { "developer-agent": { model: "opus" } } });
  assert.equal(
    routeAgent({ agent: "developer-agent", agentModel: "haiku", task, models: configured }).tier,
    "opus",
  );
  assert.equal(
    routeAgent({ agent: "developer-agent", agentModel: "haiku", task, models }).tier,
    "haiku",
  );
  const pinned = routeAgent({
    agent: "developer-agent",
    task: "fix a typo",
    override: "claude-sonnet-4-6",
    models,
  });
  assert.equal(pinned.model, "claude-sonnet-4-6");
  assert.equal(pinned.tier, "sonnet");
  assert.deepEqual(pinned.chain, ["claude-sonnet-4-6", models.haiku]);
});

Deno.test("fallback can be disabled per agent and globally", () => {
  const perAgent = ModelsConfigSchema.parse({ agents: { "architect-agent": { fallback: false } } });
  const decision = routeAgent({ agent: "architect-agent", task, models: perAgent });
  assert.deepEqual(decision.chain, [models.opus]);
  assert.equal(decision.fallback, false);
  assert.ok(decision.steps.some((s) => s.includes("fallback disabled for architect-agent")));
  const global = routeAgent({
    agent: "architect-agent",
    task,
    models: { ...models, fallback: false },
  });
  assert.deepEqual(global.chain, [models.opus]);
});

Deno.test("explain steps name every decision", () => {
  const decision = routeAgent({
    agent: "architect-agent",
    task,
    models,
    availability: (m) => m === models.sonnet ? "cooling-down" : "available",
  });
  assert.match(decision.steps.join("\n"), /default assignment for architect-agent: opus/);
  assert.match(decision.steps.join("\n"), /matrix: complexity/);
  assert.match(decision.steps.join("\n"), /claude-sonnet-5-5 is cooling-down/);
});
