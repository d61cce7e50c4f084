/**
 * Test support for the analytics tests: a temp outcome store and seeded
 * outcome rows.
 * @module
 */

import { join } from "node:path";
import {
  openOutcomeStore,
  type OutcomeRow,
  type OutcomeStore,
} from "../../../plugins/analytics/history/outcome_store.ts";

let next = 0;

/** One outcome row with defaults (a succeeded sonnet review). */
export function outcome(fields: Partial<OutcomeRow> = {}): OutcomeRow {
  const finishedAt = fields.finishedAt ?? 1_700_000_000_000 + next;
  return {
    jobId: `job_${next++}`,
    agent: "architect-agent",
    version: "v1",
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    tier: "sonnet",
    kind: "design",
    features: {},
    turns: 1,
    tokens: 100,
    costUsd: 0.01,
    latencyMs: 1000,
    outcome: "succeeded",
    errorCode: null,
    retries: 0,
    fallbacks: 0,
    review: null,
    tests: null,
    explored: false,
    enqueuedAt: finishedAt - 2000,
    startedAt: finishedAt - 1000,
    finishedAt,
    ...fields,
  };
}

/** A store in a new temp directory; `cleanup` closes and removes it. */
export async function tempStore(): Promise<
  { store: OutcomeStore; dir: string; cleanup(): Promise<void> }
> {
  const dir = await Deno.makeTempDir({ prefix: "sa_analytics_" });
  const store = openOutcomeStore(join(dir, "state", "analytics.db"));
  return {
    store,
    dir,
    async cleanup() {
      store.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}
