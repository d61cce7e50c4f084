/**
 * Creating a parallel flow: in a git repository `--pipeline software` is
 * pm → architect → plan, its width from `--width`, else the `flows.width`
 * config key, else 4; a bad width is refused before anything is queued;
 * outside a git repository the same command queues the built-in chain.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { flowSandbox } from "./flow_fixture.ts";
import { json, queueSandbox } from "./queue_fixture.ts";

// deno-lint-ignore no-explicit-any
const widthOf = (created: any) => created.jobs.at(-1).input.stepInput.flow.width;

Deno.test("flow create: the width from --width, the flows.width key, or 4", async () => {
  const { sandbox } = await flowSandbox({ "a.ts": "1\n" });
  const config = join(sandbox.project, ".claude", "config.json");
  try {
    const plain = await json(sandbox, ["task", "create", "--pipeline", "software", "--input", "x"]);
    assert.deepEqual(plain.jobs.map((j: { node: string }) => j.node), ["pm", "architect", "plan"]);
    assert.deepEqual(plain.jobs.map((j: { agent: string }) => j.agent), [
      "pm-agent",
      "architect-agent",
      "flow-plan",
    ]);
    assert.equal(widthOf(plain), 4);
    await Deno.writeTextFile(config, JSON.stringify({ flows: { width: 2 } }));
    const configured = await json(sandbox, [
      "task",
      "create",
      "--pipeline",
      "software",
      "--input",
      "x",
    ]);
    assert.equal(widthOf(configured), 2);
    const flagged = await json(sandbox, [
      "task",
      "create",
      "--pipeline",
      "software",
      "--width",
      "3",
      "--input",
      "x",
    ]);
    assert.equal(widthOf(flagged), 3);
    const zero = await sandbox.run(["task", "create", "--pipeline", "software", "--width", "0"]);
    assert.equal(zero.code, 2);
    assert.match(zero.stderr, /--width/);
    await Deno.writeTextFile(config, JSON.stringify({ flows: { width: 0 } }));
    const bad = await sandbox.run(["task", "create", "--pipeline", "software", "--input", "x"]);
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /flows\.width/);
    await Deno.writeTextFile(config, "{}");
    assert.equal(
      (await json(sandbox, ["task", "list"])).jobs.length,
      9,
      "nothing queued by the refusals",
    );
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("flow create: outside a git repository the software pipeline is the built-in chain", async () => {
  const sandbox = await queueSandbox();
  try {
    const created = await json(sandbox, [
      "task",
      "create",
      "--pipeline",
      "software",
      "--input",
      "x",
    ]);
    assert.equal(created.jobs.length, 6);
    assert.ok(!created.jobs.some((j: { agent: string }) => j.agent.startsWith("flow-")));
  } finally {
    await sandbox.cleanup();
  }
});
