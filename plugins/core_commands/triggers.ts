/**
 * `super-agents triggers`: write, list, process and retry trigger files
 * (`.claude/triggers/*.json`). `process` enqueues the jobs a trigger carries
 * (a hook that could not reach the queue) or else turns it into an event on
 * the bus (type = the trigger's type); the worker consumes triggers the same
 * way on every poll (`core/triggers/handle_trigger.ts`).
 * @module
 */

import { join } from "node:path";
import { defineCommand, stringFlag } from "../../core/cli/command.ts";
import { loadConfig } from "../../core/config/load.ts";
import { errorMessage, SuperAgentsError, UsageError } from "../../core/errors.ts";
import { requireProject } from "../../core/paths.ts";
import { emitEvent } from "../../core/events/emit.ts";
import { openQueue, type TaskQueue } from "../../core/queue/queue.ts";
import { triggerHandler } from "../../core/triggers/handle_trigger.ts";
import { processTriggers } from "../../core/triggers/process_triggers.ts";
import { parseTriggerName, triggerDirs, triggerName } from "../../core/triggers/trigger_paths.ts";
import { writeTrigger } from "../../core/triggers/write_trigger.ts";

const process = defineCommand({
  name: "process",
  summary: "consume pending triggers: their jobs are enqueued, others become events",
  examples: ["super-agents triggers process", "super-agents triggers process --json"],
  async run(ctx) {
    const paths = requireProject(ctx);
    const { config } = await loadConfig(ctx, { projectConfigPath: paths.config });
    let queue: Promise<TaskQueue> | undefined;
    let summary;
    try {
      summary = await processTriggers(
        paths,
        triggerHandler({
          emit: (event) => emitEvent(paths, event),
          queue: () => queue ??= openQueue(paths, config),
        }),
        {
          maxAttempts: config.events.triggerMaxAttempts,
          retainProcessed: config.events.triggerRetainProcessed,
          now: ctx.now,
        },
      );
    } finally {
      // A failed open is already reported: its triggers went back to pending for a retry.
      const opened = await queue?.catch(() => undefined);
      await opened?.close();
    }
    if (ctx.json) ctx.stdout.write(JSON.stringify(summary) + "\n");
    else {
      ctx.stdout.write(
        `processed ${summary.processed}, retried ${summary.retried}, failed ${summary.failed}` +
          (summary.reclaimed ? `, reclaimed ${summary.reclaimed} stale` : "") + "\n",
      );
    }
  },
});

const write = defineCommand({
  name: "write",
  summary: "write a trigger file atomically",
  flags: {
    type: { type: "string", description: "<type> what happened, e.g. git.post-commit" },
    agent: { type: "string", description: "<name> agent that should handle it" },
    task: { type: "string", description: "<id> related task" },
    payload: { type: "string", description: "<json> trigger data" },
  },
  examples: [`super-agents triggers write --type git.post-commit --payload '{"sha":"abc123"}'`],
  async run(ctx, args) {
    const type = stringFlag(args, "type");
    if (!type) throw new UsageError("missing --type", "e.g. --type git.post-commit");
    const raw = stringFlag(args, "payload");
    let payload: unknown;
    try {
      payload = raw === undefined ? undefined : JSON.parse(raw);
    } catch (error) {
      throw new UsageError(
        `--payload is not valid JSON: ${errorMessage(error)}`,
        `e.g. --payload '{"k":1}'`,
      );
    }
    const path = await writeTrigger(requireProject(ctx), {
      type,
      agent: stringFlag(args, "agent"),
      task: stringFlag(args, "task"),
      payload,
    }, ctx.now);
    ctx.stdout.write(ctx.json ? JSON.stringify({ path }) + "\n" : `${path}\n`);
  },
});

const list = defineCommand({
  name: "list",
  summary: "count pending, processing, processed and failed triggers",
  examples: ["super-agents triggers list", "super-agents triggers list --json"],
  async run(ctx) {
    const dirs = triggerDirs(requireProject(ctx));
    const counts: Record<string, string[]> = {};
    for (const [state, dir] of Object.entries(dirs)) counts[state] = await triggerFiles(dir);
    if (ctx.json) ctx.stdout.write(JSON.stringify(counts) + "\n");
    else {
      for (const [state, names] of Object.entries(counts)) {
        ctx.stdout.write(`${state.padEnd(10)} ${names.length}\n`);
        if (state === "failed") { for (const name of names) ctx.stdout.write(`  ${name}\n`); }
      }
    }
  },
});

const retry = defineCommand({
  name: "retry",
  summary: "move a failed trigger back to pending (attempts reset)",
  positionals: [{
    name: "file",
    description: "name of the file in triggers/failed/",
    required: true,
  }],
  examples: ["super-agents triggers retry 01J9Z3K4X0ZQ6V7T8W9XYZABCD-git-post-commit.retry-2.json"],
  async run(ctx, args) {
    const dirs = triggerDirs(requireProject(ctx));
    const name = args.positionals[0];
    const parsed = parseTriggerName(name);
    if (!parsed || name.includes("/")) {
      throw new UsageError(
        `"${name}" is not a trigger file name`,
        "`super-agents triggers list` shows the trigger file names",
      );
    }
    try {
      await Deno.rename(join(dirs.failed, name), join(dirs.pending, triggerName(parsed.stem, 0)));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      throw new SuperAgentsError("TRIGGER_NOT_FOUND", `no failed trigger named ${name}`, {
        hint: "see `super-agents triggers list` for the failed files",
      });
    }
    await Deno.remove(join(dirs.failed, `${name}.error.json`)).catch((error) => {
      if (!(error instanceof Deno.errors.NotFound)) throw error; // no error file is fine
    });
    ctx.stdout.write(
      ctx.json ? JSON.stringify({ retried: name }) + "\n" : `queued ${name} again\n`,
    );
  },
});

async function triggerFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile && parseTriggerName(entry.name)) names.push(entry.name);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error; // no directory yet: none
  }
  return names.sort();
}

/** The `triggers` command. */
export const command = defineCommand({
  name: "triggers",
  summary: "process trigger files",
  description: "Hooks and watchers drop JSON files in .claude/triggers/; they are consumed once, " +
    "retried on failure, and moved to processed/ or failed/ (with the reason).",
  subcommands: { process, write, list, retry },
  examples: ["super-agents triggers process", "super-agents triggers list"],
});
