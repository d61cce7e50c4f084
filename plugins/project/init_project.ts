/**
 * `init` end to end: plan against the tree and the manifest, apply the plan
 * in one transaction, and record the project in the global index. A second
 * run plans nothing and writes nothing.
 * @module
 */

import type { Context } from "../../core/context.ts";
import { errorMessage } from "../../core/errors.ts";
import { globalPaths, projectPaths } from "../../core/paths.ts";
import { type ProjectEntry, registerProject } from "./global/project_index.ts";
import { applyInitPlan } from "./apply_init_plan.ts";
import { desiredState } from "./desired_state.ts";
import type { Launcher } from "./launcher.ts";
import { type InitAction, type InitPlan, planChanges, planInit } from "./init_plan.ts";
import { readManifest } from "./manifest.ts";
import type { ReportStep } from "./steps_report.ts";

/** Options for {@linkcode initProject}. */
export interface InitOptions {
  force?: boolean;
  dryRun?: boolean;
  /** How `.mcp.json` and the Claude Code hooks start super-agents (default: bare name). */
  launcher?: Launcher;
}

/** What init did. */
export interface InitResult {
  root: string;
  /** Whether anything was (or, in a dry run, would be) written. */
  changed: boolean;
  dryRun: boolean;
  steps: ReportStep[];
  /** The project's entry in the global index (not in a dry run). */
  registered?: ProjectEntry;
  /** Why the global index could not be updated (init itself succeeded). */
  indexWarning?: string;
}

/** A plan action as a report line. */
export function describeAction(action: InitAction): ReportStep {
  switch (action.kind) {
    case "merge":
      return {
        kind: "merge",
        path: action.path,
        detail: action.backup
          ? `add ${action.label}; original in ${action.backup}`
          : `new file with ${action.label}`,
      };
    case "replace":
      return {
        kind: "replace",
        path: action.path,
        detail: `--force; original in ${action.backup}`,
      };
    case "keep":
    case "conflict":
      return { kind: action.kind, path: action.path, detail: action.reason };
    default:
      return { kind: action.kind, path: action.path };
  }
}

/**
 * Initialises the project rooted at `root`.
 *
 * @example
 * ```ts
 * const result = await initProject(ctx, ctx.cwd, { dryRun: true });
 * result.steps.forEach((s) => console.log(s.kind, s.path));
 * ```
 */
export async function initProject(
  ctx: Context,
  root: string,
  options: InitOptions = {},
): Promise<InitResult> {
  const paths = projectPaths(root);
  const plan: InitPlan = await planInit(
    paths,
    desiredState(undefined, undefined, options.launcher),
    await readManifest(paths),
    { force: options.force },
  );
  const changed = planChanges(plan);
  const steps = plan.actions.map(describeAction);
  const result: InitResult = { root, changed, dryRun: options.dryRun ?? false, steps };
  if (options.dryRun) return result;
  const now = new Date(ctx.now()).toISOString();
  if (changed) await applyInitPlan(paths, plan, now);
  try {
    result.registered = await registerProject(globalPaths(ctx), root, now);
  } catch (error) {
    // The project itself is initialised; only the cross-project index is behind.
    result.indexWarning = `could not update the project index ${globalPaths(ctx).projectIndex}: ${
      errorMessage(error)
    }`;
  }
  return result;
}
