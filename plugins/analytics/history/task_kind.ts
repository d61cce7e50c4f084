/**
 * A task's kind — the bucket whose history the adaptive router and the
 * regression test compare (review, fix, test, design, docs, refactor,
 * security, feature, other) — from a `kind` field of the job's input when it
 * names one, else from the first keyword class its text matches; and its
 * features (complexity, length) as the router's matrix sees them.
 * @module
 */

import { estimateComplexity } from "../../../core/router/matrix.ts";

/** Kind names: lower-case letters, digits, `-` and `_`, at most 32. */
export const KIND_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;

const CLASSES: readonly [string, RegExp][] = [
  ["review", /\b(review|audit|inspect)/i],
  ["security", /\b(security|vulnerab|secret|cve|xss|injection)/i],
  ["test", /\b(tests?|spec|coverage|flaky)\b/i],
  ["fix", /\b(fix|bug|crash|error|broken|regression|fail)/i],
  ["design", /\b(design|architect|plan|rfc|adr|proposal)/i],
  ["docs", /\b(docs?|readme|document|changelog|tutorial)/i],
  ["refactor", /\b(refactor|rename|clean ?up|simplif|extract)/i],
  ["feature", /\b(add|implement|build|create|support|introduce)/i],
];

/**
 * The kind of a task: `explicit` when it is a valid kind name, else by keywords.
 *
 * @example
 * ```ts
 * taskKind("review the last commit"); // "review"
 * taskKind("whatever", "migration"); // "migration"
 * ```
 */
export function taskKind(task: string, explicit?: unknown): string {
  if (typeof explicit === "string" && KIND_PATTERN.test(explicit)) return explicit;
  for (const [kind, pattern] of CLASSES) if (pattern.test(task)) return kind;
  return "other";
}

/** The kind a queued job's input names (`{ kind: "…" }`), if any. */
export function inputKind(input: unknown): string | undefined {
  const kind = (input as { kind?: unknown } | null)?.kind;
  return typeof kind === "string" && KIND_PATTERN.test(kind) ? kind : undefined;
}

/** Features of a task kept with its outcome. */
export function taskFeatures(task: string): { complexity: string; words: number } {
  return {
    complexity: estimateComplexity(task).complexity,
    words: task.split(/\s+/).filter(Boolean).length,
  };
}
