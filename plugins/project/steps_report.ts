/**
 * Prints the steps of `init`, `upgrade` and `uninstall` the same way: one
 * aligned line per path (`create  .claude/config.json`), or JSON.
 * @module
 */

import type { Context } from "../../core/context.ts";
import { styles } from "../../core/cli/style.ts";

/** One reported step. */
export interface ReportStep {
  kind: string;
  path: string;
  detail?: string;
}

const attention = new Set(["conflict"]);

/**
 * The steps as aligned text lines.
 *
 * @example
 * ```ts
 * formatSteps([{ kind: "create", path: ".claude/config.json" }], false);
 * // "  create    .claude/config.json\n"
 * ```
 */
export function formatSteps(steps: ReportStep[], color: boolean): string {
  const s = styles(color);
  return steps.map((step) => {
    const kind = step.kind.padEnd(9);
    const label = attention.has(step.kind) ? s.yellow(kind) : s.dim(kind);
    return `  ${label} ${step.path}${step.detail ? s.dim(` — ${step.detail}`) : ""}\n`;
  }).join("");
}

/** Writes a heading and the steps to stdout. */
export function printSteps(ctx: Context, heading: string, steps: ReportStep[]): void {
  ctx.stdout.write(`${heading}\n${formatSteps(steps, ctx.color)}`);
}
