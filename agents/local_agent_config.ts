/**
 * The `agentConfig` of a queued local job: the agent template plus the
 * `checks` settings. The runtime writes it when it queues a local agent
 * (`runtime/resolve_agent.ts`) and the local plugin's executor reads it, so
 * it lives in the layer both may import.
 * @module
 */

import { ConfigSchema } from "../core/config/schema.ts";
import type { z } from "../core/deps.ts";
import { QueueAgentConfigSchema } from "./agent_task.ts";

/** The `agentConfig` of a queued local job: the agent template plus the checks settings. */
export const LocalQueueConfigSchema = QueueAgentConfigSchema.extend({
  checks: ConfigSchema.shape.checks,
});
/** The `agentConfig` of a queued local job. */
export type LocalQueueConfig = z.input<typeof LocalQueueConfigSchema>;
