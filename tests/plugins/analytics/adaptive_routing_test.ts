import assert from "node:assert/strict";
import { defaultConfig } from "../../../core/config/schema.ts";
import { routeAgent } from "../../../core/router/route.ts";
import { defaults } from "../../../plugins/analytics/config.ts";
import { choosePolicy } from "../../../plugins/analytics/routing/policy.ts";
import { adaptiveChooser } from "../../../plugins/analytics/routing/tier_chooser.ts";
import { seededRandom } from "../../../plugins/analytics/stats/seeded_random.ts";
import { outcome, tempStore } from "./history_rows.ts";

const NOW = 1_800_000_000_000;
const models = defaultConfig().models;
const settings = { ...defaults, routing: { ...defaults.routing, explore: 0 } };

function seed(
  store: Awaited<ReturnType<typeof tempStore>>["store"],
  tier: string,
  ok: number,
  failed: number,
  from: number,
) {
  for (let i = 0; i < ok + failed; i++) {
    store.record(outcome({
      tier,
      model: models[tier as "opus"],
      outcome: i < failed ? "dead" : "succeeded",
      costUsd: tier === "opus" ? 0.05 : 0.012,
      finishedAt: from + i * 1000,
    }));
  }
}

function route(
  chooser: ReturnType<typeof adaptiveChooser>,
  extra: Partial<Parameters<typeof routeAgent>[0]> = {},
) {
  return routeAgent({
    agent: "architect-agent",
    agentModel: "opus",
    task: "design the cache layer",
    models: { ...models, matrix: false },
    chooser,
    ...extra,
  });
}

Deno.test("adaptive routing: opus → sonnet once sonnet meets the target, explained with the evidence", async () => {
  const { store, cleanup } = await tempStore();
  try {
    seed(store, "opus", 20, 0, NOW - 3_600_000);
    const chooser = adaptiveChooser(store, settings, () => NOW);
    assert.equal(route(chooser).tier, "opus"); // sonnet has no outcomes yet: opus meets, cheapest meeting
    seed(store, "sonnet", 47, 3, NOW - 1_800_000);
    const decision = route(chooser);
    assert.equal(decision.tier, "sonnet");
    assert.equal(decision.model, models.sonnet);
    assert.deepEqual(decision.chain.slice(0, 1), [models.sonnet]);
    assert.ok(
      decision.steps.includes("adaptive: sonnet: 47 of 50 succeeded at $0.0120 median"),
      decision.steps.join("\n"),
    );
    assert.ok(decision.steps.includes("adaptive: haiku: no outcomes yet"));
    assert.ok(
      decision.steps.some((s) =>
        s.includes("sonnet is the cheapest tier at or above the 90% target on design")
      ),
    );
    assert.ok(decision.steps.includes("adaptive: opus → sonnet"));
  } finally {
    await cleanup();
  }
});

Deno.test("adaptive routing: a failure escalates at once; sustained failures move it back up to opus", async () => {
  const { store, cleanup } = await tempStore();
  try {
    seed(store, "opus", 20, 0, NOW - 7_200_000);
    seed(store, "sonnet", 30, 0, NOW - 3_600_000);
    const chooser = adaptiveChooser(store, settings, () => NOW);
    assert.equal(route(chooser).tier, "sonnet");
    store.record(outcome({ tier: "sonnet", outcome: "dead", finishedAt: NOW - 1000 }));
    const escalated = route(chooser);
    assert.equal(escalated.tier, "opus");
    assert.ok(
      escalated.steps.includes("adaptive: the last design task on sonnet failed: escalate to opus"),
    );
    store.record(outcome({ tier: "opus", model: models.opus, finishedAt: NOW - 900 }));
    assert.equal(
      route(chooser).tier,
      "sonnet",
      "back to sonnet after opus succeeded (sonnet still meets)",
    );
    // Ten more sonnet failures: 30 of 41 (73%) is below 90%, so sonnet misses and opus is chosen.
    for (let i = 0; i < 10; i++) {
      store.record(outcome({ tier: "sonnet", outcome: "failed", finishedAt: NOW - 800 + i }));
    }
    store.record(outcome({ tier: "opus", model: models.opus, finishedAt: NOW - 10 }));
    const back = route(chooser);
    assert.equal(back.tier, "opus");
    assert.ok(
      back.steps.includes("adaptive: sonnet: 30 of 41 succeeded at $0.0120 median"),
      back.steps.join("\n"),
    );
    assert.ok(back.steps.includes("adaptive: sonnet → opus") === false); // base was opus: no move
    assert.ok(
      back.steps.some((s) => s.includes("opus is the cheapest tier at or above the 90% target")),
    );
  } finally {
    await cleanup();
  }
});

Deno.test("adaptive routing: a downstream review or test failure counts against the tier", async () => {
  const { store, cleanup } = await tempStore();
  try {
    seed(store, "opus", 20, 0, NOW - 7_200_000);
    for (let i = 0; i < 20; i++) {
      store.record(
        outcome({
          tier: "sonnet",
          review: i < 5 ? "fail" : "pass",
          finishedAt: NOW - 3_600_000 + i,
        }),
      );
    }
    store.record(outcome({ tier: "opus", model: models.opus, finishedAt: NOW - 5 }));
    const decision = route(adaptiveChooser(store, settings, () => NOW));
    assert.equal(decision.tier, "opus");
    assert.ok(decision.steps.includes("adaptive: sonnet: 15 of 20 succeeded at $0.0100 median"));
  } finally {
    await cleanup();
  }
});

Deno.test("adaptive routing: an explicit model always wins (--model, a full id in the agent file or config)", async () => {
  const { store, cleanup } = await tempStore();
  try {
    seed(store, "haiku", 50, 0, NOW - 3_600_000);
    const chooser = adaptiveChooser(store, settings, () => NOW);
    assert.equal(route(chooser).tier, "haiku");
    assert.equal(route(chooser, { override: "opus" }).model, models.opus);
    assert.equal(route(chooser, { override: "claude-opus-4-1" }).model, "claude-opus-4-1");
    assert.equal(route(chooser, { agentModel: models.opus }).model, models.opus);
    const pinned = route(chooser, {
      models: { ...models, matrix: false, agents: { "architect-agent": { model: models.sonnet } } },
    });
    assert.equal(pinned.model, models.sonnet);
    assert.equal(pinned.adaptive, undefined);
    assert.ok(!pinned.steps.some((s) => s.startsWith("adaptive")));
  } finally {
    await cleanup();
  }
});

Deno.test("adaptive routing: decisions are recorded per job; exploration is seeded and bounded", async () => {
  const { store, cleanup } = await tempStore();
  try {
    seed(store, "sonnet", 50, 0, NOW - 3_600_000);
    const explore = { ...defaults, routing: { ...defaults.routing, explore: 0.2, seed: 7 } };
    const chooser = adaptiveChooser(store, explore, () => NOW);
    const tiers = Array.from(
      { length: 400 },
      (_, i) =>
        chooser.choose({
          agent: "architect-agent",
          task: "design x",
          baseTier: "opus",
          jobId: `job_x${i}`,
        })!,
    );
    const explored = tiers.filter((c) => c.explored);
    assert.ok(explored.every((c) => c.tier === "haiku"), "explores one tier cheaper only");
    assert.ok(
      explored.length > 0 && explored.length <= 0.2 * 400,
      `${explored.length} explorations`,
    );
    const again = adaptiveChooser(store, explore, () => NOW);
    const repeat = Array.from(
      { length: 400 },
      (_, i) =>
        again.choose({
          agent: "architect-agent",
          task: "design x",
          baseTier: "opus",
          jobId: `job_x${i}`,
        })!.tier,
    );
    assert.deepEqual(repeat, tiers.map((c) => c.tier), "same seed, same choices");
    const decision = store.decision("job_x3");
    assert.equal(decision?.kind, "design");
    assert.equal(decision?.baseTier, "opus");
  } finally {
    await cleanup();
  }
});

Deno.test("policy: a tier known to miss the target is never kept, even as the base tier", () => {
  const choice = choosePolicy({
    kind: "fix",
    baseTier: "haiku",
    evidence: [
      { tier: "haiku", samples: 20, successes: 8, medianCostUsd: 0.001 },
      { tier: "sonnet", samples: 4, successes: 4, medianCostUsd: 0.01 },
      { tier: "opus", samples: 0, successes: 0, medianCostUsd: null },
    ],
    target: 0.9,
    minSamples: 10,
    explore: 0,
    random: seededRandom(1),
  });
  assert.equal(choice.tier, "sonnet");
  assert.ok(choice.steps.includes("haiku misses the 90% target: up to sonnet"));
});
