import assert from "node:assert/strict";
import { BudgetWatchdog } from "../../agents/budget.ts";

const usage = (tokens: number) => ({
  inputTokens: tokens,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
});

Deno.test("turn, token and cost limits stop the task with a reason and a fix", () => {
  const watchdog = new BudgetWatchdog({ turns: 2, tokens: 100, costUsd: 1 }, "dev");
  assert.equal(watchdog.beforeCall(1), undefined);
  assert.match(watchdog.beforeCall(2)!.message, /dev stopped: turn budget of 2 reached/);
  assert.equal(watchdog.afterCall(usage(99), 0.5), undefined);
  const tokens = watchdog.afterCall(usage(100), 0.5)!;
  assert.equal(tokens.limit, "tokens");
  assert.match(tokens.hint, /budget\.tokens/);
  assert.equal(watchdog.afterCall(usage(1), 1.2)!.limit, "costUsd");
});

Deno.test("no budget, no stop", () => {
  const watchdog = new BudgetWatchdog({}, "dev");
  assert.equal(watchdog.beforeCall(10_000), undefined);
  assert.equal(watchdog.afterCall(usage(1e9), 1e6), undefined);
});
