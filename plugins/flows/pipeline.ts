/**
 * The `software` pipeline of a git repository, as the flows plugin builds
 * it: pm → architect (in its own worktree) → plan. The plan step grows the
 * DAG while the flow runs: one developer per subtask of the architect's
 * plan, the integration, the reviewers, the test executor and the finish
 * step (see `plan_step.ts`, `integrate_step.ts`). Outside a git repository
 * it does not apply, and `task create` enqueues the built-in chain.
 * @module
 */

import { join } from "node:path";
import type { Pipeline } from "../../core/orchestration/dag.ts";
import type { PipelineOptions } from "../../core/plugin_host/job_hooks.ts";
import { flowsConfig } from "./config.ts";

/**
 * The parallel software pipeline, or undefined outside a git repository.
 *
 * @example
 * ```ts
 * (await buildPipeline({ root, config, width: 3 }))?.steps.map((s) => s.name); // ["pm", "architect", "plan"]
 * ```
 */
export async function buildPipeline(options: PipelineOptions): Promise<Pipeline | undefined> {
  try {
    await Deno.lstat(join(options.root, ".git"));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  const reviewers = options.reviewers?.length ? options.reviewers : ["reviewer-agent"];
  return {
    name: "software",
    steps: [
      { name: "pm", agent: "pm-agent", input: { flow: { role: "read" } } },
      {
        name: "architect",
        agent: "architect-agent",
        dependsOn: ["pm"],
        input: { flow: { role: "design" } },
      },
      {
        name: "plan",
        agent: "flow-plan",
        dependsOn: ["architect"],
        input: {
          flow: {
            role: "plan",
            width: options.width ?? flowsConfig(options.config).width,
            reviewers,
          },
        },
      },
    ],
  };
}
