/**
 * Plain-text tables for command output: columns padded to their widest cell,
 * the last column left unpadded. The one table formatter of the CLI (`list`,
 * `agents`, `agents permissions`, `cost`).
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
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length))
  );
  const line = (cells: string[]) =>
    cells.map((cell, column) => column === cells.length - 1 ? cell : cell.padEnd(widths[column]))
      .join("  ").trimEnd() + "\n";
  return [headers, ...rows].map(line).join("");
}
