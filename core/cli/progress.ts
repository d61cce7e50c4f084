/**
 * Progress on the terminal, in one place: a status line redrawn in place, a
 * spinner and a progress bar. Each has three modes chosen from the context
 * ({@linkcode progressMode}): `live` redraws one line on a terminal, `plain`
 * writes ordinary lines (pipes, CI logs stay readable), and `silent` writes
 * nothing (`--json`, where stdout is data and stderr is for errors).
 * @module
 */

import type { Context, Output } from "../context.ts";

/** How progress is shown. */
export type ProgressMode = "live" | "plain" | "silent";

/** Braille spinner frames (one per redraw). */
export const SPINNER_FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** Clears the current terminal line and returns the cursor to its start. */
export const CLEAR_LINE = "\r\x1b[2K";

/**
 * The mode for a command: silent with `--json`, live when stderr is a terminal,
 * plain otherwise.
 *
 * @example
 * ```ts
 * const bar = progressBar(ctx.stderr, progressMode(ctx), { label: "files", total: 40 });
 * ```
 */
export function progressMode(ctx: Pick<Context, "json" | "stderr">): ProgressMode {
  if (ctx.json) return "silent";
  return ctx.stderr.isTerminal ? "live" : "plain";
}

/** A line redrawn in place, at most once per `minIntervalMs` unless forced. */
export interface StatusLine {
  /** Redraws the line; returns whether it was drawn (not throttled). */
  draw(text: string, force?: boolean): boolean;
  /** Erases the line. */
  clear(): void;
}

/**
 * A status line on `out` (a terminal).
 *
 * @example
 * ```ts
 * const line = statusLine(ctx.stderr);
 * line.draw("⠋ running 2");
 * line.clear();
 * ```
 */
export function statusLine(out: Output, now = () => Date.now(), minIntervalMs = 80): StatusLine {
  let drawnAt = -Infinity;
  return {
    draw(text, force = false) {
      if (!force && now() - drawnAt < minIntervalMs) return false;
      drawnAt = now();
      out.write(CLEAR_LINE + text);
      return true;
    },
    clear() {
      out.write(CLEAR_LINE);
    },
  };
}

/** Starts a repeating callback and returns the function that stops it. */
export type Ticker = (callback: () => void, intervalMs: number) => () => void;

/** A ticker on `setInterval` that never keeps the process alive on its own. */
export const intervalTicker: Ticker = (callback, intervalMs) => {
  const id = setInterval(callback, intervalMs);
  Deno.unrefTimer(id);
  return () => clearInterval(id);
};

/** Options shared by the spinner and the progress bar. */
export interface ProgressOptions {
  /** Clock for throttling redraws (tests pass a fake one). */
  now?: () => number;
  /** Animation timer of a live spinner (default {@linkcode intervalTicker}). */
  ticker?: Ticker;
}

/** A spinner for work of unknown length. */
export interface Spinner {
  /** Changes the text (plain mode writes it as a new line). */
  update(text: string): void;
  /** Ends with a success line. */
  succeed(text: string): void;
  /** Ends with a failure line. */
  fail(text: string): void;
  /** Ends without a line (the caller prints the result itself). */
  stop(): void;
}

/**
 * A spinner on `out` that starts at once.
 *
 * @example
 * ```ts
 * const spin = spinner(ctx.stderr, progressMode(ctx), "starting the KM");
 * try { await startKm(); spin.stop(); } catch (e) { spin.fail("KM did not start"); throw e; }
 * ```
 */
export function spinner(
  out: Output,
  mode: ProgressMode,
  text: string,
  options: ProgressOptions = {},
): Spinner {
  let current = text;
  let frame = 0;
  let stopped = false;
  const line = statusLine(out, options.now);
  const redraw = (force: boolean) =>
    line.draw(`${SPINNER_FRAMES[frame++ % SPINNER_FRAMES.length]} ${current}`, force);
  let stopTicker = () => {};
  if (mode === "live") {
    redraw(true);
    stopTicker = (options.ticker ?? intervalTicker)(() => redraw(false), 80);
  } else if (mode === "plain") out.write(`${text}...\n`);
  const finish = (final?: string) => {
    if (stopped) return;
    stopped = true;
    stopTicker();
    if (mode === "live") line.clear();
    if (final !== undefined && mode !== "silent") out.write(final + "\n");
  };
  return {
    update(next) {
      if (stopped || next === current) return;
      current = next;
      if (mode === "live") redraw(true);
      else if (mode === "plain") out.write(`${next}...\n`);
    },
    succeed: (final) => finish(`✓ ${final}`),
    fail: (final) => finish(`✗ ${final}`),
    stop: () => finish(),
  };
}

/** A bar for work of known size. */
export interface ProgressBar {
  /** Advances by `amount` (default 1), optionally naming the current item. */
  tick(amount?: number, detail?: string): void;
  /** Ends the bar, optionally with a summary line. */
  done(summary?: string): void;
}

/** Options of {@linkcode progressBar}. */
export interface ProgressBarOptions extends ProgressOptions {
  label: string;
  total: number;
  /** Width of the bar in characters (live mode). */
  width?: number;
}

/** `[████░░░░]` for a fraction between 0 and 1. */
export function renderBar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${"█".repeat(filled)}${"░".repeat(width - filled)}]`;
}

/**
 * A progress bar on `out`. Live mode redraws one line; plain mode writes a
 * line each time another quarter of the work is done, so logs stay short.
 *
 * @example
 * ```ts
 * const bar = progressBar(ctx.stderr, progressMode(ctx), { label: "scanning", total: files.length });
 * for (const file of files) { await scan(file); bar.tick(1, file); }
 * bar.done(`${files.length} files scanned`);
 * ```
 */
export function progressBar(
  out: Output,
  mode: ProgressMode,
  options: ProgressBarOptions,
): ProgressBar {
  const total = Math.max(0, options.total);
  const width = options.width ?? 24;
  const line = statusLine(out, options.now);
  let count = 0;
  let quarter = 0;
  let finished = false;
  const percent = () => (total === 0 ? 100 : Math.floor((count / total) * 100));
  return {
    tick(amount = 1, detail) {
      if (finished) return;
      count = Math.min(total, count + amount);
      if (mode === "live") {
        const text = `${options.label} ${renderBar(total ? count / total : 1, width)} ` +
          `${count}/${total} ${percent()}%${detail ? `  ${detail}` : ""}`;
        line.draw(text, count === total);
      } else if (mode === "plain") {
        const reached = total === 0 ? 4 : Math.floor((count / total) * 4);
        if (reached > quarter) {
          quarter = reached;
          out.write(`${options.label}: ${count}/${total} (${percent()}%)\n`);
        }
      }
    },
    done(summary) {
      if (finished) return;
      finished = true;
      if (mode === "live") line.clear();
      if (summary !== undefined && mode !== "silent") out.write(summary + "\n");
    },
  };
}
