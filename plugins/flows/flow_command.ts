/**
 * `super-agents flow show|apply|discard`: a parallel flow's tree of
 * subtasks, branches and states; landing its result branch on the user's
 * checked-out branch (a fast-forward when possible, else a merge; refused
 * on a dirty tree; the only command that touches the user's branch); or
 * dropping it (unfinished jobs cancelled, worktrees and branches removed).
 * `apply` runs git with the user's own setup (identity, hooks); everything
 * else a flow does runs under the hardened policy.
 * @module
 */

import { defineCommand } from "../../core/cli/command.ts";
import { styles } from "../../core/cli/style.ts";
import type { Context } from "../../core/context.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { emitEvent } from "../../core/events/emit.ts";
import { renderFlow } from "../../core/orchestration/flow_view.ts";
import { jobEvent } from "../../core/orchestration/job_events.ts";
import { withProjectQueue } from "../../core/queue/project_queue.ts";
import { type FlowView, readFlow, writeFlowRecord } from "./flow_state.ts";
import { AGENT_IDENTITY, git, gitTry } from "./git.ts";
import { deleteBranch, removeFlowWorktrees } from "./worktrees.ts";

function print(ctx: Context, data: unknown, text: string): void {
  ctx.stdout.write(ctx.json ? JSON.stringify(data) + "\n" : text);
}

function renderView(ctx: Context, view: FlowView): string {
  const s = styles(ctx.color);
  const lines = [`${s.bold(`flow ${view.flow}`)}  ${view.state}`];
  if (view.attention) lines.push(`  ${s.red("cause:")} ${view.attention}`);
  if (view.result) {
    lines.push(
      `  result ${view.result.branch} at ${view.result.commit.slice(0, 12)} ` +
        `(${view.result.files.length} files changed from ${view.result.base.slice(0, 12)})`,
    );
  }
  if (view.record) {
    lines.push(
      `  ${view.record.state}${view.record.commit ? ` as ${view.record.commit.slice(0, 12)}` : ""}`,
    );
  }
  const single = view.jobs.length === 1 && !view.jobs[0].flow;
  if (single) {
    const job = view.jobs[0];
    lines.push(`  one ${job.agent} job in its own worktree (isolation: worktree), ${job.state}`);
    return lines.join("\n") + "\n";
  }
  lines.push("  subtasks:");
  for (const subtask of view.subtasks) {
    lines.push(
      `    ${subtask.id.padEnd(16)} ${subtask.state.padEnd(9)} ${subtask.branch}` +
        (subtask.files.length ? `  ${subtask.files.join(", ")}` : "") + s.dim(`  ${subtask.title}`),
    );
    if (subtask.outside.length) {
      lines.push(s.yellow(`      changed outside what it owns: ${subtask.outside.join(", ")}`));
    }
  }
  if (view.subtasks.length === 0) lines.push("    (not planned yet)");
  for (const conflict of view.conflicts) {
    lines.push(
      `  conflict in round ${conflict.round}: ${conflict.branch} — ${conflict.files.join(", ")}`,
    );
  }
  return lines.join("\n") + "\n" +
    renderFlow(view.jobs, ctx.now(), s, { attention: !view.attention });
}

const show = defineCommand({
  name: "show",
  summary: "a flow's subtasks, branches, conflicts and steps, each with its state",
  positionals: [{
    name: "id",
    description: "a flow id (or the id of one of its jobs)",
    required: true,
  }],
  examples: ["super-agents flow show flow_m3k2...", "super-agents flow show flow_m3k2... --json"],
  async run(ctx, args) {
    const view = await withProjectQueue(
      ctx,
      ({ queue, paths }) => readFlow(queue, paths, args.positionals[0]),
    );
    print(ctx, view, renderView(ctx, view));
  },
});

const apply = defineCommand({
  name: "apply",
  summary: "bring a finished flow's result branch into the checked-out branch (clean tree only)",
  positionals: [{ name: "id", description: "a flow id", required: true }],
  examples: ["super-agents flow apply flow_m3k2..."],
  async run(ctx, args) {
    const applied = await withProjectQueue(ctx, async ({ queue, paths }) => {
      const view = await readFlow(queue, paths, args.positionals[0]);
      if (!view.result || view.state !== "ready") {
        throw new SuperAgentsError(
          "FLOW_NOT_READY",
          `flow ${view.flow} is ${view.state}: no result to apply`,
          {
            hint: view.attention ?? `\`super-agents flow show ${view.flow}\` shows where it is`,
          },
        );
      }
      const root = paths.root;
      const dirty = await git(root, ["status", "--porcelain", "--untracked-files=no"]);
      const merging =
        (await gitTry(root, ["rev-parse", "-q", "--verify", "MERGE_HEAD"])).code === 0;
      if (dirty.trim() || merging) {
        throw new SuperAgentsError(
          "FLOW_DIRTY_TREE",
          `the working tree has uncommitted changes (${
            dirty.trim().split("\n").length
          } files); nothing was applied`,
          { hint: "commit or stash them, then run `flow apply` again" },
        );
      }
      const { branch } = view.result;
      // The user's own git setup (identity, hooks): this is their branch, changed at their request.
      const user = { scope: "user" as const };
      const ff = await gitTry(root, ["merge", "--ff-only", "-q", "--end-of-options", branch], user);
      if (ff.code !== 0) {
        const known = (await gitTry(root, ["config", "user.email"], user)).stdout.trim();
        const merged = await gitTry(root, [
          ...(known ? [] : AGENT_IDENTITY),
          "merge",
          "--no-ff",
          "--no-edit",
          "-q",
          "--end-of-options",
          branch,
        ], user);
        if (merged.code !== 0) {
          await gitTry(root, ["merge", "--abort"], user);
          throw new SuperAgentsError(
            "FLOW_APPLY_CONFLICT",
            `${branch} does not merge cleanly into the checked-out branch: ${
              merged.stdout.trim() || merged.stderr.trim()
            }`,
            { hint: `the merge was aborted; merge ${branch} yourself (\`git merge ${branch}\`)` },
          );
        }
      }
      const commit = (await git(root, ["rev-parse", "HEAD"])).trim();
      await removeFlowWorktrees(paths, view.flow, { branches: true });
      await deleteBranch(paths, branch);
      await writeFlowRecord(paths, view.flow, { state: "applied", at: ctx.now(), commit });
      const last = view.jobs.at(-1)!;
      await emitEvent(paths, jobEvent("flow.applied", last, { branch, commit }));
      return { flow: view.flow, branch, commit, fastForward: ff.code === 0 };
    });
    print(
      ctx,
      applied,
      `applied ${applied.branch} as ${applied.commit.slice(0, 12)}` +
        `${applied.fastForward ? " (fast-forward)" : ""}; its worktrees and branches are removed\n`,
    );
  },
});

const discard = defineCommand({
  name: "discard",
  summary: "cancel a flow's unfinished jobs and remove its worktrees and branches",
  positionals: [{ name: "id", description: "a flow id", required: true }],
  examples: ["super-agents flow discard flow_m3k2..."],
  async run(ctx, args) {
    const discarded = await withProjectQueue(ctx, async ({ queue, paths }) => {
      const view = await readFlow(queue, paths, args.positionals[0]);
      let cancelled = 0;
      for (const job of view.jobs) {
        if (!["queued", "delayed", "leased"].includes(job.state)) continue;
        await queue.cancel(job.id);
        cancelled++;
      }
      await removeFlowWorktrees(paths, view.flow, { branches: true });
      await writeFlowRecord(paths, view.flow, { state: "discarded", at: ctx.now() });
      await emitEvent(paths, jobEvent("flow.discarded", view.jobs.at(-1)!, { cancelled }));
      return { flow: view.flow, cancelled };
    });
    print(
      ctx,
      discarded,
      `discarded ${discarded.flow}: ${discarded.cancelled} jobs cancelled, worktrees and branches removed\n`,
    );
  },
});

/** The `flow` command. */
export const command = defineCommand({
  name: "flow",
  summary: "show, apply or discard the result of a parallel flow",
  subcommands: { show, apply, discard },
  examples: [
    "super-agents task create --pipeline software --width 3 --input 'add login'",
    "super-agents flow show flow_m3k2...",
    "super-agents flow apply flow_m3k2...",
  ],
});
