/**
 * The task text of a queued job: its input when that is a string, else its
 * `task`, `description` or `prompt` field, else the input as JSON.
 * @module
 */

/**
 * The text a queued job asks its agent to do.
 *
 * @example
 * ```ts
 * taskText({ task: "review HEAD" }); // "review HEAD"
 * ```
 */
export function taskText(input: unknown): string {
  if (typeof input === "string") return input;
  if (input && typeof input === "object") {
    const record = input as Record<string, unknown>;
    for (const key of ["task", "description", "prompt"]) {
      if (typeof record[key] === "string") return record[key] as string;
    }
  }
  return JSON.stringify(input ?? "");
}
