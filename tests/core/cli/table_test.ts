/** The CLI's one table formatter: columns padded to their widest cell, the last one unpadded. */
import assert from "node:assert/strict";
import { formatRows, formatTable } from "../../../core/cli/table.ts";

Deno.test("formatTable pads every column but the last, two spaces apart", () => {
  assert.equal(
    formatTable(["STATUS", "PORT", "PID", "PROJECT"], [
      ["running", "5020", "4242", "/home/u/app"],
      ["stopped", "-", "-", "/home/u/idle"],
    ]),
    "STATUS   PORT  PID   PROJECT\n" +
      "running  5020  4242  /home/u/app\n" +
      "stopped  -     -     /home/u/idle\n",
  );
});

Deno.test("formatTable trims what an empty last cell would leave and tolerates short rows", () => {
  assert.equal(
    formatTable(["NAME", "COST"], [["total", ""], ["a"]]),
    "NAME   COST\ntotal\na\n",
  );
  assert.equal(formatTable(["ONLY"], []), "ONLY\n");
});

Deno.test("formatRows aligns headerless rows, indents every line, and tolerates ragged rows", () => {
  assert.equal(
    formatRows([["queued", "3"], ["dead", "12"], ["leased"]], "  "),
    "  queued  3\n  dead    12\n  leased\n",
  );
  assert.equal(formatRows([]), "");
  assert.equal(formatRows([["a\tb", "x"], ["", "y"]]), "a\tb  x\n     y\n");
});
