/**
 * `super-agents profile <agent> "<task>"`: runs one task with Deno's
 * OpenTelemetry on, exporting to a receiver inside this command, and prints
 * where the time went — queue wait, worker start, model calls, tool calls,
 * event writes and the rest — from the task's spans and the job's
 * timestamps. Agents with a sandboxed pool executor (Anthropic) go through
 * the queue and a real `super-agents worker --once`; in-process agents
 * (local, Claude Code) through `super-agents run`. `--via` forces either.
 * @module
 */

import { type CommandArgs, defineCommand, stringFlag } from "../../../core/cli/command.ts";
import { loadConfig } from "../../../core/config/load.ts";
import type { Config } from "../../../core/config/schema.ts";
import type { Context } from "../../../core/context.ts";
import { runSelf, type SelfCommandResult } from "../../../core/self_command.ts";
import { SuperAgentsError, UsageError } from "../../../core/errors.ts";
import { emitEvent, newCorrelationId } from "../../../core/events/emit.ts";
import { jobEvent } from "../../../core/orchestration/job_events.ts";
import { type ProjectPaths, requireProject } from "../../../core/paths.ts";
import { profileOf, renderProfile, type TaskProfile } from "../breakdown.ts";
import { otelEnvFor, type OtlpReceiver, startOtlpReceiver } from "../otlp_receiver.ts";
import { openQueue } from "../../../core/queue/queue.ts";
import { CORRELATION_ATTRIBUTE, TRACER_NAME } from "../../../core/telemetry.ts";

/** Agents the worker runs without a definition (tests, benchmarks): always queued. */
const BUILTIN_AGENTS = new Set(["noop", "script"]);
/** Providers whose agents run in a pool executor, so a queue worker can run them. */
const QUEUED_PROVIDERS = new Set(["anthropic"]);

interface Child extends SelfCommandResult {
  spawnedAt: number;
  exitedAt: number;
}

async function runTraced(
  ctx: Context,
  root: string,
  args: string[],
  env: Record<string, string>,
): Promise<Child> {
  const spawnedAt = ctx.now();
  const result = await runSelf(args, root, env);
  return { ...result, spawnedAt, exitedAt: ctx.now() };
}

async function chooseVia(flag: string | undefined, agent: string, task: string, root: string) {
  if (flag === "queue" || flag === "run") return flag;
  if (flag !== undefined && flag !== "auto") {
    throw new UsageError(`unknown --via "${flag}"`, "use --via queue, --via run or --via auto");
  }
  if (BUILTIN_AGENTS.has(agent)) return "queue";
  const plan = await runSelf(["run", agent, task || agent, "--dry-run", "--json"], root);
  if (plan.code !== 0) {
    const failure = errorOf(plan.stderr);
    throw new SuperAgentsError(
      failure.code ?? "PROFILE_AGENT_UNKNOWN",
      `cannot profile ${agent}: ${failure.message}`,
      { hint: failure.hint ?? "`super-agents agents list` shows the agents" },
    );
  }
  const provider = JSON.parse(plan.stdout.trim().split("\n").at(-1)!).provider;
  return QUEUED_PROVIDERS.has(provider) ? "queue" : "run";
}

/** The error a `--json` subprocess printed (`{"error":{...}}`), or its last line. */
function errorOf(stderr: string): { code?: string; message: string; hint?: string } {
  const last = stderr.trim().split("\n").at(-1) ?? "";
  try {
    const { error } = JSON.parse(last);
    if (typeof error?.message === "string") {
      return {
        message: error.message,
        ...(typeof error.code === "string" ? { code: error.code } : {}),
        ...(typeof error.hint === "string" ? { hint: error.hint } : {}),
      };
    }
  } catch {
    // not JSON: the plain text is the message
  }
  return { message: last || "it exited with an error" };
}

function childFailed(child: Child, what: string): SuperAgentsError {
  const failure = errorOf(child.stderr);
  return new SuperAgentsError(
    "PROFILE_RUN_FAILED",
    `${what} exited with ${child.code}: ${failure.message}`,
    { hint: failure.hint ?? "run it without profile to see the whole output" },
  );
}

async function profileQueued(
  ctx: Context,
  project: { paths: ProjectPaths; config: Config },
  agent: string,
  task: string,
  receiver: OtlpReceiver,
): Promise<TaskProfile> {
  const { paths, config } = project;
  const correlationId = newCorrelationId();
  let queue = await openQueue(paths, config);
  let id: string;
  try {
    const { job } = await queue.enqueue({
      agent,
      input: task || null,
      priority: "critical",
      maxAttempts: 1,
      correlationId,
    });
    id = job.id;
    await emitEvent(paths, jobEvent("task.created", job, { profile: true }));
  } finally {
    await queue.close();
  }
  const child = await runTraced(
    ctx,
    paths.root,
    ["worker", "--once", "--concurrency", "1", "--agents", agent, "--json"],
    otelEnvFor(receiver, "super-agents-profile"),
  );
  if (child.code !== 0) throw childFailed(child, "`super-agents worker --once`");
  queue = await openQueue(paths, config);
  const job = await queue.get(id).finally(() => queue.close());
  if (!job) {
    throw new SuperAgentsError("JOB_NOT_FOUND", `job ${id} vanished from the queue`, {
      hint: "another process removed it (e.g. `dlq purge`); run the profile again",
    });
  }
  return profileOf({
    agent,
    via: "queue",
    status: job.state,
    spans: receiver.spans.filter((span) =>
      span.scope === TRACER_NAME && span.attributes[CORRELATION_ATTRIBUTE] === correlationId
    ),
    spawnedAt: child.spawnedAt,
    exitedAt: child.exitedAt,
    job,
    ...(job.error ? { error: { code: job.error.code, message: job.error.message } } : {}),
  });
}

async function profileDirect(
  ctx: Context,
  root: string,
  agent: string,
  words: string[],
  receiver: OtlpReceiver,
): Promise<TaskProfile> {
  const child = await runTraced(
    ctx,
    root,
    ["run", agent, ...words, "--json"],
    otelEnvFor(receiver, "super-agents-profile"),
  );
  const last = child.stdout.trim().split("\n").at(-1) ?? "";
  let result: { status?: string; error?: { code?: string; message?: string } };
  try {
    result = JSON.parse(last);
  } catch {
    throw childFailed(child, "`super-agents run`"); // no JSON result: it failed before running
  }
  return profileOf({
    agent,
    via: "run",
    status: result.status ?? (child.code === 0 ? "completed" : "failed"),
    spans: receiver.spans.filter((span) => span.scope === TRACER_NAME),
    spawnedAt: child.spawnedAt,
    exitedAt: child.exitedAt,
    ...(result.error ? { error: result.error } : {}),
  });
}

async function run(ctx: Context, args: CommandArgs): Promise<number> {
  const [agent, ...words] = args.positionals;
  const task = words.join(" ").trim();
  const paths = requireProject(ctx);
  const { config } = await loadConfig(ctx, { projectConfigPath: paths.config });
  const via = await chooseVia(stringFlag(args, "via"), agent, task, paths.root);
  if (!ctx.json) {
    ctx.stderr.write(
      `profiling ${agent} via ${via === "queue" ? "the queue and a worker" : "run"}…\n`,
    );
  }
  const receiver = await startOtlpReceiver();
  let profile: TaskProfile;
  try {
    profile = via === "queue"
      ? await profileQueued(ctx, { paths, config }, agent, task, receiver)
      : await profileDirect(ctx, paths.root, agent, words, receiver);
  } finally {
    await receiver.close();
  }
  if (receiver.rejected > 0 && !ctx.json) {
    ctx.stderr.write(`warning: ${receiver.rejected} trace export(s) could not be read\n`);
  }
  ctx.stdout.write(ctx.json ? JSON.stringify(profile) + "\n" : renderProfile(profile));
  return ["succeeded", "completed"].includes(profile.status) ? 0 : 1;
}

/** The `profile` command. */
export const command = defineCommand({
  name: "profile",
  summary: "run one task and show where the time went",
  description:
    "Runs the task with OpenTelemetry on (Deno's built-in OTel, exported to a receiver in this\n" +
    "command) and breaks its time down: queue wait, worker start, model calls, tool calls, event\n" +
    "writes and the rest. Model agents run through the queue and a `worker --once` (the job gets\n" +
    "critical priority); local agents through `run`. Needs what the agent needs (an API key for\n" +
    "model agents).",
  positionals: [
    { name: "agent", description: "agent name, e.g. reviewer-agent", required: true },
    { name: "task", description: "what the agent should do", variadic: true },
  ],
  flags: {
    via: { type: "string", description: "<queue|run|auto> how to run it (default auto)" },
  },
  examples: [
    'super-agents profile reviewer-agent "review the last commit"',
    "super-agents profile secret-scan --json",
    'super-agents profile developer-agent "add a flag" --via run',
  ],
  run,
});
