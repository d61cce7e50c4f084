/**
 * Path globs as regular expressions, the one glob grammar of the program
 * (the agents' Glob and Grep tools, the checks' forbidden paths and
 * allow-lists): `**` spans directories, `*` and `?` stay within one path
 * segment, `{a,b}` is an alternation whose branches are globs too (an
 * unclosed `{` is literal). A pattern without a `/` matches a file name at
 * any depth and one with a `/` the whole path, as in `.gitignore`; a
 * leading `/` or `./` anchors it at the root.
 * @module
 */

const cache = new Map<string, RegExp>();

/**
 * Compiles a glob to an anchored regular expression over `/`-separated
 * relative paths (compiled once per glob).
 *
 * @example
 * ```ts
 * globToRegExp("src/**\/*.ts").test("src/a/b.ts"); // true
 * globToRegExp("*.{md,txt}").test("docs/a.txt"); // true
 * ```
 */
export function globToRegExp(glob: string): RegExp {
  const cached = cache.get(glob);
  if (cached) return cached;
  const pattern = glob.replace(/^\.?\//, "");
  let source = "";
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === "*") {
      if (pattern[i + 1] === "*") {
        const slash = pattern[i + 2] === "/";
        source += slash ? "(?:.*/)?" : ".*";
        i += slash ? 2 : 1;
      } else source += "[^/]*";
    } else if (char === "?") source += "[^/]";
    else if (char === "{" && closes(pattern, i)) {
      source += "(?:";
      depth++;
    } else if (char === "}" && depth > 0) {
      source += ")";
      depth--;
    } else if (char === "," && depth > 0) source += "|";
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  const regexp = new RegExp(glob.includes("/") ? `^${source}$` : `(?:^|/)${source}$`);
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

/** True when the `{` at `open` has its `}` (nested pairs counted). */
function closes(pattern: string, open: number): boolean {
  let depth = 0;
  for (let i = open; i < pattern.length; i++) {
    if (pattern[i] === "{") depth++;
    else if (pattern[i] === "}" && --depth === 0) return true;
  }
  return false;
}
