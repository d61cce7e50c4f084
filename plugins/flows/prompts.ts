/**
 * The task texts of the jobs a flow adds at run time: a developer's
 * subtask (what it owns, and that others work beside it), the resolution
 * of a merge conflict (both sides of every conflicted file), and the review
 * of the integrated branch.
 * @module
 */

import type { Subtask } from "./plan.ts";

/** The text a subtask's developer gets. */
export function subtaskTask(task: string, subtask: Subtask, all: Subtask[]): string {
  const others = all.filter((s) => s.id !== subtask.id)
    .map((s) => `- ${s.id}: ${s.title}${s.owns.length ? ` (owns ${s.owns.join(", ")})` : ""}`);
  return [
    task,
    "",
    `## Your subtask: ${subtask.title} (${subtask.id})`,
    ...(subtask.description ? ["", subtask.description] : []),
    "",
    subtask.owns.length
      ? `You own: ${subtask.owns.join(", ")}. Change only these files or areas.`
      : "Keep your change to what this subtask needs.",
    "You work in your own git worktree of the repository (your working directory); " +
    "super-agents commits what you leave there when you finish. Do not commit yourself.",
    ...(others.length
      ? [
        "",
        "Other developers work on these subtasks at the same time, in their own worktrees:",
        ...others,
      ]
      : []),
  ].join("\n");
}

/** One conflicted file: the integration branch's side, the subtask's side, and the file with markers. */
export interface ConflictSides {
  file: string;
  ours: string;
  theirs: string;
  merged: string;
}

const SIDE_LIMIT = 20_000;

function cut(text: string): string {
  return text.length > SIDE_LIMIT
    ? text.slice(0, SIDE_LIMIT) + "\n[cut at 20000 characters]"
    : text;
}

/** The text a resolution job gets. */
export function resolveTask(task: string, branch: string, sides: ConflictSides[]): string {
  const files = sides.map((side) =>
    [
      `### ${side.file}`,
      "",
      "Integration branch (ours):",
      "```",
      cut(side.ours),
      "```",
      "",
      `${branch} (theirs):`,
      "```",
      cut(side.theirs),
      "```",
      "",
      "The file now, with conflict markers:",
      "```",
      cut(side.merged),
      "```",
    ].join("\n")
  );
  return [
    task,
    "",
    `## Resolve a merge conflict`,
    "",
    `Merging ${branch} into the integration branch conflicts in ${
      sides.map((s) => s.file).join(", ")
    }. ` +
    "Your working directory is the integration worktree with the merge in progress. Edit each " +
    "conflicted file so it keeps both intents, with no conflict markers left. Do not commit: " +
    "super-agents concludes the merge when you finish.",
    "",
    ...files,
  ].join("\n");
}

/** The text a reviewer or the test executor gets. */
export function reviewTask(task: string, branch: string): string {
  return `${task}\n\n## Review the integrated branch\n\nYour working directory is the ` +
    `integration worktree of branch ${branch}: every subtask of this flow merged. Review (or ` +
    `test) that tree.`;
}
