/** The appender: chaining, batches, durability policies and automatic tail repair. */

import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { EventAppender } from "../../../core/events/appender.ts";
import { chainHash, splitLine } from "../../../core/events/chain.ts";
import { GENESIS_HASH } from "../../../core/events/schema.ts";
import { verifyLog } from "../../../core/events/verify.ts";
import { logFixture, logLines, testSettings } from "./fixtures.ts";

Deno.test("events are chained: seq from 1, prev_hash links, hash over prev + content", async () => {
  const fx = await logFixture();
  const appender = new EventAppender(fx.files, testSettings);
  try {
    const first = await appender.append({ type: "a.one", payload: { z: 1, a: [2] } });
    const second = await appender.append({ type: "a.two", agent: "dev", task: "T1" });
    equal(first.seq, 1);
    equal(first.prev_hash, GENESIS_HASH);
    equal(second.seq, 2);
    equal(second.prev_hash, first.hash);
    const [line1, line2] = await logLines(fx.files);
    const parts = splitLine(line1)!;
    equal(parts.hash, first.hash);
    equal(chainHash(GENESIS_HASH, parts.content), first.hash);
    ok(line1.includes('"payload":{"a":[2],"z":1}'), "keys are sorted (canonical JSON)");
    deepEqual(JSON.parse(line2), second);
  } finally {
    await appender.close();
    await fx.cleanup();
  }
});

Deno.test("a batch is written together with consecutive seq numbers", async () => {
  const fx = await logFixture(2);
  const appender = new EventAppender(fx.files, testSettings);
  try {
    const records = await appender.appendBatch([{ type: "b.x" }, { type: "b.y" }, { type: "b.z" }]);
    deepEqual(records.map((record) => record.seq), [3, 4, 5]);
    equal(new Set(records.map((record) => record.id)).size, 3);
    ok((await verifyLog(fx.files)).ok);
  } finally {
    await appender.close();
    await fx.cleanup();
  }
});

for (const fsync of ["always", "group", "never"] as const) {
  Deno.test(`fsync=${fsync}: concurrent appends all resolve and the chain verifies`, async () => {
    const fx = await logFixture();
    const appender = new EventAppender(fx.files, { ...testSettings, fsync, groupCommitMs: 3 });
    try {
      const records = await Promise.all(
        Array.from({ length: 300 }, (_, i) => appender.append({ type: "c.n", payload: { i } })),
      );
      deepEqual(
        records.map((record) => record.seq).sort((a, b) => a - b),
        records.map((_, i) => i + 1),
      );
      equal((await logLines(fx.files)).length, 300);
      ok((await verifyLog(fx.files)).ok);
    } finally {
      await appender.close();
      await fx.cleanup();
    }
  });
}

Deno.test("two appenders on one log (as two processes would) keep one chain", async () => {
  const fx = await logFixture();
  const a = new EventAppender(fx.files, testSettings);
  const b = new EventAppender(fx.files, testSettings);
  try {
    const writes = [];
    for (let i = 0; i < 100; i++) {
      writes.push((i % 2 ? a : b).append({ type: "two.n", payload: { i } }));
    }
    await Promise.all(writes);
    const report = await verifyLog(fx.files);
    ok(report.ok, JSON.stringify(report.firstBad));
    equal(report.lines, 100);
  } finally {
    await a.close();
    await b.close();
    await fx.cleanup();
  }
});

Deno.test("a torn last line is quarantined on the next append and recorded as an event", async () => {
  const fx = await logFixture(5);
  try {
    await Deno.writeTextFile(fx.files.log, '{"id":"01J","ts":12', { append: true });
    const appender = new EventAppender(fx.files, testSettings);
    const record = await appender.append({ type: "after.crash" });
    await appender.close();
    const events = (await logLines(fx.files)).map((line) => JSON.parse(line));
    deepEqual(events.map((event) => event.type).slice(5), ["events.quarantined", "after.crash"]);
    equal(events[5].payload.reason, "torn write: no trailing newline");
    equal(record.seq, 7);
    const quarantined = JSON.parse(await Deno.readTextFile(fx.files.quarantine));
    equal(quarantined.raw, '{"id":"01J","ts":12');
    ok((await verifyLog(fx.files)).ok);
  } finally {
    await fx.cleanup();
  }
});

Deno.test("an unparsable complete last line is quarantined too", async () => {
  const fx = await logFixture(3);
  try {
    await Deno.writeTextFile(fx.files.log, "half a line\n", { append: true });
    const appender = new EventAppender(fx.files, testSettings);
    await appender.append({ type: "next" });
    await appender.close();
    ok((await verifyLog(fx.files)).ok);
    ok((await Deno.readTextFile(fx.files.quarantine)).includes("half a line"));
  } finally {
    await fx.cleanup();
  }
});

Deno.test("a cached tail is re-read when another writer changed the file", async () => {
  const fx = await logFixture(1);
  const a = new EventAppender(fx.files, testSettings);
  const b = new EventAppender(fx.files, testSettings);
  try {
    await a.append({ type: "from.a" });
    await b.append({ type: "from.b" });
    const third = await a.append({ type: "from.a" });
    equal(third.seq, 4);
    ok((await verifyLog(fx.files)).ok);
  } finally {
    await a.close();
    await b.close();
    await fx.cleanup();
  }
});

Deno.test("a write to an unwritable directory fails with a hint", async () => {
  const fx = await logFixture();
  try {
    await Deno.writeTextFile(fx.files.dir + "/blocker", "");
    const appender = new EventAppender(
      {
        ...fx.files,
        dir: fx.files.dir + "/blocker/sub",
        log: fx.files.dir + "/blocker/sub/log.ndjson",
        lock: fx.files.lock,
      },
      testSettings,
    );
    await rejects(appender.append({ type: "x" }), /cannot append|Not a directory|ENOTDIR/);
    await appender.close();
  } finally {
    await fx.cleanup();
  }
});

Deno.test("group commit acknowledges a durable append only after an fsync that covers it", async () => {
  const fx = await logFixture();
  const appender = new EventAppender(fx.files, {
    ...testSettings,
    fsync: "group",
    groupCommitMs: 20,
  });
  const trace: string[] = [];
  const original = Deno.FsFile.prototype.syncData;
  Deno.FsFile.prototype.syncData = function (this: Deno.FsFile) {
    trace.push("fsync");
    return original.call(this);
  };
  try {
    const durable = appender.append({ type: "g.durable" }).then(() => trace.push("durable acked"));
    const fast = appender.append({ type: "g.fast" }, { durable: false }).then(() =>
      trace.push("non-durable acked")
    );
    await Promise.all([durable, fast]);
    deepEqual(trace, ["non-durable acked", "fsync", "durable acked"]);
    const many = await Promise.all(
      Array.from({ length: 50 }, (_, i) => appender.append({ type: "g.n", payload: { i } })),
    );
    equal(many.length, 50);
    ok(trace.filter((step) => step === "fsync").length < 50, "fsyncs are shared by a group");
  } finally {
    Deno.FsFile.prototype.syncData = original;
    await appender.close();
    await fx.cleanup();
  }
});
