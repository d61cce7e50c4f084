/** Reading and querying events across archives and the live log. */

import { deepEqual, equal } from "node:assert/strict";
import { EventAppender } from "../../../core/events/appender.ts";
import { queryEvents, type ReadStats } from "../../../core/events/reader.ts";
import { logFixture, testSettings } from "./fixtures.ts";

async function seeded() {
  const fx = await logFixture();
  let now = Date.parse("2025-03-01T00:00:00Z");
  const appender = new EventAppender(fx.files, testSettings, () => now);
  const kinds = ["task.started", "task.done", "git.commit"];
  for (let i = 0; i < 12; i++) {
    await appender.append({
      type: kinds[i % 3],
      agent: i % 2 ? "dev" : "rev",
      task: `T${i % 4}`,
      payload: { i },
    });
    now += 60_000;
    if (i % 4 === 3) await appender.rotate();
  }
  await appender.close();
  return fx;
}

const indices = (events: { payload?: unknown }[]) =>
  events.map((event) => (event.payload as { i: number }).i);

Deno.test("query reads archives transparently and filters by type, agent and task", async () => {
  const fx = await seeded();
  try {
    deepEqual(indices(await queryEvents(fx.files, { types: ["task.*"] })), [
      0,
      1,
      3,
      4,
      6,
      7,
      9,
      10,
    ]);
    deepEqual(indices(await queryEvents(fx.files, { types: ["git.commit"], agent: "rev" })), [
      2,
      8,
    ]);
    deepEqual(indices(await queryEvents(fx.files, { task: "T1" })), [1, 5, 9]);
  } finally {
    await fx.cleanup();
  }
});

Deno.test("query --limit returns the most recent matches in order", async () => {
  const fx = await seeded();
  try {
    deepEqual(indices(await queryEvents(fx.files, { types: ["task.started"], limit: 2 })), [6, 9]);
    deepEqual(await queryEvents(fx.files, { limit: 0 }), []);
  } finally {
    await fx.cleanup();
  }
});

Deno.test("since/until select a time range and skip archives outside it", async () => {
  const fx = await seeded();
  try {
    const start = Date.parse("2025-03-01T00:00:00Z");
    const stats: ReadStats = { files: 0, lines: 0, skippedLines: 0 };
    const events = await queryEvents(fx.files, {
      types: ["task.*", "git.*"],
      since: start + 8 * 60_000,
      until: start + 9 * 60_000,
      stats,
    });
    deepEqual(indices(events), [8, 9]);
    equal(stats.files, 2, "the oldest archive and the live log lie outside the range: not read");
  } finally {
    await fx.cleanup();
  }
});

Deno.test("unreadable lines are counted and skipped, not fatal", async () => {
  const fx = await seeded();
  try {
    await Deno.writeTextFile(fx.files.log, "not json\n", { append: true });
    const stats: ReadStats = { files: 0, lines: 0, skippedLines: 0 };
    const events = await queryEvents(fx.files, { types: ["git.commit"], stats });
    equal(events.length, 4);
    equal(stats.skippedLines, 1);
  } finally {
    await fx.cleanup();
  }
});
