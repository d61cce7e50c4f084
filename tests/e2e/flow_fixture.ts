/**
 * Test support for the parallel-flow end-to-end tests: a queue sandbox
 * whose project is a git repository with one commit, and a responder for
 * the fake Messages API that answers by role — pm, architect, each
 * subtask's developer (by subtask id), the conflict resolution, the
 * reviewer and the test executor — and by turn (how many assistant turns
 * the conversation has), so parallel conversations can be scripted.
 * @module
 */

import type { Sandbox } from "../support/cli.ts";
import { createGitRepo, type GitRepo } from "../support/git_repo.ts";
import { type FakeReply, type Responder, text } from "../support/fake_anthropic.ts";
import { queueSandbox } from "./queue_fixture.ts";

/** A sandbox whose project is a git repository. */
export interface FlowSandbox {
  sandbox: Sandbox;
  repo: GitRepo;
}

/**
 * A queue sandbox in a git repository with `files` committed; `config` is
 * merged into the project's config (its `queue` settings into the fast poll).
 */
export async function flowSandbox(
  files: Record<string, string>,
  config: { queue?: Record<string, unknown>; [key: string]: unknown } = {},
): Promise<FlowSandbox> {
  const sandbox = await queueSandbox({ ...config, queue: { pollMs: 20, ...config.queue } });
  const repo = await createGitRepo(sandbox.project);
  await repo.commit("initial", files);
  return { sandbox, repo };
}

/** Who a Messages request is from. */
export type Role =
  | { kind: "pm" }
  | { kind: "architect" }
  | { kind: "developer"; subtask: string }
  | { kind: "resolve" }
  | { kind: "reviewer" }
  | { kind: "tests" };

// deno-lint-ignore no-explicit-any
function firstUserText(body: any): string {
  const content = body.messages?.[0]?.content;
  if (typeof content === "string") return content;
  // deno-lint-ignore no-explicit-any
  return (content ?? []).map((block: any) => block.text ?? "").join("\n");
}

// deno-lint-ignore no-explicit-any
function systemText(body: any): string {
  const system = body.system;
  if (typeof system === "string") return system;
  // deno-lint-ignore no-explicit-any
  return (system ?? []).map((block: any) => block.text ?? "").join("\n");
}

/** The role of a request's conversation. */
// deno-lint-ignore no-explicit-any
export function roleOf(body: any): Role {
  const task = firstUserText(body);
  if (task.includes("## Resolve a merge conflict")) return { kind: "resolve" };
  const subtask = /## Your subtask: .* \(([a-z0-9-]+)\)\n/.exec(task);
  if (subtask) return { kind: "developer", subtask: subtask[1] };
  if (task.includes("## Review the integrated branch")) {
    return /test executor/i.test(systemText(body)) ? { kind: "tests" } : { kind: "reviewer" };
  }
  if (task.includes("(pm-agent)")) return { kind: "architect" };
  return { kind: "pm" };
}

/** Assistant turns so far in a request's conversation. */
// deno-lint-ignore no-explicit-any
export function turnOf(body: any): number {
  // deno-lint-ignore no-explicit-any
  return (body.messages ?? []).filter((m: any) => m.role === "assistant").length;
}

/** Replies per role: the reply for each turn (the last one repeats). */
export type Script = (role: Role) => FakeReply[] | undefined;

/**
 * A responder that answers each conversation from `script` by its role and turn.
 *
 * @example
 * ```ts
 * byRole((role) => role.kind === "pm" ? [text("ok")] : undefined);
 * ```
 */
export function byRole(script: Script): Responder {
  return (body) => {
    const role = roleOf(body);
    const replies = script(role) ?? [text(`${role.kind}: nothing to do`)];
    return replies[Math.min(turnOf(body), replies.length - 1)];
  };
}

/** The architect's reply with a plan. */
export function planReply(
  subtasks: { id: string; title: string; owns: string[]; dependsOn?: string[] }[],
): FakeReply {
  return text("Design: split in subtasks.\n\n```json\n" + JSON.stringify({ subtasks }) + "\n```\n");
}

/** Tool results of the requests of one role (what the tools answered the model). */
// deno-lint-ignore no-explicit-any
export function toolResults(requests: { body: any }[], match: (role: Role) => boolean): string[] {
  const results: string[] = [];
  for (const request of requests) {
    if (!match(roleOf(request.body))) continue;
    const last = request.body.messages?.at(-1);
    if (last?.role !== "user" || !Array.isArray(last.content)) continue;
    for (const block of last.content) {
      if (block.type === "tool_result") {
        results.push(
          typeof block.content === "string"
            ? block.content
            // deno-lint-ignore no-explicit-any
            : (block.content ?? []).map((c: any) => c.text ?? "").join(""),
        );
      }
    }
  }
  return results;
}
