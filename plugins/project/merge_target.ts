/**
 * The seam between a file we share with the user (`CLAUDE.md`, `.mcp.json`,
 * `.claude/settings.json`) and the code that installs, upgrades and removes
 * our part of it. Each shared file has one implementation; the planner and
 * uninstaller only see this interface.
 * @module
 */

/** How super-agents owns a part of a file the user also owns. */
export interface MergeTarget {
  /** Project-relative path, e.g. `.mcp.json`. */
  path: string;
  /** Our part in words, for messages ("the mcpServers.super-agents entry"). */
  label: string;
  /** The text with our part inserted (or replaced by the current template). */
  apply(current: string | undefined): string;
  /** Our part as found in `current` (normalised), or `undefined` when absent. */
  extract(current: string): string | undefined;
  /**
   * `current` without our part, keeping every other byte; `undefined` when
   * nothing of the user's is left, so the file can be deleted. `added` are
   * the list entries init added (from the manifest): only those go.
   */
  remove(current: string, added?: readonly string[]): string | undefined;
  /**
   * Entries of lists shared with the user that `after` adds to `before`
   * (recorded in the manifest so `uninstall` removes exactly those).
   */
  addedEntries?(before: string | undefined, after: string): string[];
}
