/** Fault detection: each kind of damage is reported at the right line. */

import { equal, ok } from "node:assert/strict";
import { verifyLog } from "../../../core/events/verify.ts";
import { logFixture, logLines, writeLines } from "./fixtures.ts";

Deno.test("an intact log verifies", async () => {
  const fx = await logFixture(12);
  try {
    const report = await verifyLog(fx.files);
    ok(report.ok);
    equal(report.lines, 12);
    equal(report.lastSeq, 12);
  } finally {
    await fx.cleanup();
  }
});

Deno.test("a truncated last line is reported as torn on that line", async () => {
  const fx = await logFixture(10);
  try {
    const text = await Deno.readTextFile(fx.files.log);
    await Deno.writeTextFile(fx.files.log, text.slice(0, text.length - 20));
    const report = await verifyLog(fx.files);
    equal(report.ok, false);
    equal(report.firstBad?.line, 10);
    equal(report.firstBad?.kind, "torn");
  } finally {
    await fx.cleanup();
  }
});

Deno.test("a flipped byte in the middle is reported on its line", async () => {
  const fx = await logFixture(11);
  try {
    const bytes = await Deno.readFile(fx.files.log);
    const middle = Math.floor(bytes.length / 2);
    const line = bytes.subarray(0, middle).filter((byte) => byte === 0x0a).length + 1;
    bytes[middle] ^= 0x01;
    await Deno.writeFile(fx.files.log, bytes);
    const report = await verifyLog(fx.files);
    equal(report.ok, false);
    equal(report.firstBad?.line, line);
    ok(["edited", "invalid"].includes(report.firstBad!.kind), report.firstBad?.reason);
  } finally {
    await fx.cleanup();
  }
});

Deno.test("an edited value is a hash mismatch on that line", async () => {
  const fx = await logFixture(8);
  try {
    const lines = await logLines(fx.files);
    lines[4] = lines[4].replace('"i":4', '"i":9');
    await writeLines(fx.files, lines);
    const report = await verifyLog(fx.files);
    equal(report.firstBad?.line, 5);
    equal(report.firstBad?.kind, "edited");
  } finally {
    await fx.cleanup();
  }
});

Deno.test("a deleted line is a seq gap at the line that follows it", async () => {
  const fx = await logFixture(10);
  try {
    const lines = await logLines(fx.files);
    lines.splice(3, 1);
    await writeLines(fx.files, lines);
    const report = await verifyLog(fx.files);
    equal(report.firstBad?.line, 4);
    equal(report.firstBad?.kind, "missing");
  } finally {
    await fx.cleanup();
  }
});

Deno.test("a deleted last-but-one line is found too", async () => {
  const fx = await logFixture(6);
  try {
    const lines = await logLines(fx.files);
    lines.splice(4, 1);
    await writeLines(fx.files, lines);
    const report = await verifyLog(fx.files);
    equal(report.firstBad?.line, 5);
    equal(report.firstBad?.kind, "missing");
  } finally {
    await fx.cleanup();
  }
});

Deno.test("two swapped lines are reported as reordered at the first of them", async () => {
  const fx = await logFixture(10);
  try {
    const lines = await logLines(fx.files);
    [lines[5], lines[6]] = [lines[6], lines[5]];
    await writeLines(fx.files, lines);
    const report = await verifyLog(fx.files);
    equal(report.firstBad?.line, 6);
    equal(report.firstBad?.kind, "reordered");
  } finally {
    await fx.cleanup();
  }
});

Deno.test("a duplicated line is reported as reordered", async () => {
  const fx = await logFixture(5);
  try {
    const lines = await logLines(fx.files);
    lines.splice(2, 0, lines[1]);
    await writeLines(fx.files, lines);
    const report = await verifyLog(fx.files);
    equal(report.firstBad?.line, 3);
    equal(report.firstBad?.kind, "reordered");
  } finally {
    await fx.cleanup();
  }
});

Deno.test("a deleted first line is reported as missing", async () => {
  const fx = await logFixture(4);
  try {
    const lines = await logLines(fx.files);
    await writeLines(fx.files, lines.slice(1));
    const report = await verifyLog(fx.files);
    equal(report.firstBad?.line, 1);
    equal(report.firstBad?.kind, "missing");
  } finally {
    await fx.cleanup();
  }
});

Deno.test("invalid JSON is reported with the parser's reason", async () => {
  const fx = await logFixture(4);
  try {
    const lines = await logLines(fx.files);
    lines[1] = "{not json";
    await writeLines(fx.files, lines);
    const report = await verifyLog(fx.files);
    equal(report.firstBad?.line, 2);
    equal(report.firstBad?.kind, "invalid");
    ok(report.firstBad?.reason.startsWith("invalid JSON"));
  } finally {
    await fx.cleanup();
  }
});
