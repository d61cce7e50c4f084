/** emitEvent/emitEvents: validation at the boundary, payload schemas, project config. */

import { deepEqual, equal, match, rejects } from "node:assert/strict";
import { join } from "node:path";
import { z } from "../../../core/deps.ts";
import { closeEventLogs, emitEvent, emitEvents, eventLogFor } from "../../../core/events/emit.ts";
import { registerPayloadSchema } from "../../../core/events/payloads.ts";
import { logFixture, logLines } from "./fixtures.ts";

Deno.test("emitEvent stores the input with snake_case correlation_id and returns the record", async () => {
  const fx = await logFixture();
  try {
    const record = await emitEvent(fx.paths, {
      type: "task.started",
      agent: "dev",
      task: "T1",
      correlationId: "toolu_0123456789abcdefghijABCD",
      payload: { n: 1 },
    });
    equal(record.correlation_id, "toolu_0123456789abcdefghijABCD");
    const batch = await emitEvents(fx.paths, [{ type: "a" }, { type: "b", parent: record.id }]);
    deepEqual(batch.map((event) => event.seq), [2, 3]);
    deepEqual(JSON.parse((await logLines(fx.files))[0]), record);
  } finally {
    await closeEventLogs();
    await fx.cleanup();
  }
});

Deno.test("invalid input is refused before anything is written", async () => {
  const fx = await logFixture();
  try {
    await rejects(emitEvent(fx.paths, { type: "has space" }), /invalid event type/);
    await rejects(emitEvent(fx.paths, { type: "x", correlationId: "req-1" }), /correlationId/);
    registerPayloadSchema("test.typed", z.object({ count: z.number() }));
    await rejects(
      emitEvent(fx.paths, { type: "test.typed", payload: { count: "3" } }),
      /payload\.count/,
    );
    await rejects(emitEvents(fx.paths, [{ type: "ok" }, { type: "" }]));
    await emitEvent(fx.paths, { type: "test.typed", payload: { count: 3 } });
    equal((await logLines(fx.files)).length, 1);
  } finally {
    await closeEventLogs();
    await fx.cleanup();
  }
});

Deno.test("the appender takes its settings from the project's config", async () => {
  const fx = await logFixture();
  try {
    await Deno.writeTextFile(
      join(fx.root, ".claude", "config.json"),
      JSON.stringify({ events: { fsync: "group", groupCommitMs: 7 } }),
    );
    const appender = await eventLogFor(fx.paths);
    equal(appender.settings.fsync, "group");
    equal(appender.settings.groupCommitMs, 7);
    match((await emitEvent(fx.paths, { type: "x" })).id, /^[0-9A-Z]{26}$/);
  } finally {
    await closeEventLogs();
    await fx.cleanup();
  }
});
