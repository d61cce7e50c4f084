/**
 * An agent moved into a worktree: its root (where its relative paths and
 * its programs start) becomes the worktree, its relative read and write
 * grants are taken inside the worktree, and a broad write grant (`true`)
 * shrinks to the worktree. So a developer of a flow may write only its own
 * worktree: not the user's working tree, not another job's worktree. A
 * subtask that owns files or folders (the plan's `owns`) may write only
 * those, inside its worktree: its write grant is cut down to them, so the
 * boundary, not the prompt, keeps two developers off each other's files. A
 * flow may add to the agent's system prompt (the architect learns the plan
 * format).
 * @module
 */

import { isAbsolute, join, relative } from "node:path";
import type { ResolvedAgent } from "../../core/orchestration/runner.ts";

function rerooted(
  grant: boolean | string[] | undefined,
  root: string,
): boolean | string[] | undefined {
  if (!Array.isArray(grant)) return grant;
  return grant.map((path) => isAbsolute(path) ? path : join(root, path));
}

function within(parent: string, path: string): boolean {
  const rel = relative(parent, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/**
 * The paths both `grant` and `owned` cover (absolute paths, each covering
 * what lies under it): an owned path inside a granted one, or a granted
 * path inside an owned one.
 *
 * @example
 * ```ts
 * intersectGrants(["/w"], ["/w/src/a.ts"]); // ["/w/src/a.ts"]
 * intersectGrants(["/w/src/gen"], ["/w/src"]); // ["/w/src/gen"]
 * ```
 */
export function intersectGrants(grant: string[], owned: string[]): string[] {
  const kept = new Set<string>();
  for (const own of owned) if (grant.some((g) => within(g, own))) kept.add(own);
  for (const g of grant) if (owned.some((own) => within(own, g))) kept.add(g);
  return [...kept];
}

/**
 * `agent` running in `worktree`; `write: false` makes it read-only there,
 * and `owns` (paths relative to the repository) narrows its writes to them.
 *
 * @example
 * ```ts
 * inWorktree(resolved, "/p/.claude/worktrees/flow_1/dev-a", { write: true }).sandbox.write; // ["/p/.claude/worktrees/flow_1/dev-a"]
 * ```
 */
export function inWorktree(
  agent: ResolvedAgent,
  worktree: string,
  options: { write: boolean; promptAddition?: string; owns?: string[] },
): ResolvedAgent {
  const sandbox = agent.sandbox;
  const granted = !options.write || sandbox.write === false || sandbox.write === undefined
    ? false
    : sandbox.write === true
    ? [worktree]
    : rerooted(sandbox.write, worktree) as string[];
  const owned = options.owns?.map((path) => join(worktree, path));
  const narrowed = granted && owned?.length ? intersectGrants(granted, owned) : granted;
  const write = Array.isArray(narrowed) && narrowed.length === 0 ? false : narrowed;
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
