/**
 * The `anthropic` provider: runs a job through the Messages API
 * ({@linkcode runAnthropic}) inside the agent's sandboxed worker (executor
 * `anthropic`). Loaded by the plugin host when an agent names this provider.
 * @module
 */

import type { Config } from "../../core/config/schema.ts";
import type { ProviderPlugin } from "../../core/plugin.ts";
import { API_KEY_HINT, runAnthropic } from "./run.ts";

/**
 * The provider (it needs no configuration: models and retries live in `models.*`).
 *
 * @example
 * ```ts
 * const provider = createProvider(config);
 * provider.executor; // "anthropic"
 * ```
 */
export function createProvider(_config: Config): ProviderPlugin {
  return {
    name: "anthropic",
    summary: "Messages API (@anthropic-ai/sdk), tools inside the agent's sandbox",
    requiresEnv: { name: "ANTHROPIC_API_KEY", hint: API_KEY_HINT },
    usesModel: true,
    executor: "anthropic",
    run: runAnthropic,
  };
}
