/** The log's flock is kept across appends but never keeps other processes out for long. */

import { deepEqual, equal, ok } from "node:assert/strict";
import { EventAppender } from "../../../core/events/appender.ts";
import { readEvents } from "../../../core/events/reader.ts";
import { verifyLog } from "../../../core/events/verify.ts";
import { spawnWriter } from "../../support/event_writer.ts";
import { logFixture, testSettings } from "./fixtures.ts";

/** Whether another process can take the lock right now (`flock -n`, util-linux). */
async function lockIsFree(path: string): Promise<boolean> {
  const result = await new Deno.Command("flock", { args: ["-n", path, "true"] }).output();
  return result.code === 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether this process holds a flock on `path` now (read synchronously from /proc/locks). */
function heldHere(path: string): boolean {
  const inode = Deno.statSync(path).ino;
  return Deno.readTextFileSync("/proc/locks").split("\n").some((line) => {
    const fields = line.trim().split(/\s+/);
    return fields[1] === "FLOCK" && fields[4] === String(Deno.pid) &&
      fields[5]?.endsWith(`:${inode}`);
  });
}

Deno.test({
  name: "a lone append drops the lock at once; a burst keeps it until the process is idle",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const fx = await logFixture();
    const appender = new EventAppender(fx.files, testSettings);
    try {
      await appender.append({ type: "lone" });
      equal(heldHere(fx.files.lock), false, "released right after a lone write");
      await sleep(10);
      for (let i = 0; i < 5; i++) await appender.append({ type: "burst", payload: { i } });
      equal(heldHere(fx.files.lock), true, "kept between the writes of a burst");
      await sleep(20);
      equal(heldHere(fx.files.lock), false, "given up once idle");
      ok((await verifyLog(fx.files)).ok);
    } finally {
      await appender.close();
      await fx.cleanup();
    }
  },
});

Deno.test("an appender gives the lock up once idle", async () => {
  const fx = await logFixture();
  const appender = new EventAppender(fx.files, testSettings);
  try {
    await appender.append({ type: "first" });
    await sleep(20);
    equal(await lockIsFree(fx.files.lock), true, "given up once the appender is idle");
    await appender.append({ type: "second" });
    ok((await verifyLog(fx.files)).ok);
  } finally {
    await appender.close();
    await fx.cleanup();
  }
});

Deno.test("a process appending without pause still lets another process in", async () => {
  const fx = await logFixture();
  const appender = new EventAppender(fx.files, { ...testSettings, rotateBytes: 1 << 30 });
  try {
    const child = spawnWriter(fx.root, 7, 1, { rotateBytes: 1 << 30 });
    const childDone = child.output();
    // Appends back to back, never yielding to the event loop, for longer than the child needs.
    const until = performance.now() + 1_500;
    let batches = 0;
    while (performance.now() < until) {
      await appender.appendBatch(
        Array.from({ length: 20 }, (_, i) => ({ type: "busy", payload: { i } })),
      );
      batches++;
    }
    equal((await childDone).code, 0);
    const types: string[] = [];
    for await (const event of readEvents(fx.files)) types.push(event.type);
    const childAt = types.indexOf("test.write");
    ok(childAt >= 0, "the other process's event is in the log");
    ok(childAt < types.length - 20, "and it got in while this process was still appending");
    equal(types.filter((type) => type === "busy").length, batches * 20);
    deepEqual(types.filter((type) => type !== "busy"), ["test.write"]);
    ok((await verifyLog(fx.files)).ok);
  } finally {
    await appender.close();
    await fx.cleanup();
  }
});
