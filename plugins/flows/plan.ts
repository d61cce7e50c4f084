/**
 * The architect's structured plan: subtasks, each with a title, the files or
 * areas it owns and the subtasks it depends on, given as a fenced `json`
 * block `{"subtasks": [...]}` in the architect's reply. Validated with zod;
 * duplicate ids, unknown dependencies, cycles and owned paths that leave
 * the project are refused with the field named. A reply without a plan is
 * one subtask: the whole task.
 * @module
 */

import { isAbsolute, normalize } from "node:path";
import { z } from "../../core/deps.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { topologicalOrder } from "../../core/orchestration/dag.ts";

const owned = z.string().min(1).max(300).refine(
  (path) => !isAbsolute(path) && !normalize(path).split("/").includes(".."),
  "an owned path is relative to the project and stays inside it (no /, no ..)",
);

/** One subtask of a plan. */
export const SubtaskSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "a subtask id is lower-case, e.g. api-client"),
  title: z.string().min(1).max(200),
  owns: z.array(owned).max(100).default([]),
  dependsOn: z.array(z.string()).max(50).default([]),
  description: z.string().max(20_000).optional(),
});
/** One subtask. */
export type Subtask = z.infer<typeof SubtaskSchema>;

/** A plan. */
export const PlanSchema = z.strictObject({
  subtasks: z.array(SubtaskSchema).min(1).max(50),
});
/** A plan. */
export type Plan = z.infer<typeof PlanSchema>;

function invalid(message: string, hint: string): SuperAgentsError {
  return new SuperAgentsError("FLOW_PLAN_INVALID", `the architect's plan: ${message}`, {
    hint,
    details: { retryable: false },
  });
}

const HINT = 'the plan is a ```json block {"subtasks": [{"id", "title", "owns": [...], ' +
  '"dependsOn": [...]}]}; fix the architect\'s reply or retry its job';

/** The JSON blocks of a text, last first. */
function jsonBlocks(text: string): string[] {
  const blocks = [...text.matchAll(/```json\s*\n([\s\S]*?)```/g)].map((m) => m[1]);
  return [...blocks.reverse(), text.trim()];
}

/**
 * The plan in an architect's reply, validated, its subtasks in dependency
 * order; undefined when the reply has no plan.
 *
 * @example
 * ```ts
 * planOf('```json\n{"subtasks":[{"id":"a","title":"A","owns":["a.ts"]}]}\n```')?.subtasks[0].id; // "a"
 * ```
 */
export function planOf(text: string): Plan | undefined {
  let candidate: unknown;
  for (const block of jsonBlocks(text)) {
    try {
      const value = JSON.parse(block);
      if (value && typeof value === "object" && "subtasks" in value) {
        candidate = value;
        break;
      }
    } catch {
      // not JSON: not a plan block; the next candidate is tried
    }
  }
  if (candidate === undefined) return undefined;
  const parsed = PlanSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`${issue.path.join(".") || "plan"}: ${issue.message}`, HINT);
  }
  return { subtasks: ordered(parsed.data.subtasks) };
}

/** The subtasks in dependency order; duplicates, unknown dependencies and cycles refused. */
function ordered(subtasks: Subtask[]): Subtask[] {
  try {
    const order = topologicalOrder(
      subtasks.map((s) => ({ name: s.id, agent: "developer-agent", dependsOn: s.dependsOn })),
    );
    const byId = new Map(subtasks.map((s) => [s.id, s]));
    return order.map((step) => byId.get(step.name)!);
  } catch (error) {
    if (!(error instanceof SuperAgentsError)) throw error;
    const message = error.message.replace("the pipeline has", "the subtasks have")
      .replaceAll("step", "subtask").replace("of the pipeline", "of the plan");
    throw invalid(message, error.hint ?? HINT);
  }
}

/**
 * The dependencies each subtask gets so that at most `width` run at once:
 * its own, plus the subtask `width` places before it in dependency order
 * (a sliding window: one starts only as an earlier one ends).
 *
 * @example
 * ```ts
 * windowed([{ id: "a", dependsOn: [] }, { id: "b", dependsOn: [] }], 1).get("b"); // ["a"]
 * ```
 */
export function windowed(
  subtasks: Pick<Subtask, "id" | "dependsOn">[],
  width: number,
): Map<string, string[]> {
  const deps = new Map<string, string[]>();
  subtasks.forEach((subtask, i) => {
    const own = [...subtask.dependsOn];
    const earlier = subtasks[i - width];
    if (earlier && !own.includes(earlier.id)) own.push(earlier.id);
    deps.set(subtask.id, own);
  });
  return deps;
}

/**
 * The files of `changed` outside what a subtask owns (a file, or a folder
 * and everything under it); none when it owns nothing (the plan gave it no
 * area, so nothing is outside).
 *
 * @example
 * ```ts
 * outsideOwned(["src/a.ts", "README.md"], ["src"]); // ["README.md"]
 * ```
 */
export function outsideOwned(changed: string[], owns: string[]): string[] {
  if (owns.length === 0) return [];
  const areas = owns.map((path) => normalize(path).replace(/\/+$/, "")).map((path) =>
    path === "." ? "" : path
  );
  return changed.filter((file) =>
    !areas.some((area) => area === "" || file === area || file.startsWith(`${area}/`))
  );
}
