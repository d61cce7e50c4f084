/**
 * `super-agents knowledge lessons [--prune] [--json]`: the lessons kept
 * from successful work (KM `lesson` items) with their standing — score,
 * how many later tasks were given each — best first; `--prune` deletes
 * those whose score fell to 0 or below (from the KM too).
 * @module
 */

import { booleanFlag, type CommandArgs, defineCommand } from "../../../core/cli/command.ts";
import type { Context } from "../../../core/context.ts";
import { requireProject } from "../../../core/paths.ts";
import { historyPath, openOutcomeStore } from "../history/outcome_store.ts";
import { openLessonBook } from "../lessons/open_lesson_book.ts";

async function lessons(ctx: Context, args: CommandArgs): Promise<void> {
  const paths = requireProject(ctx);
  const store = openOutcomeStore(historyPath(paths));
  const { book, close } = await openLessonBook(paths, store, () => ctx.now());
  try {
    const pruned = booleanFlag(args, "prune") ? book.prune() : undefined;
    const list = book.list();
    if (ctx.json) {
      ctx.stdout.write(
        JSON.stringify({ lessons: list, ...(pruned !== undefined ? { pruned } : {}) }) + "\n",
      );
      return;
    }
    if (pruned !== undefined) ctx.stdout.write(`pruned ${pruned} demoted lesson(s)\n`);
    ctx.stdout.write(
      list.length === 0
        ? "no lessons yet (a lesson is kept when a worker's job succeeds)\n"
        : list.map((l) => `lesson:${l.kmId}  score ${l.score}  used ${l.uses}×  ${l.title}\n`).join(
          "",
        ),
    );
  } finally {
    close();
    store.close();
  }
}

/** The `knowledge` command. */
export const command = defineCommand({
  name: "knowledge",
  summary: "lessons kept from successful work",
  subcommands: {
    lessons: defineCommand({
      name: "lessons",
      summary: "list the lessons with their score and use; --prune deletes the demoted ones",
      flags: {
        prune: { type: "boolean", description: "delete lessons whose score fell to 0 or below" },
      },
      examples: ["super-agents knowledge lessons", "super-agents knowledge lessons --prune --json"],
      run: lessons,
    }),
  },
  examples: ["super-agents knowledge lessons"],
});
