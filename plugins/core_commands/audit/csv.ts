/**
 * RFC 4180 CSV, the small part the audit export needs: quoting a row and
 * reading rows back (quoted fields may hold commas, quotes and line breaks).
 * A malformed file is an error naming the row, never a silently shifted
 * column.
 * @module
 */

/** One CSV row (no line break). */
export function csvLine(fields: readonly string[]): string {
  return fields.map((field) =>
    /[",\r\n]/.test(field) || /^[=+\-@\t]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field
  ).join(",");
}

/**
 * Every row of a CSV text.
 *
 * @example
 * ```ts
 * parseCsv('a,"b,c"\r\n'); // [["a", "b,c"]]
 * ```
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === "") quoted = true;
    else if (c === '"') throw new Error(`row ${rows.length + 1}: a quote inside an unquoted field`);
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
    i++;
  }
  if (quoted) throw new Error(`row ${rows.length + 1}: a quoted field is not closed`);
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}
