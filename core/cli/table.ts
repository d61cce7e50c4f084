/**
 * Plain-text tables for command output: columns padded to their widest cell,
 * the last column left unpadded. The one table formatter of the CLI (`list`,
 * `agents`, `agents permissions`, `cost`, `config list`, `secrets list`,
 * `queue stats`).
 * @module
 */

/**
 * Formats `rows` under `headers`, two spaces between columns.
 *
 * @example
 * ```ts
 * formatTable(["NAME", "MODEL"], [["developer-agent", "sonnet"]]);
 * ```
 */
export function formatTable(headers: string[], rows: string[][]): string {
  return formatRows([headers, ...rows]);
}

/**
 * Formats `rows` with no header line, two spaces between columns; each line
 * starts with `indent`.
 *
 * @example
 * ```ts
 * formatRows([["queued", "3"], ["dead", "0"]], "  "); // "  queued  3\n  dead    0\n"
 * ```
 */
export function formatRows(rows: string[][], indent = ""): string {
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from(
    { length: columns },
    (_, column) => Math.max(0, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    indent +
    cells.map((cell, column) => column === cells.length - 1 ? cell : cell.padEnd(widths[column]))
      .join("  ").trimEnd() +
    "\n";
  return rows.map(line).join("");
}
