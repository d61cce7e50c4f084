import assert from "node:assert/strict";
import { agentTemplates } from "../../../templates/agents/mod.ts";
import { pickAgent, words } from "../../../plugins/analytics/selection/pick_agent.ts";
import { outcome, tempStore } from "./history_rows.ts";

/** The shipped agents' names and descriptions (the frontmatter of templates/agents). */
const SHIPPED = Object.values(agentTemplates as Record<string, string>).map((text) => ({
  name: /^name:\s*(.+)$/m.exec(text)![1].trim(),
  description: /^description:\s*(.+)$/m.exec(text)![1].trim(),
}));

/** A labelled set: task → the agent a person would pick. */
const LABELLED: [string, string][] = [
  ["review the last commit for correctness and readability", "reviewer-agent"],
  ["audit the upload handler for path traversal and injection vulnerabilities", "security-agent"],
  ["run the test suite and triage the flaky failures", "test-executor-agent"],
  ["design the module layout and interfaces of the new storage layer", "architect-agent"],
  ["update the README and the changelog after the CLI flags changed", "documentation-agent"],
  ["upgrade the outdated and vulnerable dependencies", "dependency-agent"],
  ["implement the --verbose flag and its tests", "developer-agent"],
  ["the nightly pipeline failed: find the cause in the logs", "incident-response-agent"],
  ["merge the two branches and resolve the conflicts", "integrator-agent"],
  ["the startup is slow: measure and fix the slow path", "performance-optimizer-agent"],
  ["turn this feature request into a plan of small tasks", "pm-agent"],
  ["check whether this change breaks the exported API contract", "contract-guardian-agent"],
];

Deno.test("agent selection: picks the agent a person would on a labelled set of tasks (precision reported)", () => {
  const misses: string[] = [];
  for (const [task, expected] of LABELLED) {
    const pick = pickAgent(task, SHIPPED);
    if (pick.agent !== expected) misses.push(`${task} → ${pick.agent} (expected ${expected})`);
  }
  const precision = (LABELLED.length - misses.length) / LABELLED.length;
  console.log(
    `agent selection precision: ${LABELLED.length - misses.length} of ${LABELLED.length}`,
  );
  for (const miss of misses) console.log(`  miss: ${miss}`);
  assert.ok(precision >= 10 / 12, `precision ${precision}: ${misses.join("; ")}`);
});

Deno.test("agent selection: history breaks a near tie, and the explanation names both", async () => {
  const { store, cleanup } = await tempStore();
  try {
    const candidates = [
      { name: "fast-reviewer", description: "Reviews a change quickly for obvious problems." },
      { name: "deep-reviewer", description: "Reviews a change in depth for problems." },
    ];
    const before = pickAgent("review this change", candidates, store.db);
    for (let i = 0; i < 20; i++) {
      store.record(
        outcome({ agent: "fast-reviewer", kind: "review", outcome: i < 12 ? "dead" : "succeeded" }),
      );
      store.record(outcome({ agent: "deep-reviewer", kind: "review", outcome: "succeeded" }));
    }
    const after = pickAgent("review this change", candidates, store.db);
    assert.equal(after.agent, "deep-reviewer");
    assert.match(
      after.explanation,
      /^picked deep-reviewer for this review task \(score [\d.]+\): description matches: review, change; 20 of 20 review tasks succeeded/,
    );
    assert.match(after.explanation, /next: fast-reviewer .* 8 of 20 review tasks succeeded/);
    assert.ok(before.ranked.every((r) => r.history === null));
  } finally {
    await cleanup();
  }
});

Deno.test("agent selection: empty, wordless or unmatched tasks are refused with the fix", () => {
  assert.deepEqual(words("The tests, the Tests!"), ["test"]);
  assert.throws(() => pickAgent("", SHIPPED), /no words to match/);
  assert.throws(() => pickAgent("?? !! a an", SHIPPED), /no words to match/);
  assert.throws(() => pickAgent("zebra xylophone quux", SHIPPED), /no agent's description matches/);
  assert.throws(() => pickAgent("review", []), /no agents to pick from/);
});
