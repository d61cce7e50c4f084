/**
 * MCP `task_create` with `agent: "auto"`: the same pick as `task create
 * --auto` (descriptions and the outcome history), without a prompt — the
 * MCP client shows the explanation the tool returns.
 * @module
 */

import type { ProjectPaths } from "../../../core/paths.ts";
import { historyPath, openOutcomeStore } from "../history/outcome_store.ts";
import { type AgentPick, pickAgent } from "./pick_agent.ts";

/**
 * Picks the agent for `task` among `agents`.
 *
 * @example
 * ```ts
 * const pick = pickForMcp(paths, "review the last commit", catalog.agents);
 * ```
 */
export function pickForMcp(
  paths: ProjectPaths,
  task: string,
  agents: readonly { name: string; description: string }[],
): AgentPick {
  const store = openOutcomeStore(historyPath(paths));
  try {
    return pickAgent(task, agents, store.db);
  } finally {
    store.close();
  }
}
