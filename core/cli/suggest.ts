/**
 * "Did you mean" suggestions for mistyped commands and flags.
 * @module
 */

/**
 * Edit distance between two strings counting a swap of two neighbouring
 * letters as one edit (optimal string alignment, a restricted
 * Damerau-Levenshtein), since swapped letters are the commonest typo:
 * `stauts` is 1 from `status` and 2 from `start`.
 *
 * @example
 * ```ts
 * editDistance("stauts", "status"); // 1
 * ```
 */
export function editDistance(a: string, b: string): number {
  const rows = Array.from(
    { length: a.length + 1 },
    (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
      }
    }
  }
  return rows[a.length][b.length];
}

/**
 * The candidate closest to `input`, if it is close enough to be a likely typo
 * (or `input` is a prefix of it).
 *
 * @example
 * ```ts
 * closestMatch("stauts", ["status", "start", "stop"]); // "status"
 * ```
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = candidate.startsWith(input) && input.length >= 2
      ? 0.5
      : editDistance(input, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(2, Math.floor(input.length / 3));
  return bestDistance <= limit ? best : undefined;
}
