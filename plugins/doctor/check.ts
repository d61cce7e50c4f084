/**
 * The shape of a `doctor` check: a small module exporting `check`, with an
 * id, a title and a `run` that returns findings. Each finding has a severity
 * and, unless all is well, the command that fixes it. Checks share one
 * `DoctorEnv` so expensive facts (like the KM inspection) are computed once.
 * @module
 */

import type { Config } from "../../core/config/schema.ts";
import type { Context } from "../../core/context.ts";
import type { KmInspection } from "../km/inspect.ts";
import type { ProjectPaths } from "../../core/paths.ts";

/** How bad a finding is. */
export type Severity = "ok" | "info" | "warning" | "error";

/** One result of a check. */
export interface Finding {
  check: string;
  severity: Severity;
  message: string;
  /** The command (or action) that fixes it. */
  fix?: string;
  /** `doctor --fix` may apply the fix by itself (it is safe: loses nothing). */
  repairable?: boolean;
}

/** What checks can look at. */
export interface DoctorEnv {
  ctx: Context;
  config: Config;
  /** The current project, when doctor runs inside one. */
  paths?: ProjectPaths;
  /** The project's KM inspection (computed once, on first use). */
  km(): Promise<KmInspection | undefined>;
  /** Why the configuration could not be loaded (checks then see the defaults). */
  configError?: string;
}

/** One diagnosis. */
export interface DoctorCheck {
  id: string;
  title: string;
  run(env: DoctorEnv): Promise<Finding[]>;
  /** Applies the fix of one of its `repairable` findings; resolves with what it did. */
  repair?(env: DoctorEnv, finding: Finding): Promise<string>;
}

/**
 * Identity helper that type-checks a check.
 *
 * @example
 * ```ts
 * export const check = defineCheck({
 *   id: "example", title: "an example",
 *   run: async () => [{ check: "example", severity: "ok", message: "fine" }],
 * });
 * ```
 */
export function defineCheck(check: DoctorCheck): DoctorCheck {
  return check;
}
