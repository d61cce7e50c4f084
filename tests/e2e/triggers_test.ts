/** End to end: `super-agents triggers …`. */

import { deepEqual, equal, match } from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";

Deno.test("triggers write, process (valid once, invalid to failed/), list and retry", async () => {
  const sandbox = await createSandbox();
  try {
    const triggers = join(sandbox.project, ".claude", "triggers");
    await Deno.mkdir(triggers, { recursive: true });
    const written = await sandbox.run([
      "triggers",
      "write",
      "--type",
      "git.post-commit",
      "--payload",
      '{"sha":"abc"}',
    ]);
    equal(written.code, 0, written.stderr);
    await Deno.writeTextFile(join(triggers, "broken.json"), "{oops");
    const first = await sandbox.run(["triggers", "process", "--json"]);
    equal(first.code, 0, first.stderr);
    const summary = JSON.parse(first.stdout);
    equal(summary.processed, 1);
    equal(summary.failed, 1);
    const again = JSON.parse((await sandbox.run(["triggers", "process", "--json"])).stdout);
    equal(again.processed, 0, "a processed trigger is not processed twice");
    const list = JSON.parse((await sandbox.run(["triggers", "list", "--json"])).stdout);
    deepEqual(list.pending, []);
    equal(list.processed.length, 1);
    deepEqual(list.failed, ["broken.json"]);
    const reason = JSON.parse(
      await Deno.readTextFile(join(triggers, "failed", "broken.json.error.json")),
    );
    match(reason.reason, /invalid JSON/);
    const events = await sandbox.run(["events", "query", "--type", "git.post-commit", "--json"]);
    deepEqual(JSON.parse(events.stdout)[0].payload, { sha: "abc" });
    await Deno.writeTextFile(join(triggers, "failed", "broken.json"), '{"type":"fixed"}');
    const retry = await sandbox.run(["triggers", "retry", "broken.json"]);
    equal(retry.code, 0, retry.stderr);
    equal(JSON.parse((await sandbox.run(["triggers", "process", "--json"])).stdout).processed, 1);
    const missing = await sandbox.run(["triggers", "retry", "nope.json"]);
    equal(missing.code, 1);
    match(missing.stderr, /no failed trigger named nope\.json/);
  } finally {
    await sandbox.cleanup();
  }
});
