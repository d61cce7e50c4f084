/** Trigger consumption: once only, retries, failures with reasons, retention, stale reclaim. */

import { deepEqual, equal, match, ok, rejects } from "node:assert/strict";
import { join } from "node:path";
import { closeEventLogs } from "../../../core/events/emit.ts";
import { projectPaths } from "../../../core/paths.ts";
import { processTriggers } from "../../../core/triggers/process_triggers.ts";
import type { Trigger } from "../../../core/triggers/schema.ts";
import { triggerDirs } from "../../../core/triggers/trigger_paths.ts";
import { writeTrigger } from "../../../core/triggers/write_trigger.ts";

async function project() {
  const root = await Deno.makeTempDir({ prefix: "triggers-test-" });
  await Deno.mkdir(join(root, ".claude", "triggers"), { recursive: true });
  const paths = projectPaths(root);
  return {
    paths,
    dirs: triggerDirs(paths),
    cleanup: async () => {
      await closeEventLogs();
      await Deno.remove(root, { recursive: true });
    },
  };
}

const names = (dir: string) =>
  [...Deno.readDirSync(dir)].filter((entry) => entry.isFile).map((entry) => entry.name).sort();

Deno.test("valid triggers are processed exactly once even with two processors racing", async () => {
  const p = await project();
  try {
    for (let i = 0; i < 20; i++) {
      await writeTrigger(p.paths, { type: "git.post-commit", payload: { i } });
    }
    const handled: number[] = [];
    const handler = async (trigger: Trigger) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      handled.push((trigger.payload as { i: number }).i);
    };
    const [a, b] = await Promise.all([
      processTriggers(p.paths, handler),
      processTriggers(p.paths, handler),
    ]);
    equal(a.processed + b.processed, 20);
    ok(a.skipped + b.skipped <= 20); // a processor may list the directory after the other claimed some
    deepEqual(handled.sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i));
    equal(names(p.dirs.processed).length, 20);
    deepEqual(names(p.dirs.pending), []);
    deepEqual(names(p.dirs.processing), []);
    const events = (await Deno.readTextFile(join(p.paths.events, "log.ndjson"))).trim().split("\n");
    equal(events.filter((line) => line.includes('"trigger.processed"')).length, 20);
  } finally {
    await p.cleanup();
  }
});

Deno.test("invalid JSON and invalid triggers go to failed/ at once with the reason", async () => {
  const p = await project();
  try {
    await Deno.writeTextFile(join(p.dirs.pending, "broken.json"), "{nope");
    await Deno.writeTextFile(join(p.dirs.pending, "untyped.json"), '{"payload":1}');
    let calls = 0;
    const summary = await processTriggers(p.paths, () => {
      calls++;
    });
    equal(calls, 0);
    equal(summary.failed, 2);
    deepEqual(names(p.dirs.failed), [
      "broken.json",
      "broken.json.error.json",
      "untyped.json",
      "untyped.json.error.json",
    ]);
    const broken = JSON.parse(
      await Deno.readTextFile(join(p.dirs.failed, "broken.json.error.json")),
    );
    match(broken.reason, /^invalid JSON/);
    const untyped = JSON.parse(
      await Deno.readTextFile(join(p.dirs.failed, "untyped.json.error.json")),
    );
    match(untyped.reason, /type/);
  } finally {
    await p.cleanup();
  }
});

Deno.test("a failing handler is retried up to maxAttempts, then failed with its error", async () => {
  const p = await project();
  try {
    await writeTrigger(p.paths, { type: "flaky" });
    const failing = () => {
      throw new Error("downstream unavailable");
    };
    const first = await processTriggers(p.paths, failing, { maxAttempts: 3 });
    equal(first.retried, 1);
    match(names(p.dirs.pending)[0], /\.retry-1\.json$/);
    await processTriggers(p.paths, failing, { maxAttempts: 3 });
    match(names(p.dirs.pending)[0], /\.retry-2\.json$/);
    const last = await processTriggers(p.paths, failing, { maxAttempts: 3 });
    equal(last.failed, 1);
    deepEqual(names(p.dirs.pending), []);
    const errorFile = names(p.dirs.failed).find((name) => name.endsWith(".error.json"))!;
    const error = JSON.parse(await Deno.readTextFile(join(p.dirs.failed, errorFile)));
    equal(error.reason, "downstream unavailable");
    equal(error.attempts, 3);
  } finally {
    await p.cleanup();
  }
});

Deno.test("a retry that succeeds ends in processed/", async () => {
  const p = await project();
  try {
    await writeTrigger(p.paths, { type: "flaky" });
    let attempts = 0;
    const handler = (_: Trigger, context: { attempt: number }) => {
      attempts = context.attempt;
      if (context.attempt < 2) throw new Error("not yet");
    };
    await processTriggers(p.paths, handler);
    await processTriggers(p.paths, handler);
    equal(attempts, 2);
    equal(names(p.dirs.processed).length, 1);
  } finally {
    await p.cleanup();
  }
});

Deno.test("processed/ keeps only the newest files", async () => {
  const p = await project();
  try {
    for (let i = 0; i < 6; i++) await writeTrigger(p.paths, { type: "t" });
    await processTriggers(p.paths, () => {}, { retainProcessed: 2, events: false });
    equal(names(p.dirs.processed).length, 2);
  } finally {
    await p.cleanup();
  }
});

Deno.test("a file left in processing/ by a dead processor is reclaimed and then handled", async () => {
  const p = await project();
  try {
    await Deno.mkdir(p.dirs.processing, { recursive: true });
    await Deno.writeTextFile(join(p.dirs.processing, "orphan.json"), '{"type":"x"}');
    const old = new Date(Date.now() - 3_600_000);
    await Deno.utime(join(p.dirs.processing, "orphan.json"), old, old);
    const seen: string[] = [];
    const summary = await processTriggers(p.paths, (_, context) => {
      seen.push(context.file);
    });
    equal(summary.reclaimed, 1);
    deepEqual(seen, ["orphan.retry-1.json"]);
  } finally {
    await p.cleanup();
  }
});

Deno.test("writeTrigger validates and writes atomically", async () => {
  const p = await project();
  try {
    await rejects(writeTrigger(p.paths, { type: "" }), /invalid trigger/);
    const path = await writeTrigger(p.paths, { type: "watch.changed", payload: { file: "a.ts" } });
    ok(path.endsWith("-watch-changed.json"));
    equal(JSON.parse(await Deno.readTextFile(path)).payload.file, "a.ts");
    deepEqual(names(p.dirs.pending).filter((name) => name.startsWith(".")), []);
  } finally {
    await p.cleanup();
  }
});
