/**
 * Prints the problems of plugins that were skipped as warnings on stderr
 * (`warning:` and `hint:` lines; one `{"warning": ...}` JSON line each with
 * `--json`), so a command still runs and the user learns why a plugin is
 * missing and how to fix it.
 * @module
 */

import type { Context } from "../../context.ts";
import type { PluginProblem } from "../host.ts";

/**
 * Writes one warning per problem to `ctx.stderr`.
 *
 * @example
 * ```ts
 * reportPluginProblems(ctx, external.problems);
 * // warning: plugin "hello" needs acceptance: ...; skipped
 * // hint: run `super-agents plugins add /work/hello` to review
 * ```
 */
export function reportPluginProblems(
  ctx: Pick<Context, "stderr" | "json">,
  problems: readonly PluginProblem[],
): void {
  for (const problem of problems) {
    if (ctx.json) {
      ctx.stderr.write(JSON.stringify({ warning: { code: "PLUGIN_SKIPPED", ...problem } }) + "\n");
    } else {
      ctx.stderr.write(`warning: ${problem.message}\nhint: ${problem.hint}\n`);
    }
  }
}
