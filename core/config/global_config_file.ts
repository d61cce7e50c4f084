/**
 * Where the per-user configuration file is: `<dataHome>/config.json`. Its
 * own module because the start-up paths (`status`, the config cache) need
 * the path without the config loader, which imports zod
 * (`tests/core/config/cached_load_test.ts` holds it equal to `load.ts`'s).
 * @module
 */

import { join } from "../light_path.ts";

/**
 * The global config file of a user.
 *
 * @example
 * ```ts
 * globalConfigFile({ dataHome: "/home/u/.super-agents" }); // "/home/u/.super-agents/config.json"
 * ```
 */
export function globalConfigFile(ctx: { dataHome: string }): string {
  return join(ctx.dataHome, "config.json");
}
