/** Rotation: archives keep the chain, lose nothing under concurrent writers, and honour retention. */

import { deepEqual, equal, ok } from "node:assert/strict";
import { EventAppender } from "../../../core/events/appender.ts";
import { listArchives } from "../../../core/events/archive.ts";
import { readEvents } from "../../../core/events/reader.ts";
import { verifyLog } from "../../../core/events/verify.ts";
import { spawnWriter } from "../../support/event_writer.ts";
import { logFixture, logLines, testSettings } from "./fixtures.ts";

Deno.test("size rotation gzips the log and the new file links to the archive's last hash", async () => {
  const fx = await logFixture();
  const appender = new EventAppender(fx.files, { ...testSettings, rotateBytes: 2000 });
  try {
    const records = [];
    for (let i = 0; i < 30; i++) {
      records.push(await appender.append({ type: "r.n", payload: { i } }));
    }
    const archives = listArchives(fx.files.archive);
    ok(archives.length >= 2, `expected rotations, got ${archives.length}`);
    ok(archives.every((archive) => archive.gzip && archive.name.endsWith(".ndjson.gz")));
    const first = JSON.parse((await logLines(fx.files))[0]);
    equal(first.type, "events.rotated");
    equal(first.payload.archive, archives[archives.length - 1].name);
    equal(first.prev_hash, first.payload.lastHash);
    ok((await verifyLog(fx.files)).ok, "the live log verifies on its own");
    const all = await verifyLog(fx.files, { all: true });
    ok(all.ok, JSON.stringify(all.firstBad));
    equal(all.files.length, archives.length + 1);
    const replayed = [];
    for await (const event of readEvents(fx.files, { types: ["r.n"] })) {
      replayed.push(event.payload);
    }
    deepEqual(replayed, records.map((record) => record.payload));
  } finally {
    await appender.close();
    await fx.cleanup();
  }
});

Deno.test("age rotation happens on the first append after the age limit", async () => {
  const fx = await logFixture();
  let now = Date.parse("2025-01-01T00:00:00Z");
  const appender = new EventAppender(fx.files, { ...testSettings, rotateAgeHours: 1 }, () => now);
  try {
    await appender.append({ type: "old" });
    now += 3_600_000;
    await appender.append({ type: "new" });
    const archives = listArchives(fx.files.archive);
    equal(archives.length, 1);
    equal(archives[0].name, "2025-01-01T01-00-00.000Z.ndjson.gz");
    const types = (await logLines(fx.files)).map((line) => JSON.parse(line).type);
    deepEqual(types, ["events.rotated", "new"]);
    equal(JSON.parse((await logLines(fx.files))[0]).payload.reason, "age");
    ok((await verifyLog(fx.files, { all: true })).ok);
  } finally {
    await appender.close();
    await fx.cleanup();
  }
});

Deno.test("retention keeps the newest archives and verify --all still passes", async () => {
  const fx = await logFixture();
  const appender = new EventAppender(fx.files, { ...testSettings, retainArchives: 2 });
  try {
    for (let i = 0; i < 5; i++) {
      await appender.append({ type: "k.n", payload: { i } });
      await appender.rotate();
    }
    equal(listArchives(fx.files.archive).length, 2);
    const report = await verifyLog(fx.files, { all: true });
    ok(report.ok, JSON.stringify(report.firstBad));
  } finally {
    await appender.close();
    await fx.cleanup();
  }
});

Deno.test("a deleted live log continues the chain from the newest archive", async () => {
  const fx = await logFixture();
  const appender = new EventAppender(fx.files, testSettings);
  try {
    await appender.append({ type: "a" });
    await appender.rotate();
    await appender.append({ type: "b" });
    await new Promise((resolve) => setTimeout(resolve, 10)); // the idle appender gives up its lock
    await Deno.remove(fx.files.log); // as a crash between rename and first write would leave it
    await Deno.writeTextFile(fx.files.log, "");
    const next = await appender.append({ type: "c" });
    const types = (await logLines(fx.files)).map((line) => JSON.parse(line).type);
    deepEqual(types, ["events.rotated", "c"]);
    equal(next.seq, 3);
    ok((await verifyLog(fx.files, { all: true })).ok);
  } finally {
    await appender.close();
    await fx.cleanup();
  }
});

Deno.test("a broken link across the archive boundary is reported", async () => {
  const fx = await logFixture();
  const appender = new EventAppender(fx.files, testSettings);
  try {
    await appender.append({ type: "a" });
    await appender.rotate();
    await appender.append({ type: "b" });
    await appender.close();
    const lines = await logLines(fx.files);
    await Deno.writeTextFile(fx.files.log, lines.slice(1).join("\n") + "\n");
    const report = await verifyLog(fx.files, { all: true });
    equal(report.ok, false);
    equal(report.firstBad?.file, "log.ndjson");
    equal(report.firstBad?.line, 1);
  } finally {
    await appender.close();
    await fx.cleanup();
  }
});

Deno.test("rotation under 4 concurrent writer processes loses nothing; verify --all passes", async () => {
  const fx = await logFixture();
  try {
    const writers = Array.from(
      { length: 4 },
      (_, w) => spawnWriter(fx.root, w, 500, { rotateBytes: 24 * 1024, retainArchives: 0 }), // keep all
    );
    const results = await Promise.all(writers.map((child) => child.output()));
    for (const result of results) equal(result.code, 0, new TextDecoder().decode(result.stderr));
    ok(listArchives(fx.files.archive).length >= 5, "several rotations happened");
    const report = await verifyLog(fx.files, { all: true });
    ok(report.ok, JSON.stringify(report.firstBad));
    const seen = new Set<string>();
    const ids = new Set<string>();
    for await (const event of readEvents(fx.files)) {
      ids.add(event.id);
      if (event.type === "test.write") {
        const payload = event.payload as { writer: number; i: number };
        seen.add(`${payload.writer}:${payload.i}`);
      }
    }
    equal(seen.size, 2000);
    equal(ids.size, report.lines);
  } finally {
    await fx.cleanup();
  }
});
