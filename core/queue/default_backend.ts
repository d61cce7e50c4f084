/**
 * The queue backend when no configuration layer names one, and a quick way
 * to know that no layer does: `status` starts on every prompt, and loading
 * the configuration (even from its cache) is most of its cost. When neither
 * config file mentions `backend` and no `SUPER_AGENTS_QUEUE_BACKEND` is set,
 * the backend is this default; anything else takes the full load.
 * @module
 */

/** The schema's default for `queue.backend` (`core/config/schema.ts` uses it). */
export const DEFAULT_QUEUE_BACKEND = "sqlite";

/**
 * Whether the backend is certainly the default: no layer can name another.
 * A file that merely mentions the word answers false (the caller loads the
 * configuration), never a wrong backend.
 *
 * @example
 * ```ts
 * if (backendIsDefault(ctx.env, [globalConfigFile(ctx), paths.config])) countSqlite();
 * ```
 */
export function backendIsDefault(
  env: (name: string) => string | undefined,
  configFiles: string[],
): boolean {
  if (env("SUPER_AGENTS_QUEUE_BACKEND") !== undefined) return false;
  for (const file of configFiles) {
    let text: string;
    try {
      text = Deno.readTextFileSync(file);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue; // an absent layer names nothing
      throw error;
    }
    if (text.includes("backend")) return false;
  }
  return true;
}
