/**
 * The state machine of `config edit`, free of I/O: a list of keys with a
 * cursor; Enter edits the selected value, every keystroke revalidates the
 * edited text (the error is shown inline), Enter commits a valid value,
 * Escape cancels; `s` asks to save, `q` to quit (twice when there are
 * unsaved changes). The validator is passed in, so tests drive the machine
 * with a fake key stream and the real schema.
 * @module
 */

import type { Key } from "./keys.ts";

/** One configuration key as shown. */
export interface EditorRow {
  key: string;
  /** The value as text (strings bare, everything else as JSON). */
  text: string;
  /** Set in the edited file (otherwise the default shows). */
  inFile: boolean;
}

/** The result of validating an edit: the new file, or what is wrong. */
export type EditCheck =
  | { ok: true; file: Record<string, unknown>; rows: EditorRow[] }
  | { ok: false; error: string };

/** Validates setting `key` to the typed `text` in `file`. */
export type EditValidator = (file: Record<string, unknown>, key: string, text: string) => EditCheck;

/** Everything the screen shows. */
export interface EditorState {
  rows: EditorRow[];
  /** The edited file's content (what `s` writes). */
  file: Record<string, unknown>;
  cursor: number;
  mode: "browse" | "edit";
  /** The text being typed in edit mode. */
  buffer: string;
  /** Validation error of `buffer`, shown inline. */
  error?: string;
  /** One status line (saved, unsaved changes, ...). */
  message?: string;
  /** Changes not yet saved. */
  dirty: boolean;
  /** `q` was pressed once with unsaved changes. */
  confirmQuit: boolean;
}

/** What the loop must do after a key. */
export type EditorEffect = "save" | "quit" | undefined;

/** The first state for a file and its rows. */
export function initialState(file: Record<string, unknown>, rows: EditorRow[]): EditorState {
  return { rows, file, cursor: 0, mode: "browse", buffer: "", dirty: false, confirmQuit: false };
}

/** How many rows PageUp/PageDown move. */
export const PAGE = 10;

function move(state: EditorState, delta: number): EditorState {
  const cursor = Math.max(0, Math.min(state.rows.length - 1, state.cursor + delta));
  return { ...state, cursor, message: undefined, confirmQuit: false };
}

function browse(state: EditorState, key: Key): [EditorState, EditorEffect] {
  if (key.name === "char") {
    switch (key.char) {
      case "j":
        return [move(state, 1), undefined];
      case "k":
        return [move(state, -1), undefined];
      case "s":
        return [{ ...state, confirmQuit: false }, "save"];
      case "q":
        if (state.dirty && !state.confirmQuit) {
          return [{
            ...state,
            confirmQuit: true,
            message: "unsaved changes: press q again to quit without saving, or s to save",
          }, undefined];
        }
        return [state, "quit"];
      default:
        return [state, undefined];
    }
  }
  switch (key.name) {
    case "up":
      return [move(state, -1), undefined];
    case "down":
      return [move(state, 1), undefined];
    case "pageup":
      return [move(state, -PAGE), undefined];
    case "pagedown":
      return [move(state, PAGE), undefined];
    case "home":
      return [move(state, -state.rows.length), undefined];
    case "end":
      return [move(state, state.rows.length), undefined];
    case "enter": {
      const row = state.rows[state.cursor];
      if (!row) return [state, undefined];
      return [{
        ...state,
        mode: "edit",
        buffer: row.text,
        error: undefined,
        message: undefined,
        confirmQuit: false,
      }, undefined];
    }
    case "ctrl-c":
      return [state, "quit"];
    default:
      return [state, undefined];
  }
}

function edit(state: EditorState, key: Key, validate: EditValidator): [EditorState, EditorEffect] {
  const row = state.rows[state.cursor];
  const retype = (buffer: string): [EditorState, EditorEffect] => {
    const check = validate(state.file, row.key, buffer);
    return [{ ...state, buffer, error: check.ok ? undefined : check.error }, undefined];
  };
  switch (key.name) {
    case "char":
      return retype(state.buffer + key.char);
    case "backspace":
      return retype(state.buffer.slice(0, -1));
    case "ctrl-u":
      return retype("");
    case "escape":
      return [
        { ...state, mode: "browse", buffer: "", error: undefined, message: "edit cancelled" },
        undefined,
      ];
    case "enter": {
      const check = validate(state.file, row.key, state.buffer);
      if (!check.ok) return [{ ...state, error: check.error }, undefined];
      const unchanged = JSON.stringify(check.file) === JSON.stringify(state.file);
      return [{
        ...state,
        file: check.file,
        rows: check.rows,
        mode: "browse",
        buffer: "",
        error: undefined,
        dirty: state.dirty || !unchanged,
        message: unchanged ? undefined : `${row.key} changed (s saves)`,
      }, undefined];
    }
    case "ctrl-c":
      return [state, "quit"];
    default:
      return [state, undefined];
  }
}

/**
 * The next state and effect for one key.
 *
 * @example
 * ```ts
 * let [state] = reduce(initialState(file, rows), { name: "down" }, validate);
 * ```
 */
export function reduce(
  state: EditorState,
  key: Key,
  validate: EditValidator,
): [EditorState, EditorEffect] {
  return state.mode === "edit" ? edit(state, key, validate) : browse(state, key);
}
