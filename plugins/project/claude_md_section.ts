/**
 * The marked super-agents section of `CLAUDE.md`. Everything between the
 * begin and end markers is ours; every byte outside them is the user's and
 * is never touched. Appended to an existing file after one blank line.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import type { MergeTarget } from "./merge_target.ts";

/** First line of our section. */
export const SECTION_BEGIN =
  "<!-- super-agents:begin — managed by `super-agents init/upgrade/uninstall`; keep the markers -->";
/** Last line of our section. */
export const SECTION_END = "<!-- super-agents:end -->";

/** The full section (markers included, trailing newline) for a body. */
export function renderSection(body: string): string {
  return `${SECTION_BEGIN}\n${body.trim()}\n${SECTION_END}\n`;
}

/** Span of the section in `text` (end includes one newline after the end marker). */
function sectionSpan(text: string, file: string): { start: number; end: number } | undefined {
  const begin = text.indexOf("<!-- super-agents:begin");
  if (begin < 0) return undefined;
  const endMarker = text.indexOf(SECTION_END, begin);
  if (endMarker < 0) {
    throw new SuperAgentsError(
      "SECTION_DAMAGED",
      `${file} has the super-agents begin marker but no end marker`,
      { hint: `put back the line "${SECTION_END}" after our section in ${file}, then rerun` },
    );
  }
  let end = endMarker + SECTION_END.length;
  if (text[end] === "\n") end++;
  return { start: begin, end };
}

/**
 * The CLAUDE.md merge: insert or replace our section; remove it again.
 *
 * @example
 * ```ts
 * const target = claudeMdTarget("CLAUDE.md", "## super-agents\n...");
 * target.apply("# My project\n"); // "# My project\n\n<!-- super-agents:begin ..."
 * ```
 */
export function claudeMdTarget(path: string, body: string): MergeTarget {
  const section = renderSection(body);
  return {
    path,
    label: "the marked super-agents section",
    apply(current) {
      if (current === undefined || current === "") return section;
      const span = sectionSpan(current, path);
      if (span) return current.slice(0, span.start) + section + current.slice(span.end);
      return current + (current.endsWith("\n") ? "\n" : "\n\n") + section;
    },
    extract(current) {
      const span = sectionSpan(current, path);
      return span ? current.slice(span.start, span.end) : undefined;
    },
    remove(current) {
      const span = sectionSpan(current, path);
      if (!span) return current;
      let before = current.slice(0, span.start);
      const after = current.slice(span.end);
      // Drop the blank line apply() put before the section.
      if (after === "" && before.endsWith("\n\n")) before = before.slice(0, -1);
      const rest = before + after;
      return rest.trim() === "" ? undefined : rest;
    },
  };
}
