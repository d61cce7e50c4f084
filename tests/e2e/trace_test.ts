/** End to end: `super-agents trace <correlation-id>`. */

import { equal, match } from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";

Deno.test("trace prints the tree of a request with timings, and --json", async () => {
  const sandbox = await createSandbox();
  try {
    await Deno.mkdir(join(sandbox.project, ".claude", "events"), { recursive: true });
    const id = "toolu_TRACEtrace0123456789abcd";
    const root = JSON.parse(
      (await sandbox.run([
        "events",
        "emit",
        "--type",
        "req.start",
        "--correlation-id",
        id,
        "--json",
      ]))
        .stdout,
    );
    await sandbox.run([
      "events",
      "emit",
      "--type",
      "agent.run",
      "--agent",
      "reviewer-agent",
      "--correlation-id",
      id,
      "--parent",
      root.id,
    ]);
    const text = await sandbox.run(["trace", id]);
    equal(text.code, 0, text.stderr);
    match(text.stdout, new RegExp(`^trace ${id}: 2 events over \\d+ ms`));
    match(text.stdout, /\+0 ms req\.start/);
    match(text.stdout, /└─ \+\d+ ms agent\.run \[reviewer-agent\]/);
    const json = JSON.parse((await sandbox.run(["trace", id, "--json"])).stdout);
    equal(json.roots[0].children[0].event.agent, "reviewer-agent");
    const unknown = await sandbox.run(["trace", "toolu_000000000000000000000000"]);
    equal(unknown.code, 1);
    match(unknown.stdout, /no events/);
    const bad = await sandbox.run(["trace", "req-1"]);
    equal(bad.code, 2);
    match(bad.stderr, /not a correlation id/);
  } finally {
    await sandbox.cleanup();
  }
});
