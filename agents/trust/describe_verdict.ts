/**
 * How a trust verdict reads to a person: what the grants were measured
 * against, and the before/after difference `agents trust` shows.
 * @module
 */

import type { TrustAssessment } from "./assess_trust.ts";
import { describeGrants } from "./grant_diff.ts";

/**
 * What the grants were measured against, for people.
 *
 * @example
 * ```ts
 * againstLabel(verdict); // "the built-in template"
 * ```
 */
export function againstLabel(verdict: TrustAssessment): string {
  if (verdict.against === "builtin") return "the built-in template";
  if (verdict.against === "trusted") return `the grants trusted on ${verdict.trustedAt}`;
  return "nothing (a new agent)";
}

/**
 * The difference shown before trusting: before and after, and each widened or narrowed item.
 *
 * @example
 * ```ts
 * ctx.stdout.write(formatDifference(verdict));
 * ```
 */
export function formatDifference(verdict: TrustAssessment): string {
  const none = (items: string[]) => items.length ? items.join(", ") : "none";
  return [
    `${verdict.agent} (${verdict.file})`,
    `  before (${againstLabel(verdict)}): ${describeGrants(verdict.baseline).join(" · ")}`,
    `  after:  ${describeGrants(verdict.permissions).join(" · ")}`,
    `  widened:  ${none(verdict.widened)}`,
    `  narrowed: ${none(verdict.narrowed)}`,
    "",
  ].join("\n");
}
