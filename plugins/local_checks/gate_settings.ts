/**
 * The settings the pre-commit gate needs (`checks`, `hooks`,
 * `notifications`): those sections of the validated configuration, read
 * through the configuration cache (`core/config/cached_load.ts`), so a
 * commit with an unchanged configuration does not load zod or the schema
 * (which cost the gate more than its checks) and the defaults have one
 * source, the schema.
 * @module
 */

import { loadConfigCached } from "../../core/config/cached_load.ts";
import type { Config } from "../../core/config/schema.ts";
import type { Context } from "../../core/context.ts";

/**
 * The sections the gate reads. `notifications` is the notifications
 * plugin's section as loaded (validated by its schema only when a webhook
 * may be posted to: `report_check.ts` loads it then).
 */
export type GateSettings = Pick<Config, "checks" | "hooks"> & { notifications?: unknown };

/**
 * The gate's sections of the configuration (global file, project file,
 * environment, defaults).
 *
 * @example
 * ```ts
 * const settings = await gateSettings(ctx, paths?.config);
 * settings.checks.maxFileBytes; // 1048576
 * ```
 */
export async function gateSettings(ctx: Context, projectConfig?: string): Promise<GateSettings> {
  const { config } = await loadConfigCached(ctx, { projectConfigPath: projectConfig });
  const notifications = (config as { notifications?: unknown }).notifications;
  return { checks: config.checks, hooks: config.hooks, notifications };
}
