/** The cause of a failed start, read from what the KM wrote to its log since it was spawned. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { failureCause } from "../../../plugins/km/log_cause.ts";

async function withLog(fn: (path: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "km-log-cause-" });
  try {
    await fn(join(dir, "km_server.log"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const line = (level: string, msg: string, fields?: Record<string, unknown>) =>
  JSON.stringify({ ts: "2026-12-07T10:00:00.000Z", level, component: "km", msg, fields }) + "\n";

Deno.test("the last error the KM logged since the offset is the cause", () =>
  withLog(async (path) => {
    const old = line("error", "failed to open", { error: "an old failure" });
    await Deno.writeTextFile(path, old);
    const offset = (await Deno.stat(path)).size;
    await Deno.writeTextFile(
      path,
      line("info", "listening") +
        line("error", "failed to open", {
          error: "cannot prepare registry.db: file is not a database",
        }) +
        "error: the KM failed\n",
      { append: true },
    );
    assert.equal(
      await failureCause(path, offset),
      "failed to open: cannot prepare registry.db: file is not a database",
    );
  }));

Deno.test("without a logged error, the last plain lines; nothing new is undefined", () =>
  withLog(async (path) => {
    assert.equal(await failureCause(path, 0), undefined, "no log at all");
    await Deno.writeTextFile(
      path,
      "error: cannot write .claude/state/km.port: No space left on device (os error 28)\n" +
        "hint: free some disk space\n",
    );
    assert.equal(
      await failureCause(path, 0),
      "error: cannot write .claude/state/km.port: No space left on device (os error 28) / " +
        "hint: free some disk space",
    );
    assert.equal(await failureCause(path, (await Deno.stat(path)).size), undefined);
  }));
