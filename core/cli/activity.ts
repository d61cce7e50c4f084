/**
 * Progress for a command's long work, in one call: a spinner with a count
 * while the total is unknown, a bar with counts once it is known — drawn
 * only on a terminal. Without one (pipes, CI logs) and under `--json` it is
 * silent: the command's own result line is what those readers want.
 * @module
 */

import type { Context, Output } from "../context.ts";
import {
  CLEAR_LINE,
  type ProgressBar,
  progressBar,
  type ProgressMode,
  type ProgressOptions,
  type Spinner,
  spinner,
} from "./progress.ts";

/** Progress of one piece of work. */
export interface Activity {
  /** Sets the total: from now on a bar with counts is drawn. */
  total(total: number): void;
  /** Counts `amount` (default 1) more items done. */
  tick(amount?: number, detail?: string): void;
  /** Writes a line to `out` without tearing the drawn line. */
  print(out: Output, text: string): void;
  /** Erases what was drawn. */
  end(): void;
}

/** `live` on a terminal without `--json`, otherwise `silent`. */
export function activityMode(ctx: Pick<Context, "json" | "stderr">): ProgressMode {
  return !ctx.json && ctx.stderr.isTerminal ? "live" : "silent";
}

/**
 * Starts showing progress of `label` on `ctx.stderr`.
 *
 * @example
 * ```ts
 * const progress = activity(ctx, "pruning");
 * try { await prune(() => progress.tick()); } finally { progress.end(); }
 * ```
 */
export function activity(
  ctx: Pick<Context, "json" | "stderr">,
  label: string,
  options: ProgressOptions = {},
): Activity {
  const mode = activityMode(ctx);
  let count = 0;
  let bar: ProgressBar | undefined;
  let spin: Spinner | undefined = mode === "live"
    ? spinner(ctx.stderr, mode, label, options)
    : undefined;
  const redraw = () => spin?.update(count ? `${label} ${count}` : label);
  return {
    total(total) {
      if (mode !== "live" || bar) return;
      spin?.stop();
      spin = undefined;
      bar = progressBar(ctx.stderr, mode, { ...options, label, total });
      if (count) bar.tick(count);
    },
    tick(amount = 1, detail) {
      count += amount;
      if (bar) bar.tick(amount, detail);
      else redraw();
    },
    print(out, text) {
      if (mode === "live") ctx.stderr.write(CLEAR_LINE);
      out.write(text);
      redraw();
    },
    end() {
      spin?.stop();
      bar?.done();
    },
  };
}

/**
 * Runs `work` with an {@linkcode activity} that ends however it ends.
 *
 * @example
 * ```ts
 * const report = await withActivity(ctx, "verifying the event log", () => verifyLog(files));
 * ```
 */
export async function withActivity<T>(
  ctx: Pick<Context, "json" | "stderr">,
  label: string,
  work: (progress: Activity) => Promise<T>,
  options: ProgressOptions = {},
): Promise<T> {
  const progress = activity(ctx, label, options);
  try {
    return await work(progress);
  } finally {
    progress.end();
  }
}
