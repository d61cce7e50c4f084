/**
 * Path globs for forbidden paths and allow-lists, compiled to regular
 * expressions: `*` matches within one path segment, `**` across segments,
 * `?` one character, `{a,b}` alternatives. A glob without `/` matches the
 * file's base name at any depth (as in `.gitignore`).
 * @module
 */

const cache = new Map<string, RegExp>();

/** The regular expression of one glob. */
export function globToRegExp(glob: string): RegExp {
  const cached = cache.get(glob);
  if (cached) return cached;
  const anchored = glob.includes("/");
  const pattern = glob.replace(/^\.?\//, "");
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === "*" && pattern[i + 1] === "*") {
      const slash = pattern[i + 2] === "/";
      source += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else if (char === "{") {
      const end = pattern.indexOf("}", i);
      if (end === -1) source += "\\{";
      else {
        const options = pattern.slice(i + 1, end).split(",").map(escapeRegExp);
        source += `(?:${options.join("|")})`;
        i = end;
      }
    } else source += escapeRegExp(char);
  }
  const regexp = new RegExp(anchored ? `^${source}$` : `(?:^|/)${source}$`);
  cache.set(glob, regexp);
  return regexp;
}

/**
 * True when `path` matches any of `globs`.
 *
 * @example
 * ```ts
 * matchesAny("config/.env", [".env"]); // true
 * matchesAny("src/a.ts", ["docs/**"]); // false
 * ```
 */
export function matchesAny(path: string, globs: readonly string[]): boolean {
  for (const glob of globs) if (globToRegExp(glob).test(path)) return true;
  return false;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
