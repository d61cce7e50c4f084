/**
 * Turns a sandbox denial inside a worker (`Deno.errors.NotCapable`, "Requires
 * write access to "/x", run again with ...") into a job error that names the
 * agent, the operation and the boundary it crossed, and says how to grant it.
 * @module
 */

import type { JobErrorInput } from "../queue/job.ts";
import type { WorkerPermissions } from "./sandbox.ts";

/** The operation a denial message names. */
export interface DeniedOperation {
  /** read, write, net, run, env, sys, ffi or import. */
  permission: string;
  /** The path, host, command or variable that was refused. */
  target: string;
}

/** Parses Deno's "Requires <perm> access to <target>" message. */
export function parseDenial(message: string): DeniedOperation {
  const match = /Requires (\w+) access to "?([^",]+?)"?(?:,|$)/.exec(message);
  return match
    ? { permission: match[1], target: match[2] }
    : { permission: "unknown", target: message };
}

function describe(grant: boolean | string[]): string {
  if (grant === true) return "everything";
  if (grant === false || grant.length === 0) return "nothing";
  return grant.join(", ");
}

/**
 * The job error of a denied operation.
 *
 * @example
 * ```ts
 * boundaryError("script", "job_1", 'Requires run access to "git", run again...', permissions)
 *   .message; // agent "script" (job job_1) was denied run access to "git": its sandbox allows run of nothing
 * ```
 */
export function boundaryError(
  agent: string,
  jobId: string,
  message: string,
  permissions: WorkerPermissions,
): JobErrorInput {
  const denied = parseDenial(message);
  const granted = (permissions as unknown as Record<string, boolean | string[]>)[denied.permission];
  const boundary = granted === undefined ? "nothing" : describe(granted);
  return {
    code: "SANDBOX_DENIED",
    message: `agent "${agent}" (job ${jobId}) was denied ${denied.permission} access to ` +
      `"${denied.target}": its sandbox allows ${denied.permission} of ${boundary}; ` +
      `grant it in the agent's permissions (${denied.permission}: [...]) if it is intended`,
    details: {
      agent,
      operation: denied.permission,
      target: denied.target,
      boundary: granted ?? false,
      denial: message,
    },
  };
}
