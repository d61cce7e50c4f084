/**
 * A matched secret inside a text, before it becomes a finding: where it is
 * (character offsets), the secret itself, and the rule that matched.
 * @module
 */

import type { RuleSeverity } from "../../../core/secrets/token_shapes/rule.ts";

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
  /** Spans a rule looked at closely and found not to be secrets (no later rule reports them). */
  readonly #cleared: { start: number; end: number }[] = [];

  /** True when `[start, end)` overlaps a hit already taken or a span already cleared. */
  taken(start: number, end: number): boolean {
    const overlaps = (span: { start: number; end: number }) => start < span.end && end > span.start;
    return this.hits.some(overlaps) || this.#cleared.some(overlaps);
  }

  /** Marks `[start, end)` as not a secret (a checksum that does not match, a documented example). */
  clear(start: number, end: number): void {
    this.#cleared.push({ start, end });
  }

  /** Adds `hit` unless its span is taken; true when added. */
  add(hit: Hit): boolean {
    if (this.taken(hit.start, hit.end)) return false;
    this.hits.push(hit);
    return true;
  }
}
