/**
 * The job sandbox of a pool job: its sandbox spec resolved at the pool's
 * place (root, credential store, Deno's cache, containment) for the job's
 * own workspace. Kept apart from `job_sandbox.ts`, which knows nothing of
 * places, and from the pool, which only caches the result.
 * @module
 */

import { type JobSandbox, jobSandbox } from "./job_sandbox.ts";
import {
  containmentOf,
  type ParsedSandboxSpec,
  type SandboxPlace,
  workerPermissions,
} from "./sandbox.ts";

export type { JobSandbox };

/**
 * The sandbox a job's worker is told about.
 *
 * @example
 * ```ts
 * placeJobSandbox(spec, place, "/p/.claude/workspaces/job_1").write; // [..., the workspace]
 * ```
 */
export function placeJobSandbox(
  spec: ParsedSandboxSpec,
  place: SandboxPlace,
  workspace: string | null,
): JobSandbox {
  return jobSandbox({
    root: place.root,
    permissions: workerPermissions(spec, place, workspace ? [workspace] : []),
    run: spec.run,
    containment: spec.run === false
      ? { kind: "unavailable", reason: "the job may not start programs" }
      : containmentOf(place),
    masks: place.masks ?? [],
    path: Deno.env.get("PATH"),
    ...(place.denoDir ? { denoDir: place.denoDir } : {}),
  });
}
