/**
 * A matched secret inside a text, before it becomes a finding: where it is
 * (character offsets), the secret itself, and the rule that matched.
 * @module
 */

import type { RuleSeverity } from "./rule.ts";

/** One match of a rule. */
export interface Hit {
  start: number;
  end: number;
  /** The secret (what the baseline and the allow-list digest). */
  value: string;
  rule: string;
  label: string;
  severity: RuleSeverity;
}

/** A set of hits that refuses overlapping spans (the first rule to match a span wins). */
export class HitSet {
  readonly hits: Hit[] = [];

  /** True when `[start, end)` overlaps a hit already taken. */
  taken(start: number, end: number): boolean {
    return this.hits.some((hit) => start < hit.end && end > hit.start);
  }

  /** Adds `hit` unless its span is taken; true when added. */
  add(hit: Hit): boolean {
    if (this.taken(hit.start, hit.end)) return false;
    this.hits.push(hit);
    return true;
  }
}
