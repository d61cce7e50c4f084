/**
 * The selection matrix: a task's complexity (estimated from its text) and
 * its urgency (the job's priority) move it up or down a tier from the
 * agent's assignment. Hard work that can wait goes up; trivial work and
 * emergencies go down, for speed and cost.
 * @module
 */

/** How hard a task looks. */
export type Complexity = "low" | "medium" | "high";
/** How soon a task is needed (the queue's priorities). */
export type Urgency = "low" | "normal" | "high" | "critical";

/** Urgencies, least urgent first. */
export const URGENCIES: readonly Urgency[] = ["low", "normal", "high", "critical"];

/** complexity × urgency → tier shift (+1 up, -1 down). */
export const MATRIX: Readonly<Record<Complexity, Readonly<Record<Urgency, -1 | 0 | 1>>>> = {
  low: { low: -1, normal: -1, high: -1, critical: -1 },
  medium: { low: 0, normal: 0, high: 0, critical: -1 },
  high: { low: 1, normal: 1, high: 0, critical: 0 },
};

const HIGH = [
  /\barchitect/i,
  /\bdesign\b/i,
  /\brefactor/i,
  /\bmigrat/i,
  /\bconcurren/i,
  /\brace condition/i,
  /\bsecurity\b/i,
  /\bvulnerab/i,
  /\bperformance\b/i,
  /\bdistributed\b/i,
  /\bschema\b/i,
  /\bprotocol\b/i,
  /\bacross (the )?(code ?base|modules|services)/i,
];
const LOW = [
  /\btypo/i,
  /\brename\b/i,
  /\bformat(ting)?\b/i,
  /\bspelling\b/i,
  /\blist\b/i,
  /\bsummari[sz]e\b/i,
  /\bbump\b/i,
  /\bcomment\b/i,
  /\bwhitespace\b/i,
];

/**
 * Estimates a task's complexity from its wording and length, with the reasons.
 *
 * @example
 * ```ts
 * estimateComplexity("fix the typo in README").complexity; // "low"
 * ```
 */
export function estimateComplexity(task: string): { complexity: Complexity; reasons: string[] } {
  const words = task.trim().split(/\s+/).filter(Boolean).length;
  const high = HIGH.filter((pattern) => pattern.test(task)).map((p) => p.source);
  const low = LOW.filter((pattern) => pattern.test(task)).map((p) => p.source);
  const reasons: string[] = [];
  let score = 0;
  if (high.length) {
    score += high.length;
    reasons.push(`hard-work words (${high.length})`);
  }
  if (low.length) {
    score -= low.length;
    reasons.push(`routine-work words (${low.length})`);
  }
  if (words > 120) {
    score += 1;
    reasons.push(`long task (${words} words)`);
  }
  const complexity = score >= 1 ? "high" : score <= -1 ? "low" : "medium";
  return { complexity, reasons: reasons.length ? reasons : ["no strong signal"] };
}
