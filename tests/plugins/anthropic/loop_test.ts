/**
 * The tool-use loop in-process against the fake Messages API: request shape
 * (cached system prompt, tools, thinking), one retry layer (SDK retries off),
 * a continued conversation, and clear failures.
 */
import assert from "node:assert/strict";
import type { AgentJob, AgentJobIO } from "../../../core/plugin.ts";
import { runAnthropic } from "../../../plugins/anthropic/run.ts";
import {
  apiError,
  scripted,
  startFakeAnthropic,
  text,
  toolUse,
} from "../../support/fake_anthropic.ts";

function job(overrides: Partial<AgentJob> = {}): AgentJob {
  return {
    id: "task_1",
    agent: { name: "tester", version: "tester_20261128", prompt: "Test things.", tools: ["Read"] },
    task: "do it",
    root: "/tmp",
    models: ["claude-opus-5-5", "claude-haiku-5-5"],
    budget: {},
    prices: { "claude-opus-5-5": { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 } },
    maxTokens: 4096,
    stream: false,
    retry: {
      retries: 0,
      backoffBaseMs: 1,
      backoffMaxMs: 2,
      maxRetryAfterMs: 10,
      coolDownFailures: 3,
      coolDownMs: 1000,
      coolDownMaxMs: 2000,
    },
    health: {},
    ...overrides,
  };
}

function io(url: string, calls: string[] = []): AgentJobIO & { text: string; events: string[] } {
  const state = { text: "", events: [] as string[] };
  return Object.assign(state, {
    write: (t: string) => void (state.text += t),
    event: (type: string) => {
      state.events.push(type);
      return Promise.resolve();
    },
    tools: {
      definitions: [{
        name: "Read",
        description: "read",
        inputSchema: { type: "object", properties: {} },
      }],
      call: (name: string) => {
        calls.push(name);
        return Promise.resolve({ isError: false, content: "file text" });
      },
    },
    env: (name: string) =>
      ({ ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: url } as Record<string, string>)[name],
    now: Date.now,
    sleep: () => Promise.resolve(),
  });
}

Deno.test("request shape: cached system prompt, tools, thinking; usage and cost counted", async () => {
  const fake = await startFakeAnthropic({
    responder: scripted([toolUse("Read", { file_path: "x" }), text("done")]),
  });
  try {
    const calls: string[] = [];
    const result = await runAnthropic(
      job({ agent: { ...job().agent, thinking: { type: "adaptive" } } }),
      io(fake.url, calls),
    );
    assert.equal(result.status, "completed");
    assert.equal(result.output, "done");
    assert.equal(result.turns, 2);
    assert.deepEqual(calls, ["Read"]);
    const [first, second] = fake.messageRequests().map((r) => r.body);
    assert.equal(first.system[0].cache_control.type, "ephemeral");
    assert.match(first.system[0].text, /^Test things\.[\s\S]*You are tester/);
    assert.deepEqual(first.thinking, { type: "adaptive" });
    assert.equal(first.tools[0].name, "Read");
    assert.equal(first.stream, undefined, "not streamed when the job does not stream");
    assert.equal(second.messages.length, 3);
    assert.ok(result.usage.cacheReadTokens > 0, "second turn read the cached prompt");
    assert.ok(result.costUsd > 0);
    assert.equal(result.costByModel?.["claude-opus-5-5"], result.costUsd);
  } finally {
    await fake.close();
  }
});

Deno.test("one retry layer: a 500 is not retried by the SDK, only by the router", async () => {
  const fake = await startFakeAnthropic({ responder: () => apiError(500) });
  try {
    const result = await runAnthropic(job(), io(fake.url));
    assert.equal(result.status, "failed");
    assert.equal(result.error?.code, "MODEL_UNAVAILABLE");
    assert.deepEqual(fake.messageRequests().map((r) => r.body.model), [
      "claude-opus-5-5",
      "claude-haiku-5-5",
    ]);
  } finally {
    await fake.close();
  }
});

Deno.test("a 401 fails at once with the key's fix; history continues a conversation", async () => {
  const fake = await startFakeAnthropic({ responder: () => apiError(401) });
  try {
    const denied = await runAnthropic(job(), io(fake.url));
    assert.equal(denied.error?.code, "MODEL_REQUEST_FAILED");
    assert.match(denied.error?.hint ?? "", /ANTHROPIC_API_KEY/);
    assert.equal(fake.messageRequests().length, 1);
    fake.setResponder(() => text("continued"));
    const calls: string[] = [];
    const history = [
      { role: "user", content: "do it" },
      {
        role: "assistant",
        content: [{ type: "tool_use", id: "toolu_1", name: "Read", input: {} }],
      },
    ];
    const continued = await runAnthropic(job({ history }), io(fake.url, calls));
    assert.equal(continued.output, "continued");
    assert.deepEqual(calls, ["Read"], "the pending tool call ran first");
    const last = fake.messageRequests().at(-1)!.body.messages;
    assert.equal(last[2].content[0].type, "tool_result");
  } finally {
    await fake.close();
  }
});
