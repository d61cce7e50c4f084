/**
 * A queued model-agent job through the real worker pool with the settings
 * of `resolveModelAgent`: the worker routes the task itself, runs the tools
 * in the sandbox and returns the result; an over-budget run fails the job.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadCatalog } from "../../agents/catalog.ts";
import { resolveModelAgent } from "../../agents/queue_agent.ts";
import { createAgentPool } from "../../agents/run_in_pool.ts";
import { defaultConfig } from "../../core/config/schema.ts";
import { projectPaths } from "../../core/paths.ts";
import { installBuiltinPlugins } from "../../plugins/builtin.ts";
import { scripted, startFakeAnthropic, text, toolUse } from "../support/fake_anthropic.ts";

installBuiltinPlugins(); // the `anthropic` executor is the anthropic plugin's

Deno.test("a queued developer job edits a file inside its sandbox", async () => {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(join(root, ".claude", "workspaces"), { recursive: true });
  await Deno.writeTextFile(join(root, "notes.txt"), "draft\n");
  const fake = await startFakeAnthropic({
    responder: scripted([
      toolUse("Edit", { file_path: "notes.txt", old_string: "draft", new_string: "final" }),
      text("Done."),
    ]),
  });
  const config = defaultConfig();
  const pool = createAgentPool(projectPaths(root), config);
  try {
    const developer = (await loadCatalog()).get("developer-agent");
    const env = { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url } as Record<
      string,
      string
    >;
    const resolved = resolveModelAgent(developer, { root, config, env: (name) => env[name] });
    const run = (jobId: string, input: unknown, settings = resolved) =>
      pool.run({
        jobId,
        agent: developer.name,
        input,
        attempt: 1,
        correlationId: null,
        dependencies: [],
        ...settings,
      });
    const outcome = await run("job_queued_1", { task: "finalise notes.txt" });
    assert.equal(outcome.kind, "succeeded", JSON.stringify(outcome));
    assert.equal(await Deno.readTextFile(join(root, "notes.txt")), "final\n");
    const result = (outcome as { result: { output: string; model: string } }).result;
    assert.equal(result.output, "Done.");
    assert.equal(result.model, "claude-sonnet-5-5");
    fake.setResponder(() => toolUse("Read", { file_path: "notes.txt" }));
    const limited = { ...developer, budget: { turns: 2 } };
    const looping = await run(
      "job_queued_2",
      "keep reading",
      resolveModelAgent(limited, { root, config, env: (name) => env[name] }),
    );
    assert.equal(looping.kind, "failed");
    if (looping.kind === "failed") {
      assert.equal(looping.error.code, "BUDGET_EXCEEDED");
      assert.equal(looping.retryable, false);
    }
  } finally {
    await pool.close();
    await fake.close();
    await Deno.remove(root, { recursive: true });
  }
});
