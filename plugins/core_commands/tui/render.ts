/**
 * Draws the `config edit` screen from its state: a title, the key list
 * scrolled so the cursor stays visible, the value being edited and the
 * inline validation error (or the status message).
 * @module
 */

import { styles } from "../../../core/cli/style.ts";
import type { EditorState } from "./editor_state.ts";

/** The screen's size and styling. */
export interface ScreenOptions {
  title: string;
  columns: number;
  rows: number;
  color: boolean;
}

/** Lines above and below the list: title, help, two rules, edit line, message. */
const CHROME = 6;

function fit(text: string, width: number): string {
  return text.length <= width ? text : text.slice(0, Math.max(0, width - 1)) + "…";
}

/** The first visible list row for a cursor and a list height. */
export function scrollTop(cursor: number, total: number, height: number): number {
  if (total <= height) return 0;
  return Math.max(0, Math.min(total - height, cursor - Math.floor(height / 2)));
}

/**
 * The screen as lines (no terminal control codes).
 *
 * @example
 * ```ts
 * screenLines(state, { title: "config.json", columns: 80, rows: 24, color: false })[0];
 * ```
 */
export function screenLines(state: EditorState, options: ScreenOptions): string[] {
  const s = styles(options.color);
  const width = Math.max(20, options.columns);
  const listHeight = Math.max(1, options.rows - CHROME);
  const keyWidth = Math.max(...state.rows.map((row) => row.key.length), 3);
  const top = scrollTop(state.cursor, state.rows.length, listHeight);
  const help = state.mode === "edit"
    ? "type the value  Enter apply  Esc cancel  Ctrl-U clear"
    : "↑/↓ move  Enter edit  s save  q quit";
  const lines = [s.bold(fit(`super-agents config edit — ${options.title}`, width)), s.dim(help)];
  lines.push("─".repeat(Math.min(width, 80)));
  for (const [index, row] of state.rows.slice(top, top + listHeight).entries()) {
    const selected = top + index === state.cursor;
    const origin = row.inFile ? "" : "  (default)";
    const text = fit(
      `${selected ? ">" : " "} ${row.key.padEnd(keyWidth)}  ${row.text}${origin}`,
      width,
    );
    lines.push(selected ? s.bold(text) : row.inFile ? text : s.dim(text));
  }
  while (lines.length < 3 + listHeight) lines.push("");
  lines.push("─".repeat(Math.min(width, 80)));
  const row = state.rows[state.cursor];
  lines.push(
    state.mode === "edit" && row
      ? fit(`${row.key} = ${state.buffer}▏`, width)
      : fit(row ? `${row.key}: ${row.text}${row.inFile ? "" : " (default)"}` : "", width),
  );
  if (state.mode === "edit" && state.error) lines.push(s.red(fit(`✗ ${state.error}`, width)));
  else if (state.mode === "edit") lines.push(s.green("✓ valid"));
  else lines.push(state.message ? s.yellow(fit(state.message, width)) : "");
  return lines;
}

/** The screen as terminal output: home, each line cleared to its end, the rest erased. */
export function renderScreen(state: EditorState, options: ScreenOptions): string {
  return "\x1b[H" + screenLines(state, options).map((line) => line + "\x1b[K").join("\r\n") +
    "\x1b[J";
}
