/** `super-agents router explain` through the real CLI. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";

Deno.test("router explain shows assignment, matrix and chain, and honours config", async () => {
  const sandbox = await createSandbox();
  try {
    await Deno.mkdir(join(sandbox.project, ".claude", "state"), { recursive: true });
    const text = await sandbox.run([
      "router",
      "explain",
      "architect-agent",
      "design the storage schema",
    ]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /architect-agent → claude-opus-5-5 \(opus\)/);
    assert.match(text.stdout, /then {2}claude-sonnet-5-5: available/);
    const urgent = JSON.parse(
      (await sandbox.run([
        "router",
        "explain",
        "developer",
        "fix a typo",
        "--urgency",
        "critical",
        "--json",
      ])).stdout,
    );
    assert.equal(urgent.tier, "haiku");
    assert.equal(urgent.urgency, "critical");
    await Deno.writeTextFile(
      join(sandbox.project, ".claude", "config.json"),
      JSON.stringify({ models: { agents: { "architect-agent": { fallback: false } } } }),
    );
    const pinned = JSON.parse(
      (await sandbox.run(["router", "explain", "architect", "design it", "--json"])).stdout,
    );
    assert.deepEqual(pinned.chain, ["claude-opus-5-5"]);
    const bad = await sandbox.run(["router", "explain", "architect", "x", "--urgency", "now"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /use one of low, normal, high, critical/);
  } finally {
    await sandbox.cleanup();
  }
});
