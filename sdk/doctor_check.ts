/**
 * The `doctor` check contract as the plugin SDK states it. A check module
 * exports `check`, built with {@linkcode defineCheck}. The SDK's
 * {@linkcode DoctorEnv} is a narrower view of the one `doctor` passes
 * (`plugins/doctor/check.ts`, whose configuration type is inferred from zod):
 * `tests/plugin_sdk/contracts_test.ts` fails to type-check if `doctor`
 * stops giving what it promises.
 * @module
 */

import type { Finding } from "../plugins/doctor/check.ts";
import type { Context } from "../core/context.ts";
import type { ProjectPaths } from "../core/paths.ts";

export type { Finding, Severity } from "../plugins/doctor/check.ts";
export type { ProjectPaths } from "../core/paths.ts";

/** What a check can look at. */
export interface DoctorEnv {
  /** The command's context (working directory, environment, output). */
  ctx: Context;
  /** The resolved configuration (every section, your plugin's among them). */
  config: Readonly<Record<string, unknown>>;
  /** The current project, when `doctor` runs inside one. */
  paths?: ProjectPaths;
  /** Why the configuration could not be loaded (`config` then holds the defaults). */
  configError?: string;
}

/** One diagnosis: an id, a title, and `run`, which returns findings. */
export interface DoctorCheck {
  /** Stable id, shown next to each finding (`doctor --json`). */
  id: string;
  /** One line saying what is checked. */
  title: string;
  /** Looks, and says what it found: one finding per fact, `ok` ones included. */
  run(env: DoctorEnv): Promise<Finding[]>;
  /** Applies the fix of one of its `repairable` findings (`doctor --fix`); resolves with what it did. */
  repair?(env: DoctorEnv, finding: Finding): Promise<string>;
}

/**
 * Identity helper that type-checks a check.
 *
 * @example
 * ```ts
 * import { defineCheck } from "jsr:@super-agents/cli/plugin";
 *
 * export const check = defineCheck({
 *   id: "hello-greeting",
 *   title: "the greeting is set",
 *   run: ({ ctx }) =>
 *     Promise.resolve([
 *       ctx.env("HELLO_GREETING")
 *         ? { check: "hello-greeting", severity: "ok", message: "HELLO_GREETING is set" }
 *         : { check: "hello-greeting", severity: "info", message: "no greeting", fix: "export HELLO_GREETING=Hi" },
 *     ]),
 * });
 * ```
 */
export function defineCheck(check: DoctorCheck): DoctorCheck {
  return check;
}
