/**
 * The `config edit` state machine on a fake key stream, with the real
 * schema validator: moving, editing with inline errors, committing,
 * cancelling, saving and quitting.
 */
import assert from "node:assert/strict";
import { configRows, configValidator } from "../../../../plugins/core_commands/tui/config_rows.ts";
import {
  type EditorEffect,
  type EditorState,
  initialState,
  reduce,
} from "../../../../plugins/core_commands/tui/editor_state.ts";
import { decodeKeys } from "../../../../plugins/core_commands/tui/keys.ts";

const ORIGIN = "/project/.claude/config.json";
const validate = configValidator(ORIGIN);

function start(file: Record<string, unknown> = { schemaVersion: 1 }): EditorState {
  return initialState(file, configRows(file, ORIGIN));
}

/** Feeds raw terminal input; returns the final state and every effect. */
function type(state: EditorState, input: string): [EditorState, EditorEffect[]] {
  const effects: EditorEffect[] = [];
  for (const key of decodeKeys(input)) {
    const [next, effect] = reduce(state, key, validate);
    state = next;
    if (effect) effects.push(effect);
  }
  return [state, effects];
}

function cursorAt(state: EditorState, key: string): string {
  const steps = state.rows.findIndex((row) => row.key === key) - state.cursor;
  return (steps >= 0 ? "\x1b[B" : "\x1b[A").repeat(Math.abs(steps));
}

Deno.test("rows show every key, marking defaults; the cursor stays inside the list", () => {
  const state = start({ schemaVersion: 1, km: { portMax: 5200 } });
  const portMax = state.rows.find((row) => row.key === "km.portMax");
  assert.deepEqual(portMax, { key: "km.portMax", text: "5200", inFile: true });
  assert.equal(state.rows.find((row) => row.key === "km.portMin")?.inFile, false);
  const [top] = type(state, "\x1b[Ak");
  assert.equal(top.cursor, 0);
  const [bottom] = type(state, "\x1b[6~".repeat(50) + "j");
  assert.equal(bottom.cursor, state.rows.length - 1);
});

Deno.test("an invalid value is rejected inline as it is typed and cannot be committed", () => {
  const state = start();
  let [edited] = type(state, cursorAt(state, "km.portMax") + "\r\x1580");
  assert.equal(edited.mode, "edit");
  assert.match(edited.error ?? "", /km\.portMax: Too small: expected number to be >=1024/);
  [edited] = type(edited, "\r");
  assert.equal(edited.mode, "edit", "Enter does not commit an invalid value");
  [edited] = type(edited, "x");
  assert.match(edited.error ?? "", /is not a number/);
  [edited] = type(edited, "\x7f00");
  assert.equal(edited.error, undefined);
  assert.equal(edited.buffer, "8000");
  const [committed] = type(edited, "\r");
  assert.equal(committed.mode, "browse");
  assert.equal(committed.dirty, true);
  assert.deepEqual(committed.file, { schemaVersion: 1, km: { portMax: 8000 } });
  assert.equal(committed.rows.find((row) => row.key === "km.portMax")?.text, "8000");
});

Deno.test("cross-key rules and enums are checked too", () => {
  const state = start({ schemaVersion: 1, km: { portMax: 6000 } });
  const [ports] = type(state, cursorAt(state, "km.portMin") + "\r\x157000");
  assert.match(ports.error ?? "", /km.portMin \(7000\) is above km.portMax \(6000\)/);
  const [level] = type(state, cursorAt(state, "log.level") + "\r\x15loud");
  assert.match(level.error ?? "", /log\.level/);
});

Deno.test("Escape cancels an edit without changing the file", () => {
  const state = start();
  const [after] = type(state, cursorAt(state, "km.portMax") + "\r\x156000\x1b");
  assert.equal(after.mode, "browse");
  assert.equal(after.dirty, false);
  assert.deepEqual(after.file, { schemaVersion: 1 });
});

Deno.test("s asks to save; q quits at once when clean and asks again when dirty", () => {
  const clean = start();
  assert.deepEqual(type(clean, "s")[1], ["save"]);
  assert.deepEqual(type(clean, "q")[1], ["quit"]);
  const [dirty] = type(clean, cursorAt(clean, "km.portMax") + "\r\x156000\r");
  const [warned, none] = type(dirty, "q");
  assert.deepEqual(none, []);
  assert.match(warned.message ?? "", /unsaved changes/);
  assert.deepEqual(type(warned, "q")[1], ["quit"]);
  assert.deepEqual(type(dirty, "\x03")[1], ["quit"], "Ctrl-C always quits");
});
