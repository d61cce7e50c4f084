/**
 * `config edit`: the terminal UI around the editor state machine. The loop
 * takes key presses from any async source and draws on any output, so tests
 * drive it with a fake key stream; `editConfig` connects it to the real
 * terminal (raw mode, alternate screen) and refuses when stdin is not one.
 * Saving validates the whole file and writes it atomically.
 * @module
 */

import { writeJsonAtomic } from "../../../core/atomic_file.ts";
import { inspectLayer, problemsError } from "../../../core/config/load.ts";
import { globalConfigPath } from "../../../core/config/load.ts";
import type { Context, Output } from "../../../core/context.ts";
import { errorMessage, SuperAgentsError } from "../../../core/errors.ts";
import { requireProject } from "../../../core/paths.ts";
import { readConfigObject } from "../../../core/config/config_object.ts";
import { configRows, configValidator } from "./config_rows.ts";
import { type EditorState, initialState, reduce } from "./editor_state.ts";
import { decodeKeys, type Key } from "./keys.ts";
import { renderScreen } from "./render.ts";

/** Where the editor reads keys and draws. */
export interface EditorIo {
  keys: AsyncIterable<Key[]>;
  screen: Output;
  size(): { columns: number; rows: number };
  color: boolean;
}

/** How an editing session ended. */
export interface EditorOutcome {
  /** How many times the file was saved. */
  saves: number;
  /** Unsaved changes were discarded on quit. */
  discarded: boolean;
  state: EditorState;
}

/** Validates the whole file and writes it atomically. */
export async function saveConfigFile(path: string, file: Record<string, unknown>): Promise<void> {
  const report = inspectLayer(file, path);
  if (report.problems.length) throw problemsError(report.problems);
  await writeJsonAtomic(path, file);
}

/**
 * Runs the editor on `file` (the content of `path`) until `q` or the end of the keys.
 *
 * @example
 * ```ts
 * const outcome = await runConfigEditor(io, paths.config, await readConfigObject(paths.config));
 * ```
 */
export async function runConfigEditor(
  io: EditorIo,
  path: string,
  file: Record<string, unknown>,
  save: (file: Record<string, unknown>) => Promise<void> = (f) => saveConfigFile(path, f),
): Promise<EditorOutcome> {
  const validate = configValidator(path);
  let state = initialState(file, configRows(file, path));
  let saves = 0;
  const draw = () =>
    io.screen.write(renderScreen(state, { title: path, color: io.color, ...io.size() }));
  draw();
  for await (const chunk of io.keys) {
    for (const key of chunk) {
      const [next, effect] = reduce(state, key, validate);
      state = next;
      if (effect === "quit") return { saves, discarded: state.dirty, state };
      if (effect === "save") {
        try {
          await save(state.file);
          saves++;
          state = { ...state, dirty: false, message: `saved ${path}` };
        } catch (error) {
          // The session goes on: the user can fix the value and save again.
          state = { ...state, message: `not saved: ${errorMessage(error)}` };
        }
      }
    }
    draw();
  }
  return { saves, discarded: state.dirty, state };
}

async function* terminalKeys(): AsyncIterable<Key[]> {
  const decoder = new TextDecoder();
  for await (const chunk of Deno.stdin.readable) {
    yield decodeKeys(decoder.decode(chunk, { stream: true }));
  }
}

function terminalSize(): { columns: number; rows: number } {
  try {
    return Deno.consoleSize();
  } catch (error) {
    if (error instanceof Deno.errors.NotSupported || error instanceof Deno.errors.BadResource) {
      return { columns: 80, rows: 24 }; // not a console: a conventional size
    }
    throw error;
  }
}

/** Edits the project config (or the global one) in the terminal. */
export async function editConfig(ctx: Context, options: { global: boolean }): Promise<number> {
  if (!Deno.stdin.isTerminal() || !ctx.stdout.isTerminal) {
    throw new SuperAgentsError("NOT_A_TERMINAL", "config edit needs an interactive terminal", {
      hint: "in scripts use `super-agents config set <key> <value>` (and `config list` to read)",
    });
  }
  const path = options.global ? globalConfigPath(ctx) : requireProject(ctx).config;
  const file = await readConfigObject(path);
  Deno.stdin.setRaw(true);
  ctx.stdout.write("\x1b[?1049h\x1b[?25l");
  let outcome: EditorOutcome;
  try {
    outcome = await runConfigEditor(
      { keys: terminalKeys(), screen: ctx.stdout, size: terminalSize, color: ctx.color },
      path,
      file,
    );
  } finally {
    ctx.stdout.write("\x1b[?25h\x1b[?1049l");
    Deno.stdin.setRaw(false);
  }
  const summary = outcome.saves ? `saved ${path}` : "nothing saved";
  ctx.stdout.write(`${summary}${outcome.discarded ? " (unsaved changes discarded)" : ""}\n`);
  return 0;
}
