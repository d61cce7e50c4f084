/**
 * Every event is redacted where it is chained, before its hash: the log's
 * bytes hold no secret whichever way the event came in (`emitEvent` or the
 * appender directly), the chain still verifies, and the log, its archives,
 * its quarantine file and its directory are private to the user.
 */

import { deepEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { EventAppender } from "../../../core/events/appender.ts";
import { listArchives } from "../../../core/events/archive.ts";
import { repairLog } from "../../../core/events/repair.ts";
import { closeEventLogs, emitEvent } from "../../../core/events/emit.ts";
import { verifyLog } from "../../../core/events/verify.ts";
import { AWS_KEY_ID, GITHUB_TOKEN, PRIVATE_KEY } from "../../plugins/local_checks/secrets.ts";
import { logFixture, logLines, testSettings } from "./fixtures.ts";

const modeOf = (path: string) => Deno.statSync(path).mode! & 0o777;

Deno.test("emitEvent writes a redacted payload and the chain verifies", async () => {
  const fx = await logFixture();
  try {
    const record = await emitEvent(fx.paths, {
      type: "claude.PostToolUse",
      payload: {
        tool_input: { command: `curl -H "Authorization: Bearer ${GITHUB_TOKEN}" https://x.test` },
        tool_response: { content: "DB_USER=app\nDB_PASSWORD=hunter2!x\n" },
      },
    });
    await closeEventLogs();
    const bytes = await Deno.readTextFile(fx.files.log);
    ok(!bytes.includes(GITHUB_TOKEN), bytes);
    ok(!bytes.includes("hunter2!x"), bytes);
    deepEqual(record.payload, {
      tool_input: {
        command: 'curl -H "Authorization: Bearer [REDACTED:github-token]" https://x.test',
      },
      tool_response: { content: "DB_USER=app\nDB_PASSWORD=[REDACTED:secret-assignment]\n" },
    });
    deepEqual(JSON.parse(bytes).payload, record.payload, "what is returned is what is stored");
    const report = await verifyLog(fx.files);
    ok(report.ok, JSON.stringify(report.firstBad));
  } finally {
    await closeEventLogs();
    await fx.cleanup();
  }
});

Deno.test("the appender itself redacts (batches, and drafts that never went through toDraft)", async () => {
  const fx = await logFixture();
  const appender = new EventAppender(fx.files, testSettings);
  try {
    const plain = { i: 1, note: "benchmark event", tags: ["a", "b"] };
    const records = await appender.appendBatch([
      { type: "t.plain", payload: plain },
      { type: "t.key", payload: { pem: PRIVATE_KEY, ids: [AWS_KEY_ID] } },
    ]);
    await appender.append({ type: "t.after", payload: { env: { GITHUB_TOKEN } } });
    const lines = await logLines(fx.files);
    const text = lines.join("\n");
    ok(!text.includes(AWS_KEY_ID) && !text.includes(GITHUB_TOKEN) && !text.includes("MIIE"), text);
    deepEqual(JSON.parse(lines[0]).payload, plain, "a payload without secrets is stored as given");
    equal(records[0].payload, plain, "and not even copied");
    deepEqual(JSON.parse(lines[1]).payload, {
      pem: "[REDACTED:private-key]\n",
      ids: ["[REDACTED:aws-access-key-id]"],
    });
    deepEqual(JSON.parse(lines[2]).payload, { env: { GITHUB_TOKEN: "[REDACTED:github-token]" } });
    ok((await verifyLog(fx.files)).ok);
  } finally {
    await appender.close();
    await fx.cleanup();
  }
});

Deno.test("the log and its directory are created private (0600 / 0700)", async () => {
  const root = await Deno.makeTempDir({ prefix: "events-mode-" });
  const files = {
    dir: join(root, ".claude", "events"),
    log: join(root, ".claude", "events", "log.ndjson"),
    lock: join(root, ".claude", "events", "log.lock"),
    quarantine: join(root, ".claude", "events", "quarantine.ndjson"),
    archive: join(root, ".claude", "events", "archive"),
  };
  const appender = new EventAppender(files, testSettings);
  try {
    await appender.append({ type: "t.first" });
    equal(modeOf(files.log), 0o600);
    equal(modeOf(files.lock), 0o600);
    equal(modeOf(files.dir), 0o700);
    Deno.mkdirSync(join(root, "plain"));
    equal(
      modeOf(join(root, ".claude")),
      modeOf(join(root, "plain")),
      ".claude itself is left alone",
    );
  } finally {
    await appender.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("an existing world-readable log and directory are made private when opened", async () => {
  const fx = await logFixture(2);
  try {
    Deno.chmodSync(fx.files.dir, 0o755);
    Deno.chmodSync(fx.files.log, 0o644);
    const appender = new EventAppender(fx.files, testSettings);
    try {
      await appender.append({ type: "t.more" });
    } finally {
      await appender.close();
    }
    equal(modeOf(fx.files.log), 0o600);
    equal(modeOf(fx.files.dir), 0o700);
    ok((await verifyLog(fx.files)).ok);
  } finally {
    await fx.cleanup();
  }
});

Deno.test("archives and the quarantine file are created 0600", async () => {
  const fx = await logFixture(3);
  try {
    // A torn last line: the next append quarantines it.
    const text = await Deno.readTextFile(fx.files.log);
    await Deno.writeTextFile(fx.files.log, text.slice(0, text.length - 20));
    const appender = new EventAppender(fx.files, testSettings);
    try {
      await appender.append({ type: "t.after-tear", payload: { password: "hunter2!x" } });
      equal(modeOf(fx.files.quarantine), 0o600);
      const archive = await appender.rotate();
      ok(archive !== undefined);
      const archives = listArchives(fx.files.archive);
      equal(archives.length, 1);
      equal(modeOf(archives[0].path), 0o600);
      equal(modeOf(fx.files.archive), 0o700);
      equal(modeOf(fx.files.log), 0o600, "the new live log too");
    } finally {
      await appender.close();
    }
    const all = await verifyLog(fx.files, { all: true });
    ok(all.ok, JSON.stringify(all.firstBad));
  } finally {
    await fx.cleanup();
  }
});

Deno.test("a repaired log is written back 0600", async () => {
  const fx = await logFixture(4);
  try {
    const lines = await logLines(fx.files);
    lines[1] = lines[1].replace('"i":1', '"i":9');
    await Deno.writeTextFile(fx.files.log, lines.map((line) => line + "\n").join(""));
    Deno.chmodSync(fx.files.log, 0o644);
    const appender = new EventAppender(fx.files, testSettings);
    try {
      const report = await repairLog(appender);
      equal(report.repaired, true);
    } finally {
      await appender.close();
    }
    equal(modeOf(fx.files.log), 0o600);
    equal(modeOf(fx.files.quarantine), 0o600);
    ok((await verifyLog(fx.files)).ok);
  } finally {
    await fx.cleanup();
  }
});
