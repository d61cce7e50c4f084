/** Repair: bad lines go to quarantine, good events are kept and re-chained, and it says so. */

import { deepEqual, equal, ok } from "node:assert/strict";
import { EventAppender } from "../../../core/events/appender.ts";
import { repairLog } from "../../../core/events/repair.ts";
import { verifyLog } from "../../../core/events/verify.ts";
import { type LogFixture, logFixture, logLines, testSettings, writeLines } from "./fixtures.ts";

/** Runs repair and returns the payload indices of `test.n` events left, plus the report. */
async function repairAndRead(fx: LogFixture) {
  const appender = new EventAppender(fx.files, testSettings);
  try {
    const report = await repairLog(appender);
    const verified = await verifyLog(fx.files);
    ok(verified.ok, JSON.stringify(verified.firstBad));
    const events = (await logLines(fx.files)).map((line) => JSON.parse(line));
    const kept = events.filter((event) => event.type === "test.n").map((event) => event.payload.i);
    // The log stays appendable after the repair.
    await appender.append({ type: "test.after-repair" });
    ok((await verifyLog(fx.files)).ok);
    return { report, kept, events };
  } finally {
    await appender.close();
  }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

Deno.test("repair of a log that verifies does nothing", async () => {
  const fx = await logFixture(5);
  try {
    const before = await Deno.readTextFile(fx.files.log);
    const { report } = await repairAndRead(fx);
    equal(report.repaired, false);
    ok((await Deno.readTextFile(fx.files.log)).startsWith(before));
  } finally {
    await fx.cleanup();
  }
});

Deno.test("repair quarantines a torn last line and keeps the rest", async () => {
  const fx = await logFixture(10);
  try {
    const text = await Deno.readTextFile(fx.files.log);
    await Deno.writeTextFile(fx.files.log, text.slice(0, text.length - 30));
    const { report, kept, events } = await repairAndRead(fx);
    equal(report.repaired, true);
    equal(report.quarantined, 1);
    deepEqual(kept, range(9));
    const repaired = events.find((event) => event.type === "events.repaired");
    equal(repaired.payload.firstBadLine, 10);
    const quarantine = (await Deno.readTextFile(fx.files.quarantine)).trim().split("\n");
    equal(quarantine.length, 1);
    equal(JSON.parse(quarantine[0]).line, 10);
  } finally {
    await fx.cleanup();
  }
});

Deno.test("repair quarantines an edited line and re-chains everything after it", async () => {
  const fx = await logFixture(10);
  try {
    const lines = await logLines(fx.files);
    const original = lines[4];
    lines[4] = lines[4].replace('"i":4', '"i":7');
    await writeLines(fx.files, lines);
    const { report, kept } = await repairAndRead(fx);
    equal(report.quarantined, 1);
    equal(report.rechained, 5);
    deepEqual(kept, [0, 1, 2, 3, 5, 6, 7, 8, 9]);
    const quarantined = JSON.parse((await Deno.readTextFile(fx.files.quarantine)).trim());
    equal(quarantined.raw, original.replace('"i":4', '"i":7'));
    equal(quarantined.line, 5);
  } finally {
    await fx.cleanup();
  }
});

Deno.test("repair of a flipped byte keeps every other event", async () => {
  const fx = await logFixture(9);
  try {
    const bytes = await Deno.readFile(fx.files.log);
    bytes[Math.floor(bytes.length / 2)] ^= 0x04;
    await Deno.writeFile(fx.files.log, bytes);
    const { report, kept } = await repairAndRead(fx);
    equal(report.quarantined, 1);
    equal(kept.length, 8);
  } finally {
    await fx.cleanup();
  }
});

Deno.test("repair after a deleted line re-chains the following events", async () => {
  const fx = await logFixture(8);
  try {
    const lines = await logLines(fx.files);
    lines.splice(2, 1);
    await writeLines(fx.files, lines);
    const { report, kept } = await repairAndRead(fx);
    equal(report.quarantined, 0);
    equal(report.rechained, 5);
    deepEqual(kept, [0, 1, 3, 4, 5, 6, 7]);
  } finally {
    await fx.cleanup();
  }
});

Deno.test("repair puts swapped lines back in order without losing either", async () => {
  const fx = await logFixture(8);
  try {
    const lines = await logLines(fx.files);
    [lines[3], lines[4]] = [lines[4], lines[3]];
    await writeLines(fx.files, lines);
    const { report, kept } = await repairAndRead(fx);
    equal(report.quarantined, 0);
    deepEqual(kept, range(8));
  } finally {
    await fx.cleanup();
  }
});

Deno.test("repair drops a duplicated line into quarantine", async () => {
  const fx = await logFixture(5);
  try {
    const lines = await logLines(fx.files);
    lines.splice(3, 0, lines[1]);
    await writeLines(fx.files, lines);
    const { report, kept } = await repairAndRead(fx);
    equal(report.quarantined, 1);
    deepEqual(kept, range(5));
    ok((await Deno.readTextFile(fx.files.quarantine)).includes("duplicate event id"));
  } finally {
    await fx.cleanup();
  }
});

Deno.test("repair handles a garbage first line", async () => {
  const fx = await logFixture(4);
  try {
    const lines = await logLines(fx.files);
    lines[0] = "garbage";
    await writeLines(fx.files, lines);
    const { report, kept } = await repairAndRead(fx);
    equal(report.quarantined, 1);
    deepEqual(kept, [1, 2, 3]);
  } finally {
    await fx.cleanup();
  }
});
