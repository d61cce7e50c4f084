/**
 * Quoting for a POSIX shell (sh, bash, zsh): the one copy used by the
 * launcher, the git hooks, the shell completions and the hints that show a
 * command to run.
 * @module
 */

/**
 * `text` in single quotes, a quote inside it closed and escaped.
 *
 * @example
 * ```ts
 * shellQuote("it's"); // 'it'\''s'
 * ```
 */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * `word` as it is when the shell reads it as one plain word, else quoted.
 *
 * @example
 * ```ts
 * shellWord("/usr/bin/deno"); // /usr/bin/deno
 * shellWord("fix the $PATH"); // 'fix the $PATH'
 * ```
 */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : shellQuote(word);
}
