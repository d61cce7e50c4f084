/**
 * What `task create` does once its flags are read: one job for an agent, or
 * a pipeline (the default software pipeline, or one from a JSON file)
 * enqueued atomically as a DAG — handed to `submitTask`, which rate-limits
 * the request and records the creation events.
 * @module
 */

import type { CommandArgs } from "../cli/command.ts";
import { stringFlag } from "../cli/command.ts";
import { SuperAgentsError, UsageError } from "../errors.ts";
import type { Lane, Priority } from "../queue/job.ts";
import type { ProjectQueue } from "../queue/project_queue.ts";
import { type Pipeline, PipelineSchema } from "./dag.ts";
import { defaultPipeline } from "./pipeline.ts";
import { loadPluginHost } from "../plugin_host/current.ts";
import type { PipelineModule } from "../plugin_host/job_hooks.ts";
import { submitTask, type SubmittedTask } from "./submit_task.ts";

/** The jobs `task create` made. */
export type CreatedTask = SubmittedTask;

function integer(args: CommandArgs, flag: string, min: number): number | undefined {
  const raw = stringFlag(args, flag);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new UsageError(
      `--${flag} must be an integer of at least ${min}, not "${raw}"`,
      `e.g. --${flag} ${min}`,
    );
  }
  return value;
}

async function readInput(args: CommandArgs): Promise<unknown> {
  const file = stringFlag(args, "input-file");
  const text = file === undefined ? stringFlag(args, "input") : await readText(file);
  if (text === undefined) return null;
  try {
    return JSON.parse(text);
  } catch (error) {
    if (file !== undefined) {
      throw new UsageError(
        `${file} is not JSON: ${(error as Error).message}`,
        "fix the file's JSON",
      );
    }
    return text; // plain text is a string input ("review the last commit")
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    throw new SuperAgentsError(
      "FILE_UNREADABLE",
      `cannot read ${path}: ${(error as Error).message}`,
      {
        hint: "check the path",
        cause: error,
      },
    );
  }
}

/** A plugin's pipeline of this name, when one applies to the project (undefined otherwise). */
async function contributedPipeline(
  name: string,
  project: ProjectQueue,
  options: { reviewers?: string[]; width?: number },
): Promise<Pipeline | undefined> {
  const host = await loadPluginHost();
  for (const entry of host.pipelines()) {
    if (entry.contribution.name !== name) continue;
    const { buildPipeline } = await entry.load<PipelineModule>();
    const built = await buildPipeline({
      root: project.paths.root,
      config: project.config,
      ...options,
    });
    if (built) return built;
  }
  return undefined;
}

async function pipelineOf(
  args: CommandArgs,
  project: ProjectQueue,
): Promise<Pipeline | undefined> {
  const name = stringFlag(args, "pipeline");
  const file = stringFlag(args, "pipeline-file");
  if (file !== undefined) {
    const parsed = PipelineSchema.safeParse(JSON.parse(await readText(file)));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(
        `${file}: ${issue.path.join(".") || "pipeline"}: ${issue.message}`,
        `fix ${file}; \`super-agents task create --help\` shows the pipeline options`,
      );
    }
    return parsed.data;
  }
  if (name === undefined) return undefined;
  const reviewers = stringFlag(args, "reviewers")?.split(",").map((r) => r.trim()).filter(Boolean);
  const width = integer(args, "width", 1);
  const contributed = await contributedPipeline(name, project, { reviewers, width });
  if (contributed) return contributed;
  if (name !== "software") {
    throw new UsageError(
      `unknown pipeline "${name}"`,
      "use --pipeline software or --pipeline-file <path>",
    );
  }
  return defaultPipeline({ reviewers });
}

/** Enqueues what the flags describe (through {@linkcode submitTask}). */
export async function createTask(
  project: ProjectQueue,
  args: CommandArgs,
  priority: Priority,
  correlationId: string,
  now: () => number = Date.now,
): Promise<CreatedTask> {
  const input = await readInput(args);
  const pipeline = await pipelineOf(args, project);
  const agent = args.positionals[0];
  if (pipeline) {
    if (agent !== undefined) throw new UsageError("give an agent or --pipeline, not both");
    return await submitTask(
      project,
      { kind: "pipeline", pipeline, input, priority, correlationId },
      now,
    );
  }
  if (agent === undefined) {
    throw new UsageError("missing argument <agent>", "name an agent, or use --pipeline software");
  }
  const lane = stringFlag(args, "lane") ?? "interactive";
  if (lane !== "interactive" && lane !== "batch") {
    throw new UsageError(`unknown lane "${lane}"`, "use interactive or batch");
  }
  return await submitTask(project, {
    kind: "job",
    spec: {
      agent,
      input,
      priority,
      lane: lane as Lane,
      delayMs: integer(args, "delay", 0),
      maxAttempts: integer(args, "max-attempts", 1),
      timeoutMs: integer(args, "timeout", 1),
      idempotencyKey: stringFlag(args, "key"),
      dependsOn: stringFlag(args, "depends-on")?.split(",").map((id) => id.trim())
        .filter(Boolean),
      correlationId,
    },
  }, now);
}
