/**
 * Learned routing for the agents layer: the tier chooser a plugin
 * contributes (`tierChoosers` in its manifest; the analytics plugin's
 * learns from the outcome history), and the choice for one queued job,
 * made on the worker's main thread (the sandboxed job cannot read the
 * history) and recorded as a `router.decision` event with its evidence.
 * The job then routes inside its sandbox with that choice; a pinned model
 * (`--model`, a full id in the agent file or the configuration) is never
 * moved.
 * @module
 */

import type { Config } from "../core/config/schema.ts";
import { correlationIdFrom } from "../core/events/emit.ts";
import type { EventInput } from "../core/events/schema.ts";
import { eventCorrelationId } from "../core/orchestration/job_events.ts";
import { maybeLoadPluginHost } from "../core/plugin_host/current.ts";
import type { Job } from "../core/queue/job.ts";
import { routeAgent } from "../core/router/route.ts";
import type { TierChoice, TierChooser, TierChooserModule } from "../core/router/tier_chooser.ts";
import type { AgentDefinition } from "./definition.ts";
import { taskText } from "./task_text.ts";

/**
 * The first tier chooser a plugin provides for this project, if any.
 *
 * @example
 * ```ts
 * const chooser = await loadTierChooser(paths, () => Date.now(), config);
 * ```
 */
export async function loadTierChooser(
  paths: { root: string; state: string },
  now: () => number,
  config: object,
): Promise<TierChooser | undefined> {
  const host = await maybeLoadPluginHost();
  for (const entry of host?.tierChoosers() ?? []) {
    const chooser = await (await entry.load<TierChooserModule>()).createTierChooser({
      paths,
      now,
      config,
    });
    if (chooser) return chooser;
  }
  return undefined;
}

/**
 * The learned starting tier of one queued job, or undefined when the
 * chooser keeps the router's tier or the model is pinned; `emit` records
 * the decision.
 *
 * @example
 * ```ts
 * const choice = queuedJobChoice(chooser, config, definition, job, emit);
 * ```
 */
export function queuedJobChoice(
  chooser: TierChooser,
  config: Pick<Config, "models">,
  definition: Pick<AgentDefinition, "name" | "model" | "version">,
  job: Pick<Job, "id" | "input"> & Partial<Pick<Job, "correlationId">>,
  emit?: (event: EventInput) => unknown,
): TierChoice | undefined {
  const kind = (job.input as { kind?: unknown } | null)?.kind;
  const decision = routeAgent({
    agent: definition.name,
    agentModel: definition.model,
    task: taskText(job.input),
    models: config.models,
    chooser,
    chooserInput: {
      version: definition.version,
      jobId: job.id,
      ...(typeof kind === "string" ? { kind } : {}),
    },
  });
  const choice = decision.adaptive;
  if (choice && emit) {
    emit({
      type: "router.decision",
      agent: definition.name,
      task: job.id,
      // The job's own correlation id, as its other events carry (see job_recorder.ts).
      correlationId: eventCorrelationId(job.correlationId ?? null) ?? correlationIdFrom(job.id),
      payload: {
        tier: choice.tier,
        model: decision.model,
        kind: choice.kind,
        explored: choice.explored ?? false,
        steps: decision.steps,
      },
    });
  }
  return choice;
}
