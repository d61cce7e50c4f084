/**
 * Audits sandbox denials as they are reported: wraps the event sink of a
 * job runner so that every `sandbox.denied` event also becomes an
 * `audit.sandbox.denied` entry in the user's audit log (and the project's
 * event log), naming the agent, the permission and what it reached for.
 * @module
 */

import type { Context } from "../context.ts";
import type { EmitFn } from "../orchestration/job_events.ts";
import type { ProjectPaths } from "../paths.ts";
import { recordAudit } from "./record_audit.ts";

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value.slice(0, 1024) : undefined;
}

/**
 * `emit`, plus an audit entry for each sandbox denial.
 *
 * @example
 * ```ts
 * const runner = new JobRunner({ ...options, emit: auditSandboxDenials(ctx, paths, emit) });
 * ```
 */
export function auditSandboxDenials(ctx: Context, paths: ProjectPaths, emit: EmitFn): EmitFn {
  return async (event) => {
    const result = await emit(event);
    if (event.type === "sandbox.denied") {
      const error = (event.payload as { error?: Record<string, unknown> } | undefined)?.error ?? {};
      const details: Record<string, string> = {};
      for (const key of ["agent", "operation", "target"] as const) {
        const value = text(error[key]) ?? (key === "agent" ? event.agent : undefined);
        if (value !== undefined) details[key] = value;
      }
      if (event.task) details.job = event.task;
      await recordAudit(ctx, {
        action: "sandbox.denied",
        target: details.target ?? details.agent,
        outcome: "denied",
        details,
      }, { project: paths });
    }
    return result;
  };
}
