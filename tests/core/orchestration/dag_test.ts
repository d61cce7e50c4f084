/** Pipeline validation: order, cycles named, unknown and duplicate steps, the default pipeline. */
import assert from "node:assert/strict";
import { SuperAgentsError } from "../../../core/errors.ts";
import { topologicalOrder } from "../../../core/orchestration/dag.ts";
import { defaultPipeline } from "../../../core/orchestration/pipeline.ts";

const code = (c: string) => (error: unknown) =>
  error instanceof SuperAgentsError && error.code === c;

Deno.test("dag: every step comes after its inputs", () => {
  const order = topologicalOrder([
    { name: "d", agent: "x", dependsOn: ["b", "c"] },
    { name: "b", agent: "x", dependsOn: ["a"] },
    { name: "c", agent: "x", dependsOn: ["a"] },
    { name: "a", agent: "x" },
  ]).map((step) => step.name);
  assert.equal(order[0], "a");
  assert.equal(order[3], "d");
});

Deno.test("dag: a cycle is rejected with the cycle in the message", () => {
  assert.throws(
    () =>
      topologicalOrder([
        { name: "pm", agent: "x" },
        { name: "architect", agent: "x", dependsOn: ["pm", "reviewer"] },
        { name: "developer", agent: "x", dependsOn: ["architect"] },
        { name: "reviewer", agent: "x", dependsOn: ["developer"] },
      ]),
    (error) =>
      code("DAG_CYCLE")(error) &&
      (error as Error).message.includes("architect → reviewer → developer → architect"),
  );
  assert.throws(
    () => topologicalOrder([{ name: "a", agent: "x", dependsOn: ["a"] }]),
    code("DAG_CYCLE"),
  );
});

Deno.test("dag: unknown dependencies and duplicate names are rejected", () => {
  assert.throws(
    () => topologicalOrder([{ name: "a", agent: "x", dependsOn: ["ghost"] }]),
    code("DAG_UNKNOWN_STEP"),
  );
  assert.throws(
    () => topologicalOrder([{ name: "a", agent: "x" }, { name: "a", agent: "y" }]),
    code("DAG_DUPLICATE_STEP"),
  );
});

Deno.test("default pipeline: pm → architect → developer → reviewers in parallel → tests → integrator", () => {
  const steps = defaultPipeline({ reviewers: ["reviewer-agent", "security-agent"] }).steps;
  const byName = Object.fromEntries(steps.map((s) => [s.name, s]));
  assert.deepEqual(steps.map((s) => s.agent), [
    "pm-agent",
    "architect-agent",
    "developer-agent",
    "reviewer-agent",
    "security-agent",
    "test-executor-agent",
    "integrator-agent",
  ]);
  assert.deepEqual(byName["reviewer-1"].dependsOn, ["developer"]);
  assert.deepEqual(byName["reviewer-2"].dependsOn, ["developer"]);
  assert.deepEqual(byName["test-executor"].dependsOn, ["reviewer-1", "reviewer-2"]);
  assert.equal(topologicalOrder(steps).length, 7);
});
