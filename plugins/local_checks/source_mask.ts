/**
 * A small tokenizer for TypeScript and JavaScript sources. It finds comments,
 * string and template literals and regular-expression literals, and returns
 * two copies of the source with the same length and line breaks: `code`
 * (comments blanked) for reading signatures, and `masked` (comments and
 * literal contents blanked) for finding keywords and matching brackets
 * without being fooled by `"export"` in a string or `{` in a comment.
 * @module
 */

/** The two views of a source file; offsets and line numbers agree with the original. */
export interface MaskedSource {
  /** Comments replaced by spaces. */
  code: string;
  /** Comments and the contents of string, template and regex literals replaced by spaces. */
  masked: string;
}

const REGEX_BEFORE = new Set("(,=:[!&|?{};+-*%<>~^".split(""));
const REGEX_AFTER_WORD = new Set([
  "return",
  "typeof",
  "case",
  "do",
  "else",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "yield",
  "await",
]);

/**
 * Masks comments and literals of `source`.
 *
 * @example
 * ```ts
 * const { masked } = maskSource('const s = "export x"; // export y');
 * masked.includes("export"); // false
 * ```
 */
export function maskSource(source: string): MaskedSource {
  const comments: [number, number][] = [];
  const literals: [number, number][] = [];
  const interesting = /[/"'`]/g;
  let match: RegExpExecArray | null;
  while ((match = interesting.exec(source)) !== null) {
    const i = match.index;
    const char = source[i];
    const next = source[i + 1];
    let end: number;
    if (char === "/" && next === "/") {
      end = indexOrEnd(source, "\n", i);
      comments.push([i, end]);
    } else if (char === "/" && next === "*") {
      const close = source.indexOf("*/", i + 2);
      end = close === -1 ? source.length : close + 2;
      comments.push([i, end]);
    } else if (char === "/") {
      if (!regexCanStart(source, i)) continue;
      end = skipRegex(source, i + 1);
      literals.push([i + 1, end]);
      end++;
    } else {
      end = char === "`" ? skipTemplate(source, i + 1) : skipQuoted(source, i + 1, char);
      literals.push([i + 1, end]);
      end++;
    }
    interesting.lastIndex = end;
  }
  const code = blank(source, comments);
  return { code, masked: blank(code, literals) };
}

/** A `/` starts a regex literal after an operator, an opening bracket or a keyword like `return`. */
function regexCanStart(source: string, slash: number): boolean {
  let i = slash - 1;
  while (
    i >= 0 && (source[i] === " " || source[i] === "\t" || source[i] === "\n" || source[i] === "\r")
  ) {
    i--;
  }
  if (i < 0) return true;
  if (REGEX_BEFORE.has(source[i])) return true;
  if (!isWordChar(source.charCodeAt(i))) return false;
  const end = i + 1;
  while (i >= 0 && isWordChar(source.charCodeAt(i))) i--;
  return REGEX_AFTER_WORD.has(source.slice(i + 1, end));
}

/** `[A-Za-z0-9_$]` by char code (this loop runs once per character). */
function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) ||
    code === 95 || code === 36;
}

function indexOrEnd(text: string, search: string, from: number): number {
  const index = text.indexOf(search, from);
  return index === -1 ? text.length : index;
}

/** Index of the closing quote (or the line end of an unterminated string). */
function skipQuoted(source: string, from: number, quote: string): number {
  let i = from;
  while (i < source.length && source[i] !== quote && source[i] !== "\n") {
    i += source[i] === "\\" ? 2 : 1;
  }
  return Math.min(i, source.length);
}

/** Index of the closing backtick, stepping over `${ ... }` with nested braces. */
function skipTemplate(source: string, from: number): number {
  let i = from;
  let depth = 0;
  while (i < source.length) {
    const char = source[i];
    if (char === "\\") i += 2;
    else if (depth === 0 && char === "`") return i;
    else if (char === "$" && source[i + 1] === "{") {
      depth++;
      i += 2;
    } else {
      if (depth > 0 && char === "{") depth++;
      else if (depth > 0 && char === "}") depth--;
      i++;
    }
  }
  return source.length;
}

/** Index of the closing `/` of a regex literal (character classes may hold `/`). */
function skipRegex(source: string, from: number): number {
  let i = from;
  let inClass = false;
  while (i < source.length && source[i] !== "\n") {
    const char = source[i];
    if (char === "\\") i += 2;
    else {
      if (char === "[") inClass = true;
      else if (char === "]") inClass = false;
      else if (char === "/" && !inClass) return i;
      i++;
    }
  }
  return Math.min(i, source.length);
}

function blank(text: string, ranges: [number, number][]): string {
  if (ranges.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    parts.push(text.slice(at, start));
    const newline = text.indexOf("\n", start);
    parts.push(
      newline === -1 || newline >= end
        ? " ".repeat(end - start)
        : text.slice(start, end).replace(/[^\n]/g, " "),
    );
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join("");
}
