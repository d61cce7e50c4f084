/**
 * Imports a module by URL at the moment it is needed, through a specifier the
 * module graph cannot see. A literal `import("./x.ts")` makes Deno load and
 * resolve the whole graph behind it (the MCP SDK, BullMQ, the Anthropic SDK)
 * at every start, even when it is never called; `scripts/bench/startup.ts`
 * measured `--version` at 66 ms with literal loaders and 41 ms without.
 * The price is that `deno compile` must be told about these modules:
 * the `compile` task in `deno.json` `--include`s the folders they live in, and
 * `tests/core/cli/command_tables_test.ts` loads every table entry.
 * @module
 */

/**
 * Imports `url` now (typed as `T` by the caller).
 *
 * @example
 * ```ts
 * const { openRedisQueue } = await importModule<typeof import("./open_redis_queue.ts")>(
 *   new URL("./open_redis_queue.ts", import.meta.url),
 * );
 * ```
 */
export function importModule<T>(url: URL): Promise<T> {
  return import(url.href) as Promise<T>;
}
