/**
 * Reading a JSON file that may not exist yet: a missing file is `undefined`
 * (as {@linkcode readTextIfExists} decides), and a syntax error goes to the
 * caller, whose error names its own file's fix.
 * What the value must look like is the caller's schema's business.
 * @module
 */

import { readTextIfExists } from "./read_text_if_exists.ts";

/**
 * The parsed contents of `path`, or `undefined` when there is no such file.
 * Invalid JSON throws what `invalid` makes of the `SyntaxError`; an
 * unreadable file throws `UNREADABLE`.
 *
 * @example
 * ```ts
 * const raw = await readJsonFile(path, (error) =>
 *   new SuperAgentsError("X_INVALID", `${path} is not valid JSON: ${error.message}`, {
 *     hint: `fix or delete ${path}`,
 *   }));
 * ```
 */
export async function readJsonFile(
  path: string,
  invalid: (error: SyntaxError) => Error,
): Promise<unknown | undefined> {
  const text = await readTextIfExists(path);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalid(error as SyntaxError);
  }
}
