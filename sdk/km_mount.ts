/**
 * The KM mount contract as the plugin SDK states it: a mount module exports
 * `createMount(context)`, which resolves to a {@linkcode KmMount} answering
 * the requests for the paths its contribution owns. The SDK's
 * {@linkcode KmMountContext} is a narrower view of the one the KM passes
 * (`plugins/km/mounts.ts`); `tests/plugin_sdk/contracts_test.ts` fails to
 * type-check if the KM stops giving what it promises.
 * @module
 */

import type { Context } from "../core/context.ts";
import type { Logger } from "../core/log.ts";
import type { ProjectPaths } from "../core/paths.ts";

export type { KmMount } from "../plugins/km/mounts.ts";
export type { Logger } from "../core/log.ts";

/**
 * What `createMount` receives from the running KM.
 *
 * @example
 * ```ts
 * import type { KmMount, KmMountContext } from "jsr:@super-agents/cli/plugin";
 *
 * export function createMount(context: KmMountContext): Promise<KmMount> {
 *   context.log.info("hello mount started");
 *   return Promise.resolve({
 *     handle: () => Promise.resolve(Response.json({ project: context.paths.root })),
 *     close: () => Promise.resolve(),
 *   });
 * }
 * ```
 */
export interface KmMountContext {
  /** The KM process's context. */
  ctx: Context;
  /** The project the KM serves. */
  paths: ProjectPaths;
  /** The resolved configuration (every section, your plugin's among them). */
  config: Readonly<Record<string, unknown>>;
  /** The address the server binds. */
  host: string;
  /** The project's bearer token (`km.token`). */
  token: string;
  /** The KM's logger. */
  log: Logger;
}
