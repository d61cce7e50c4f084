/**
 * The `anthropic-batch` plugin: the queue's batch lane through the Message
 * Batches API — one batch per claim, polled with backoff, results mapped
 * back to jobs, errored and expired entries retried individually — with the
 * same job interface as the interactive lane. Contributes `batch run`.
 * @module
 */

import { z } from "../../core/deps.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { definePlugin } from "../../core/plugin.ts";
import { API_KEY_HINT } from "../anthropic/run.ts";

/** The plugin's options. */
export const BatchOptionsSchema = z.object({});

export default definePlugin({
  name: "anthropic-batch",
  kind: "provider",
  version: "1.0.0",
  summary: "non-urgent queue lanes through the Message Batches API (half price)",
  options: BatchOptionsSchema,
  defaults: {},
  setup(ctx) {
    ctx.registerProvider({
      name: "anthropic-batch",
      summary: "Message Batches API for queued batch-lane jobs (not for `run`)",
      requiresEnv: { name: "ANTHROPIC_API_KEY", hint: API_KEY_HINT },
      usesModel: true,
      run(job) {
        // A batch can take up to 24 hours: it serves the queue's batch lane, never `run`.
        throw new SuperAgentsError(
          "PROVIDER_BATCH_ONLY",
          `anthropic-batch does not run tasks now (${job.agent.name})`,
          {
            hint:
              `queue it: super-agents task create ${job.agent.name} --lane batch --input '...' ` +
              "then `super-agents batch run`",
          },
        );
      },
    });
    ctx.registerCommand({
      name: "batch",
      summary: "process the batch lane with the Message Batches API",
      load: () => import("./command.ts"),
    });
  },
});
