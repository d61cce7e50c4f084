/**
 * `super-agents events`: emit, tail, query, verify, repair and rotate the
 * project's hash-chained event log (`.claude/events/log.ndjson`).
 * @module
 */

import {
  booleanFlag,
  type CommandArgs,
  defineCommand,
  numberFlag,
  stringFlag,
} from "../../core/cli/command.ts";
import { withActivity } from "../../core/cli/activity.ts";
import type { Context } from "../../core/context.ts";
import { errorMessage, SuperAgentsError, UsageError } from "../../core/errors.ts";
import { exceedsJsonDepth, MAX_JSON_DEPTH } from "../../core/json_depth.ts";
import { requireProject } from "../../core/paths.ts";
import { hookEvent } from "../../core/events/claude_hook.ts";
import { emitEvent, eventLogFor } from "../../core/events/emit.ts";
import { eventLogPaths } from "../../core/events/event_paths.ts";
import { followEvents, readLiveTail } from "../../core/events/follow.ts";
import { formatEvent } from "../../core/events/format.ts";
import { eventMatcher, queryEvents, type ReadStats } from "../../core/events/reader.ts";
import { repairLog } from "../../core/events/repair.ts";
import { parseTimeSpec } from "../../core/events/time_spec.ts";
import { verifyLog } from "../../core/events/verify.ts";

const emit = defineCommand({
  name: "emit",
  summary: "append one event to the log",
  description: "Git hooks, scripts and agent prompts record events through this command. " +
    "With --from-claude-hook it reads a Claude Code hook's JSON from stdin and never fails " +
    "the hook (bad input is reported on stderr and exits 0).",
  flags: {
    type: { type: "string", description: "<type> event type, e.g. task.started" },
    agent: { type: "string", description: "<name> agent that caused the event" },
    task: { type: "string", description: "<id> task the event belongs to" },
    "correlation-id": { type: "string", description: "<toolu_…> request the event is part of" },
    parent: { type: "string", description: "<id> event (or correlation id) that caused this one" },
    payload: { type: "string", description: "<json> event data" },
    "from-claude-hook": { type: "boolean", description: "read Claude Code hook JSON from stdin" },
  },
  examples: [
    `super-agents events emit --type git.commit --payload '{"sha":"abc123"}'`,
    "super-agents events emit --type task.done --task T42 --agent reviewer-agent",
    "super-agents events emit --from-claude-hook   # in .claude/settings.json hooks",
  ],
  async run(ctx, args) {
    if (booleanFlag(args, "from-claude-hook")) return await emitFromHook(ctx, args);
    const type = stringFlag(args, "type");
    if (!type) {
      throw new UsageError("missing --type", "e.g. `super-agents events emit --type git.commit`");
    }
    const paths = requireProject(ctx);
    const record = await emitEvent(paths, {
      type,
      agent: stringFlag(args, "agent"),
      task: stringFlag(args, "task"),
      correlationId: stringFlag(args, "correlation-id"),
      parent: stringFlag(args, "parent"),
      payload: parsePayload(stringFlag(args, "payload")),
    });
    ctx.stdout.write(ctx.json ? JSON.stringify(record) + "\n" : `#${record.seq} ${record.id}\n`);
  },
});

async function emitFromHook(ctx: Context, args: CommandArgs): Promise<number> {
  // Claude Code must never be blocked by event recording: every failure exits 0 with a warning.
  try {
    const text = await readStdin(1024 * 1024);
    const result = hookEvent(text, {
      agent: stringFlag(args, "agent"),
      task: stringFlag(args, "task"),
      parent: stringFlag(args, "parent"),
    });
    if (!result.ok) {
      ctx.stderr.write(`super-agents: hook event not recorded: ${oneLine(result.reason)}\n`);
      return 0;
    }
    await emitEvent(requireProject(ctx), result.input);
  } catch (error) {
    ctx.stderr.write(`super-agents: hook event not recorded: ${oneLine(errorMessage(error))}\n`);
  }
  return 0;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").slice(0, 300);
}

async function readStdin(limit: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of Deno.stdin.readable) {
    size += chunk.length;
    if (size > limit) throw new Error(`stdin is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) all.set(chunk, (offset += chunk.length) - chunk.length);
  return new TextDecoder().decode(all);
}

function parsePayload(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `--payload is not valid JSON: ${errorMessage(error)}`,
      `quote the JSON for the shell, e.g. --payload '{"key":"value"}'`,
    );
  }
  if (exceedsJsonDepth(payload, MAX_JSON_DEPTH)) {
    throw new UsageError(
      `--payload nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays`,
      `flatten the payload to at most ${MAX_JSON_DEPTH} levels`,
    );
  }
  return payload;
}

const filterFlags = {
  type: { type: "string", description: "<type,…> types to show; `task.*` matches a prefix" },
  agent: { type: "string", description: "<name> only this agent's events" },
  task: { type: "string", description: "<id> only this task's events" },
  "correlation-id": { type: "string", description: "<toolu_…> only this request's events" },
  since: { type: "string", description: "<time> from (epoch ms, ISO time, or 15m/2h/7d ago)" },
  until: { type: "string", description: "<time> up to (same forms as --since)" },
} as const;

function filterOf(ctx: Context, args: CommandArgs) {
  const since = stringFlag(args, "since");
  const until = stringFlag(args, "until");
  return {
    types: stringFlag(args, "type")?.split(",").map((type) => type.trim()).filter(Boolean),
    agent: stringFlag(args, "agent"),
    task: stringFlag(args, "task"),
    correlationId: stringFlag(args, "correlation-id"),
    since: since === undefined ? undefined : parseTimeSpec(since, ctx.now(), "--since"),
    until: until === undefined ? undefined : parseTimeSpec(until, ctx.now(), "--until"),
  };
}

const query = defineCommand({
  name: "query",
  summary: "search events, archives included",
  flags: {
    ...filterFlags,
    limit: {
      type: "integer",
      min: 0,
      default: 100,
      description: "<n> most recent matches to show (default 100)",
    },
  },
  examples: [
    "super-agents events query --type 'task.*' --since 2h",
    "super-agents events query --agent reviewer-agent --limit 20 --json",
  ],
  async run(ctx, args) {
    const files = eventLogPaths(requireProject(ctx));
    const stats: ReadStats = { files: 0, lines: 0, skippedLines: 0 };
    const events = await queryEvents(files, {
      ...filterOf(ctx, args),
      limit: numberFlag(args, "limit") ?? 100,
      stats,
    });
    if (ctx.json) ctx.stdout.write(JSON.stringify(events) + "\n");
    else for (const event of events) ctx.stdout.write(formatEvent(event) + "\n");
    if (stats.skippedLines > 0) {
      ctx.stderr.write(
        `warning: ${stats.skippedLines} unreadable line(s) skipped; run \`super-agents events verify\`\n`,
      );
    }
  },
});

const tail = defineCommand({
  name: "tail",
  summary: "show the latest events; -f follows new ones",
  flags: {
    lines: {
      type: "integer",
      short: "n",
      min: 0,
      default: 10,
      description: "<n> events to show first (default 10)",
    },
    follow: { type: "boolean", short: "f", description: "keep printing new events until Ctrl-C" },
    type: filterFlags.type,
  },
  examples: ["super-agents events tail -n 20", "super-agents events tail -f --type 'claude.*'"],
  async run(ctx, args) {
    const files = eventLogPaths(requireProject(ctx));
    const filter = filterOf(ctx, args);
    const print = (event: Parameters<typeof formatEvent>[0]) =>
      ctx.stdout.write((ctx.json ? JSON.stringify(event) : formatEvent(event)) + "\n");
    const { events, offset } = await readLiveTail(files, filter, numberFlag(args, "lines") ?? 10);
    events.forEach(print);
    if (!booleanFlag(args, "follow")) return;
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    Deno.addSignalListener("SIGINT", onSignal);
    const wanted = eventMatcher({ types: filter.types });
    try {
      for await (const event of followEvents(files, { signal: stop.signal, fromOffset: offset })) {
        if (wanted(event)) print(event);
      }
    } finally {
      Deno.removeSignalListener("SIGINT", onSignal);
    }
  },
});

const verify = defineCommand({
  name: "verify",
  summary: "check the hash chain; reports the first bad line",
  flags: {
    all: { type: "boolean", description: "check every archive and the links between them" },
  },
  examples: ["super-agents events verify", "super-agents events verify --all --json"],
  async run(ctx, args) {
    const files = eventLogPaths(requireProject(ctx));
    const all = booleanFlag(args, "all");
    const report = all
      ? await withActivity(ctx, "verifying every archive", () => verifyLog(files, { all }))
      : await verifyLog(files);
    if (ctx.json) ctx.stdout.write(JSON.stringify(report) + "\n");
    else if (report.ok) {
      ctx.stdout.write(
        `ok: ${report.lines} event(s) in ${report.files.length} file(s), last seq ${report.lastSeq}\n`,
      );
    }
    if (report.ok) return 0;
    const bad = report.firstBad!;
    if (!ctx.json) {
      throw new SuperAgentsError(
        "EVENTS_CORRUPT",
        `${bad.file} line ${bad.line}: ${bad.kind}: ${bad.reason}`,
        { hint: "run `super-agents events repair` to quarantine bad lines and re-chain the log" },
      );
    }
    return 1;
  },
});

const repair = defineCommand({
  name: "repair",
  summary: "quarantine bad lines and re-chain the live log",
  examples: ["super-agents events repair", "super-agents events repair --json"],
  async run(ctx) {
    const report = await repairLog(await eventLogFor(requireProject(ctx)), ctx.now);
    if (ctx.json) ctx.stdout.write(JSON.stringify(report) + "\n");
    else if (!report.repaired) ctx.stdout.write("nothing to repair: the log verifies\n");
    else {
      const bad = report.firstBad!;
      ctx.stdout.write(
        `repaired from line ${bad.line} (${bad.kind}): ${report.quarantined} line(s) moved to ` +
          `.claude/events/quarantine.ndjson, ${report.rechained} re-chained, ${report.kept} kept\n`,
      );
    }
  },
});

const rotate = defineCommand({
  name: "rotate",
  summary: "archive the live log now (gzip) and start a linked one",
  examples: ["super-agents events rotate"],
  async run(ctx) {
    const archive = await (await eventLogFor(requireProject(ctx))).rotate();
    if (ctx.json) ctx.stdout.write(JSON.stringify({ archive: archive ?? null }) + "\n");
    else {ctx.stdout.write(
        archive ? `archived to .claude/events/archive/${archive}\n` : "log is empty\n",
      );}
  },
});

/** The `events` command. */
export const command = defineCommand({
  name: "events",
  summary: "emit, read, verify and repair the event log",
  description: "The project's event log is .claude/events/log.ndjson: one JSON event per line, " +
    "hash-chained, rotated to .claude/events/archive/ as gzip.",
  subcommands: { emit, tail, query, verify, repair, rotate },
  examples: [
    "super-agents events emit --type deploy.started --agent ci",
    "super-agents events tail -f",
    "super-agents events verify --all",
  ],
});
