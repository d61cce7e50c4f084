/**
 * The masked form of a secret that `secrets get` prints without `--reveal`:
 * enough to recognise which key is stored, never enough to use it.
 * @module
 */

/**
 * Masks `value`: at most the first 4 characters of a long value, then
 * asterisks and the length; short values are masked completely.
 *
 * @example
 * ```ts
 * maskSecret("sk-ant-api03-abcdefghijklmnop"); // "sk-a**** (29 chars)"
 * maskSecret("hunter2"); // "******** (7 chars)"
 * ```
 */
export function maskSecret(value: string): string {
  const length = [...value].length;
  const shown = length >= 16 ? [...value].slice(0, 4).join("") : "";
  return `${shown}${"*".repeat(shown ? 4 : 8)} (${length} chars)`;
}
