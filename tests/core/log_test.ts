/** Structured logging: JSON lines, levels, children, size rotation keeping N files. */

import { deepEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { createLogger, logLevelFor } from "../../core/log.ts";

async function tempDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "log-test-" });
}

Deno.test("lines are JSON with ts, level, component, msg and fields; below-level lines are dropped", async () => {
  const dir = await tempDir();
  try {
    const file = join(dir, "km.log");
    const log = createLogger({ component: "km", file, level: "info", now: () => 0 });
    log.debug("hidden");
    log.info("listening", { port: 5001 });
    log.child("http").error("failed", { error: new Error("boom") });
    log.close();
    const lines = (await Deno.readTextFile(file)).trim().split("\n").map((line) =>
      JSON.parse(line)
    );
    equal(lines.length, 2);
    deepEqual(lines[0], {
      ts: "1970-01-01T00:00:00.000Z",
      level: "info",
      component: "km",
      msg: "listening",
      fields: { port: 5001 },
    });
    equal(lines[1].component, "km.http");
    equal(lines[1].fields.error.message, "boom");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--debug selects the debug level", () => {
  equal(logLevelFor(true, "warn"), "debug");
  equal(logLevelFor(false, "warn"), "warn");
});

Deno.test("size rotation keeps the configured number of old files", async () => {
  const dir = await tempDir();
  try {
    const file = join(dir, "worker.log");
    const log = createLogger({ component: "worker", file, maxBytes: 1000, keep: 2 });
    for (let i = 0; i < 100; i++) log.info("message", { i, pad: "x".repeat(50) });
    log.close();
    const names = [...Deno.readDirSync(dir)].map((entry) => entry.name).filter((n) =>
      !n.endsWith(".lock")
    )
      .sort();
    deepEqual(names, ["worker.log", "worker.log.1", "worker.log.2"]);
    for (const name of names) ok(Deno.statSync(join(dir, name)).size <= 1000, name);
    const last = (await Deno.readTextFile(file)).trim().split("\n").map((line) => JSON.parse(line));
    equal(last[last.length - 1].fields.i, 99);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("two loggers on one file (as two processes) both keep writing across rotations", async () => {
  const dir = await tempDir();
  try {
    const file = join(dir, "shared.log");
    const a = createLogger({ component: "a", file, maxBytes: 2000, keep: 5 });
    const b = createLogger({ component: "b", file, maxBytes: 2000, keep: 5 });
    for (let i = 0; i < 40; i++) {
      a.info("m", { i });
      b.info("m", { i });
    }
    a.close();
    b.close();
    let total = 0;
    for (const entry of Deno.readDirSync(dir)) {
      if (entry.name.endsWith(".lock")) continue;
      const text = await Deno.readTextFile(join(dir, entry.name));
      for (const line of text.trim().split("\n")) {
        JSON.parse(line);
        total++;
      }
    }
    equal(total, 80);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
