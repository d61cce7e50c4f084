/**
 * Concurrency: separate processes appending through the one appender at the
 * same time produce exactly the expected lines, a verifying chain and unique
 * ids; a writer killed with SIGKILL mid-batch leaves a log that verifies
 * after the next append's automatic tail repair.
 */

import { deepEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { projectPaths } from "../../../core/paths.ts";
import { closeEventLogs, emitEvent } from "../../../core/events/emit.ts";
import { eventLogPaths } from "../../../core/events/event_paths.ts";
import { verifyLog } from "../../../core/events/verify.ts";
import { spawnWriter } from "../../support/event_writer.ts";

async function project(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "events-concurrency-" });
  await Deno.mkdir(join(root, ".claude", "events"), { recursive: true });
  return root;
}

Deno.test("8 processes × 2,000 events: 16,000 valid lines, chain verifies, ids unique", async () => {
  const root = await project();
  try {
    const writers = Array.from({ length: 8 }, (_, w) => spawnWriter(root, w, 2000));
    const results = await Promise.all(writers.map((child) => child.output()));
    for (const result of results) {
      equal(result.code, 0, new TextDecoder().decode(result.stderr));
    }
    const text = await Deno.readTextFile(join(root, ".claude", "events", "log.ndjson"));
    const lines = text.trimEnd().split("\n");
    equal(lines.length, 16_000);
    const events = lines.map((line) => JSON.parse(line));
    equal(new Set(events.map((event) => event.id)).size, 16_000);
    const pairs = new Set(events.map((event) => `${event.payload.writer}:${event.payload.i}`));
    equal(pairs.size, 16_000);
    deepEqual(events.map((event) => event.seq), Array.from({ length: 16_000 }, (_, i) => i + 1));
    const report = await verifyLog(eventLogPaths(projectPaths(root)));
    ok(report.ok, JSON.stringify(report.firstBad));
    equal(report.lines, 16_000);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("kill -9 of a writer mid-batch: the log verifies after auto-repair", async () => {
  const root = await project();
  const paths = projectPaths(root);
  try {
    const child = spawnWriter(root, 1, 0, { batch: 200, forever: true });
    const reader = child.stdout.getReader();
    await reader.read(); // "ready": at least one batch is stored
    await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill("SIGKILL");
    await child.status;
    reader.releaseLock();
    await child.stdout.cancel();
    await child.stderr.cancel();
    // Whatever the kill left, it is a prefix of whole batches plus at most one torn write.
    const logPath = eventLogPaths(paths).log;
    const before = await Deno.readTextFile(logPath);
    const cut = before.length - 37; // also simulate the torn write a power cut can leave
    await Deno.writeTextFile(logPath, before.slice(0, cut));
    const after = await emitEvent(paths, { type: "test.after-crash" });
    await closeEventLogs();
    const report = await verifyLog(eventLogPaths(paths));
    ok(report.ok, JSON.stringify(report.firstBad));
    equal(report.lastSeq, after.seq);
    const quarantine = await Deno.readTextFile(eventLogPaths(paths).quarantine);
    ok(quarantine.includes("torn write"));
  } finally {
    await closeEventLogs();
    await Deno.remove(root, { recursive: true });
  }
});
