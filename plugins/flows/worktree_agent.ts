/**
 * An agent moved into a worktree: its root (where its relative paths and
 * its programs start) becomes the worktree, its relative read and write
 * grants are taken inside the worktree, and a broad write grant (`true`)
 * shrinks to the worktree. So a developer of a flow may write only its own
 * worktree: not the user's working tree, not another job's worktree. A
 * flow may add to the agent's system prompt (the architect learns the plan
 * format).
 * @module
 */

import { isAbsolute, join } from "node:path";
import type { ResolvedAgent } from "../../core/orchestration/runner.ts";

function rerooted(
  grant: boolean | string[] | undefined,
  root: string,
): boolean | string[] | undefined {
  if (!Array.isArray(grant)) return grant;
  return grant.map((path) => isAbsolute(path) ? path : join(root, path));
}

/**
 * `agent` running in `worktree`; `write: false` makes it read-only there.
 *
 * @example
 * ```ts
 * inWorktree(resolved, "/p/.claude/worktrees/flow_1/dev-a", { write: true }).sandbox.write; // ["/p/.claude/worktrees/flow_1/dev-a"]
 * ```
 */
export function inWorktree(
  agent: ResolvedAgent,
  worktree: string,
  options: { write: boolean; promptAddition?: string },
): ResolvedAgent {
  const sandbox = agent.sandbox;
  const write = !options.write || sandbox.write === false || sandbox.write === undefined
    ? false
    : sandbox.write === true
    ? [worktree]
    : rerooted(sandbox.write, worktree) as string[];
  const read = rerooted(sandbox.read ?? ["."], worktree);
  const config = agent.agentConfig as
    | { template?: { root?: string; agent?: { prompt?: string } } }
    | undefined;
  const template = config?.template;
  const prompt = template?.agent?.prompt;
  const agentConfig = template
    ? {
      ...config,
      template: {
        ...template,
        root: worktree,
        ...(options.promptAddition && template.agent && typeof prompt === "string"
          ? { agent: { ...template.agent, prompt: `${prompt}\n\n${options.promptAddition}` } }
          : {}),
      },
    }
    : agent.agentConfig;
  return {
    ...agent,
    sandbox: { ...sandbox, read, write, workspace: false },
    agentConfig,
  };
}
