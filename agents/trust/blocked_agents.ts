/**
 * Which of some agents would not run, and why — for the git hooks, which
 * queue agents and must say when a job will wait for trust instead of
 * running (its worker dead-letters it with `AGENT_UNTRUSTED`).
 * @module
 */

import type { Context } from "../../core/context.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import type { AgentDefinition } from "../definition.ts";
import { loadAgentEnvironment } from "../load_catalog.ts";
import { untrustedError } from "./assess_trust.ts";

/** An agent that will not run. */
export interface BlockedAgent {
  agent: string;
  code: string;
  message: string;
  hint?: string;
}

/**
 * The agents among `names` that would be refused: untrusted, or a refused project file.
 *
 * @example
 * ```ts
 * for (const blocked of await blockedAgents(ctx, ["reviewer-agent"])) console.log(blocked.message);
 * ```
 */
export async function blockedAgents(ctx: Context, names: string[]): Promise<BlockedAgent[]> {
  const { catalog } = await loadAgentEnvironment(ctx);
  const blocked: BlockedAgent[] = [];
  const found: AgentDefinition[] = [];
  for (const agent of names) {
    try {
      found.push(catalog.get(agent));
    } catch (error) {
      if (!(error instanceof SuperAgentsError)) throw error;
      blocked.push({ agent, code: error.code, message: error.message, hint: error.hint });
    }
  }
  for (const verdict of await catalog.trust.assess(found)) {
    if (verdict.runnable) continue;
    const error = untrustedError(verdict);
    blocked.push({
      agent: verdict.agent,
      code: error.code,
      message: error.message,
      hint: error.hint,
    });
  }
  return blocked;
}
