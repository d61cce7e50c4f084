/**
 * Bracket-aware scanning over a masked TypeScript source (see
 * `source_mask.ts`): where a signature or type ends, where a brace block
 * closes, how a class, interface or enum body splits into members, and how
 * signature text is normalised so that formatting changes compare equal.
 * @module
 */

/** Where {@linkcode scanSignature} stops. */
export interface ScanStops {
  /** Stop at a `{` that opens a body (not one that is part of a type). */
  body?: boolean;
  /** Stop at `=>` at depth 0 (arrow function initialisers). */
  arrow?: boolean;
  /** Stop at a lone `=` at depth 0 (`const x: T = ...`). */
  assign?: boolean;
}

const TYPE_OPERATORS = new Set([":", "|", "&", ",", "<", "(", "=", "?", "["]);
const CONTINUATION = /^\s*(?:[|&.?:=>)\]}{]|extends\b)/;

/**
 * Index where a signature or type starting at `from` ends: `;`, a body `{`,
 * an arrow, an assignment, or a line break that does not continue the
 * expression — whichever `stops` allow — at bracket depth 0.
 */
export function scanSignature(masked: string, from: number, stops: ScanStops = {}): number {
  let depth = 0;
  let expectType = false;
  for (let i = from; i < masked.length; i++) {
    const char = masked[i];
    if (char === "=" && masked[i + 1] === ">") {
      if (depth === 0 && stops.arrow && !expectType) return i;
      expectType = true;
      i++;
      continue;
    }
    if (char === "(" || char === "[" || char === "<") depth++;
    else if (char === ")" || char === "]" || char === ">") depth = Math.max(0, depth - 1);
    else if (char === "{") {
      if (depth === 0 && stops.body && !expectType) return i;
      depth++;
    } else if (char === "}") {
      if (depth === 0) return i;
      depth--;
    } else if (depth === 0 && char === ";") return i;
    else if (depth === 0 && char === "=" && stops.assign && masked[i + 1] !== "=") return i;
    else if (depth === 0 && char === "\n" && !expectType) {
      if (!CONTINUATION.test(masked.slice(i + 1, i + 200))) return i;
    }
    if (char !== " " && char !== "\n" && char !== "\t" && char !== "\r") {
      expectType = TYPE_OPERATORS.has(char);
    }
  }
  return masked.length;
}

/** Index of the `}` matching the `{` at `open` (or the end of the text). */
export function matchingBrace(masked: string, open: number): number {
  let depth = 0;
  for (let i = open; i < masked.length; i++) {
    if (masked[i] === "{") depth++;
    else if (masked[i] === "}" && --depth === 0) return i;
  }
  return masked.length;
}

/**
 * Splits a body (the text between braces) into top-level member segments,
 * as `[start, end]` offsets relative to `from`: separated by `;`, `,`, a
 * closed method body, or a line break that does not continue the member.
 */
export function memberSegments(masked: string, from: number, to: number): [number, number][] {
  const segments: [number, number][] = [];
  let depth = 0;
  let start = from;
  const close = (end: number) => {
    if (masked.slice(start, end).trim() !== "") segments.push([start, end]);
    start = end + 1;
  };
  for (let i = from; i < to; i++) {
    const char = masked[i];
    if (char === "(" || char === "[" || char === "{") depth++;
    else if (char === ")" || char === "]") depth = Math.max(0, depth - 1);
    else if (char === "}") {
      depth = Math.max(0, depth - 1);
      if (depth === 0) close(i + 1);
    } else if (depth === 0 && (char === ";" || char === ",")) close(i);
    else if (depth === 0 && char === "\n") {
      const before = masked.slice(start, i).trimEnd();
      const last = before[before.length - 1];
      if (
        before !== "" && !TYPE_OPERATORS.has(last) &&
        !CONTINUATION.test(masked.slice(i + 1, i + 200))
      ) {
        close(i);
      }
    }
  }
  close(to);
  return segments;
}

/**
 * Signature text without formatting: comments already gone, whitespace
 * collapsed, no spaces around punctuation, `;` and `,` treated alike, no
 * trailing separators.
 *
 * @example
 * ```ts
 * normalizeSignature("( a : string ,\n ) : void") === normalizeSignature("(a: string): void");
 * ```
 */
export function normalizeSignature(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .replace(/ ?([(){}[\]<>,;:=|&?.]) ?/g, "$1")
    .replace(/;/g, ",")
    .replace(/,+([)}\]>])/g, "$1")
    .replace(/^[,\s]+|[,\s]+$/g, "")
    .trim();
}
