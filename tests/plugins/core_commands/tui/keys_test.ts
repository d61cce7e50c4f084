/**
 * Decoding raw terminal input into key presses.
 */
import assert from "node:assert/strict";
import { decodeKeys } from "../../../../plugins/core_commands/tui/keys.ts";

Deno.test("arrows in both forms, page keys, delete and home/end", () => {
  assert.deepEqual(
    decodeKeys("\x1b[A\x1bOB\x1b[5~\x1b[6~\x1b[3~\x1b[H\x1b[4~").map((k) => k.name),
    ["up", "down", "pageup", "pagedown", "delete", "home", "end"],
  );
});

Deno.test("characters, Enter (CR, LF, CRLF once), Backspace, Ctrl-C, Ctrl-U and a lone Escape", () => {
  assert.deepEqual(decodeKeys("a1\r\n\x7f\x03\x15\x1b"), [
    { name: "char", char: "a" },
    { name: "char", char: "1" },
    { name: "enter" },
    { name: "backspace" },
    { name: "ctrl-c" },
    { name: "ctrl-u" },
    { name: "escape" },
  ]);
});

Deno.test("unknown escape sequences and other control bytes are dropped", () => {
  assert.deepEqual(decodeKeys("\x1b[99Zx\x01"), [{ name: "char", char: "x" }]);
});
