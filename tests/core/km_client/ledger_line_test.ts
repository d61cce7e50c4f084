import { deepStrictEqual, equal } from "node:assert/strict";
import {
  type LedgerLine,
  ledgerPath,
  parseLedgerLine,
} from "../../../core/km_client/ledger_line.ts";

const line: LedgerLine = {
  ts: 1,
  task: "job_1",
  agent: "developer-agent",
  provider: "anthropic",
  status: "completed",
  turns: 2,
  costUsd: 0.5,
  tokens: 30,
  models: {
    sonnet: {
      inputTokens: 10,
      outputTokens: 20,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0.5,
    },
  },
  fallbacks: 0,
};

Deno.test("parseLedgerLine: a valid line is its entry, a blank one is skipped", () => {
  deepStrictEqual(parseLedgerLine(JSON.stringify(line)), line);
  equal(parseLedgerLine("   "), "blank");
});

Deno.test("parseLedgerLine: broken JSON and a line that fails the schema are invalid", () => {
  equal(parseLedgerLine("{not json"), "invalid");
  equal(parseLedgerLine(JSON.stringify({ ...line, turns: "two" })), "invalid");
});

Deno.test("ledgerPath: the ledger lives in the state folder", () => {
  equal(ledgerPath({ state: "/p/.claude/state" }), "/p/.claude/state/costs.ndjson");
});
