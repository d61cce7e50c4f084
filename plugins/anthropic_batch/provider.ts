/**
 * The `anthropic-batch` provider: it names the key it needs and refuses to
 * run a task now — a batch can take up to 24 hours, so it serves the queue's
 * batch lane (`batch run`), never `run`.
 * @module
 */

import type { Config } from "../../core/config/schema.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import type { ProviderPlugin } from "../../core/plugin.ts";
import { API_KEY_HINT } from "../anthropic/run.ts";

/**
 * The provider.
 *
 * @example
 * ```ts
 * createProvider(config).run(job, io); // throws PROVIDER_BATCH_ONLY with the commands to queue it
 * ```
 */
export function createProvider(_config: Config): ProviderPlugin {
  return {
    name: "anthropic-batch",
    summary: "Message Batches API for queued batch-lane jobs (not for `run`)",
    requiresEnv: { name: "ANTHROPIC_API_KEY", hint: API_KEY_HINT },
    usesModel: true,
    run(job) {
      throw new SuperAgentsError(
        "PROVIDER_BATCH_ONLY",
        `anthropic-batch does not run tasks now (${job.agent.name})`,
        {
          hint: `queue it: super-agents task create ${job.agent.name} --lane batch --input '...' ` +
            "then `super-agents batch run`",
        },
      );
    },
  };
}
