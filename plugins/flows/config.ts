/**
 * The `flows` config section (the plugin's manifest `config`
 * contribution): how many subtasks of a parallel flow run at once when
 * `task create --width` does not say. Loaded with the rest of the configuration
 * (`core/config/sections.ts`), so `config list/get/set` and errors treat
 * these keys like the kernel's.
 * @module
 */

import { z } from "../../core/deps.ts";
import { configSection } from "../../core/config/sections.ts";

/** The section's keys, each with its default. */
export const schema = z.object({
  /** Most subtasks running at once (`--width` overrides it for one flow). */
  width: z.number().int().min(1).max(64).default(4),
});

/** The flows settings. */
export type FlowsConfig = z.infer<typeof schema>;

/** Every setting at its default. */
export const defaults: FlowsConfig = schema.parse({});

/**
 * The `flows` section of a loaded configuration, validated.
 *
 * @example
 * ```ts
 * flowsConfig(config).width; // 4
 * ```
 */
export function flowsConfig(config: object): FlowsConfig {
  return configSection(config, "flows", schema);
}
