/**
 * A pipeline is a DAG of agent steps. This module validates one: unique step
 * names, dependencies that exist, and no cycles — a cycle is rejected with
 * an error that names it (`architect → developer → architect`). The result
 * is a topological order, in which every step comes after its inputs.
 * @module
 */

import { z } from "../deps.ts";
import { SuperAgentsError } from "../errors.ts";
import { AgentNameSchema, PrioritySchema } from "../queue/job.ts";

/** One step: a named node running one agent after the steps it depends on. */
export const StepSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "a step name is lower-case, e.g. review-1"),
  agent: AgentNameSchema,
  dependsOn: z.array(z.string()).default([]),
  /** Extra input for this step, merged with the pipeline's input. */
  input: z.unknown().optional(),
  priority: PrioritySchema.optional(),
  maxAttempts: z.number().int().min(1).max(100).optional(),
  timeoutMs: z.number().int().min(1).optional(),
});
/** A step as written. */
export type Step = z.input<typeof StepSchema>;
/** A step with defaults. */
export type ParsedStep = z.output<typeof StepSchema>;

/** A named pipeline. */
export const PipelineSchema = z.object({
  name: z.string().min(1).max(64),
  steps: z.array(StepSchema).min(1).max(500),
});
/** A pipeline as written (e.g. a `--pipeline-file`). */
export type Pipeline = z.input<typeof PipelineSchema>;

/**
 * The steps in an order where each comes after all of its dependencies.
 * Throws `DAG_DUPLICATE_STEP`, `DAG_UNKNOWN_STEP` or `DAG_CYCLE`.
 *
 * @example
 * ```ts
 * topologicalOrder([{ name: "b", agent: "x", dependsOn: ["a"] }, { name: "a", agent: "x" }])
 *   .map((s) => s.name); // ["a", "b"]
 * ```
 */
export function topologicalOrder(steps: Step[]): ParsedStep[] {
  const parsed = steps.map((step) => StepSchema.parse(step));
  const byName = new Map<string, ParsedStep>();
  for (const step of parsed) {
    if (byName.has(step.name)) {
      throw new SuperAgentsError("DAG_DUPLICATE_STEP", `two steps are named "${step.name}"`, {
        hint: "give every step of a pipeline its own name",
      });
    }
    byName.set(step.name, step);
  }
  for (const step of parsed) {
    for (const dependency of step.dependsOn) {
      if (!byName.has(dependency)) {
        throw new SuperAgentsError(
          "DAG_UNKNOWN_STEP",
          `step "${step.name}" depends on "${dependency}", which is not a step of the pipeline`,
          { hint: `steps: ${[...byName.keys()].join(", ")}` },
        );
      }
    }
  }
  const order: ParsedStep[] = [];
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (name: string) => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") {
      const cycle = [...path.slice(path.indexOf(name)), name];
      throw new SuperAgentsError("DAG_CYCLE", `the pipeline has a cycle: ${cycle.join(" → ")}`, {
        hint: `remove one of these dependencies: ${cycle.slice(0, -1).join(", ")}`,
        details: { cycle },
      });
    }
    state.set(name, "visiting");
    path.push(name);
    for (const dependency of byName.get(name)!.dependsOn) visit(dependency);
    path.pop();
    state.set(name, "done");
    order.push(byName.get(name)!);
  };
  for (const step of parsed) visit(step.name);
  return order;
}
