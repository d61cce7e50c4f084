/**
 * Decides what a project's KM state files mean: running, stopped, dead
 * (the pid is gone), stale (files half-written, or the pid now belongs to an
 * unrelated process) or unhealthy (our process is alive but `/health` does not
 * answer). Identity is checked with the Linux process start time when
 * available and with the token-derived instance id from `/health`.
 * @module
 */

import type { ProjectPaths } from "../../core/paths.ts";
import { fetchHealth, type HealthBody } from "../../core/km_client/health_probe.ts";
import { isProcessAlive, processStartTicks } from "./process_info.ts";
import { instanceIdOf, type KmState, readKmState } from "./state.ts";

/** The verdict on a project's KM. */
export type KmStatus = "running" | "stopped" | "dead" | "stale" | "unhealthy";

/** The verdict plus what it was based on. */
export interface KmInspection {
  status: KmStatus;
  /** Why the verdict is not `running` or `stopped`. */
  reason?: string;
  state?: KmState;
  health?: HealthBody;
  /** A port named by the state files, even when they are stale (to reuse it). */
  port?: number;
  pid?: number;
}

/**
 * Inspects the project's KM.
 *
 * @example
 * ```ts
 * const { status } = await inspectKm(paths);
 * if (status === "dead") console.log("run `super-agents start`");
 * ```
 */
export async function inspectKm(
  paths: ProjectPaths,
  options: { healthTimeoutMs?: number } = {},
): Promise<KmInspection> {
  const read = await readKmState(paths);
  if (read.kind === "absent") return { status: "stopped" };
  if (read.kind === "invalid") {
    const base = { port: read.port, pid: read.pid };
    if (read.pid !== undefined && !isProcessAlive(read.pid)) {
      return { ...base, status: "dead", reason: `process ${read.pid} is gone` };
    }
    return { ...base, status: "stale", reason: read.problems.join("; ") };
  }
  const { state } = read;
  const base = { state, port: state.port, pid: state.pid };
  if (!isProcessAlive(state.pid)) {
    return { ...base, status: "dead", reason: `process ${state.pid} is gone` };
  }
  const ticks = processStartTicks(state.pid);
  const sameStart = state.started.startTicks !== undefined && ticks !== undefined
    ? ticks === state.started.startTicks
    : undefined;
  if (sameStart === false) {
    return {
      ...base,
      status: "stale",
      reason: `pid ${state.pid} now belongs to another process (start time differs)`,
    };
  }
  const health = await fetchHealth(state.started.host, state.port, options.healthTimeoutMs ?? 500);
  if (health && health.instance === await instanceIdOf(state.token)) {
    return { ...base, status: "running", health };
  }
  if (health) {
    return {
      ...base,
      status: "stale",
      reason: `port ${state.port} is answered by another KM (pid ${health.pid})`,
    };
  }
  if (sameStart === true) {
    return { ...base, status: "unhealthy", reason: `/health on port ${state.port} did not answer` };
  }
  return {
    ...base,
    status: "stale",
    reason: `pid ${state.pid} is alive but is not the KM (no /health on port ${state.port})`,
  };
}
