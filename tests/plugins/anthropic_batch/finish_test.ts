import assert from "node:assert/strict";
import {
  batchTurnResult,
  continuationJob,
  mergeResults,
} from "../../../plugins/anthropic_batch/finish.ts";
import { taskText } from "../../../agents/task_text.ts";
import type { AgentJob } from "../../../core/plugin.ts";
import type { Message } from "../../../plugins/anthropic/deps.ts";

const job = {
  id: "job_1",
  task: "summarise",
  models: ["m1"],
  prices: { m1: { input: 2, output: 10, cacheRead: 0, cacheWrite: 0 } },
  budget: { turns: 5 },
} as unknown as AgentJob;

const message = {
  model: "m1",
  content: [{ type: "text", text: "hello" }],
  stop_reason: "end_turn",
  usage: { input_tokens: 1_000_000, output_tokens: 0 },
} as unknown as Message;

Deno.test("a batch turn costs the batch price and merges with its continuation", () => {
  const first = batchTurnResult(job, message, 0.5);
  assert.equal(first.costUsd, 1);
  assert.equal(first.output, "hello");
  const merged = mergeResults(first, { ...first, turns: 2, output: "final", fallbacks: [] });
  assert.equal(merged.turns, 3);
  assert.equal(merged.output, "final");
  assert.equal(merged.costUsd, 2);
  assert.equal(merged.usage.inputTokens, 2_000_000);
  assert.equal(merged.costByModel?.m1, 2);
  const next = continuationJob(job, message);
  assert.equal(next.budget.turns, 4);
  assert.equal((next.history?.[1] as { role: string }).role, "assistant");
});

Deno.test("the task text of a queued job", () => {
  assert.equal(taskText("plain"), "plain");
  assert.equal(taskText({ task: "t" }), "t");
  assert.equal(taskText({ description: "d" }), "d");
  assert.equal(taskText({ ref: "HEAD" }), '{"ref":"HEAD"}');
});
