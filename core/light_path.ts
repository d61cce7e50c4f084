/**
 * `join`, `dirname`, `basename` and `resolve` with `node:path` semantics for
 * the modules on the start-up path (`main.ts`, the context, project paths,
 * KM state, `status`). Importing any Node polyfill (`node:path`, `node:util`)
 * makes Deno load its Node compatibility layer, about 10 ms — half of an empty
 * `deno run` on this machine (`scripts/bench/startup.ts`) — so these modules
 * use this file instead; everything else keeps using `node:path`.
 * Results match `node:path/posix`, or `node:path/win32` on Windows, for
 * ordinary paths (plain, drive-absolute and UNC); `tests/core/light_path_test.ts`
 * compares both flavours with Node's. Drive-relative paths (`C:foo`) are
 * treated as relative.
 * @module
 */

/** How one platform spells paths. */
export interface PathFlavour {
  separator: string;
  isSeparator(char: string): boolean;
  /** The root prefix of `path` (`/`, `C:\`, `\\server\share\`), or `""`. */
  rootOf(path: string): string;
  /** The absolute directory relative paths resolve against. */
  cwd(): string;
}

/** POSIX paths. */
export const posixFlavour: PathFlavour = {
  separator: "/",
  isSeparator: (char) => char === "/",
  rootOf: (path) => (path.startsWith("/") ? "/" : ""),
  cwd: () => Deno.cwd(),
};

/** Windows paths (either separator accepted, `\` produced). */
export const windowsFlavour: PathFlavour = {
  separator: "\\",
  isSeparator: (char) => char === "/" || char === "\\",
  rootOf(path) {
    const unc = /^[\\/]{2}[^\\/]+[\\/]+[^\\/]+[\\/]?/.exec(path);
    if (unc) return unc[0];
    const drive = /^[A-Za-z]:[\\/]?/.exec(path);
    if (drive) return drive[0];
    return /^[\\/]/.test(path) ? path[0] : "";
  },
  cwd: () => Deno.cwd(),
};

const native = Deno.build.os === "windows" ? windowsFlavour : posixFlavour;

function isAbsoluteRoot(root: string, flavour: PathFlavour): boolean {
  return root !== "" && (flavour.isSeparator(root[root.length - 1]) || /^[\\/]{2}/.test(root));
}

function canonicalRoot(root: string, flavour: PathFlavour): string {
  if (flavour.separator === "/") return root;
  if (!/^[\\/]{2}/.test(root)) return root.replace(/[\\/]+/g, "\\");
  // A UNC root keeps its two leading separators and always ends with one.
  const spelled = `\\\\${root.slice(2).replace(/[\\/]+/g, "\\")}`;
  return spelled.endsWith("\\") ? spelled : `${spelled}\\`;
}

/** `node:path` `normalize` in the given flavour. */
export function normalizeWith(flavour: PathFlavour, path: string): string {
  if (path === "") return ".";
  const root = flavour.rootOf(path);
  const absolute = isAbsoluteRoot(root, flavour);
  const parts: string[] = [];
  const separators = flavour.separator === "/" ? "/" : /[\\/]/;
  for (const part of path.slice(root.length).split(separators)) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length > 0 && parts[parts.length - 1] !== "..") parts.pop();
      else if (!absolute) parts.push("..");
      continue;
    }
    parts.push(part);
  }
  const trailing = flavour.isSeparator(path[path.length - 1]);
  const prefix = canonicalRoot(root, flavour);
  let body = parts.join(flavour.separator);
  if (body === "" && !absolute) body = prefix === "" ? "." : "";
  if (trailing && body !== "") body += flavour.separator;
  return prefix + body;
}

/** `node:path` `join` in the given flavour. */
export function joinWith(flavour: PathFlavour, parts: string[]): string {
  const present = parts.filter((part) => part !== "");
  return present.length === 0 ? "." : normalizeWith(flavour, present.join(flavour.separator));
}

/** `node:path` `resolve` in the given flavour. */
export function resolveWith(flavour: PathFlavour, parts: string[]): string {
  let resolved = "";
  for (let i = parts.length - 1; i >= 0; i--) {
    if (parts[i] === "") continue;
    resolved = resolved === "" ? parts[i] : `${parts[i]}${flavour.separator}${resolved}`;
    if (isAbsoluteRoot(flavour.rootOf(resolved), flavour)) break;
  }
  const root = flavour.rootOf(resolved);
  if (!isAbsoluteRoot(root, flavour)) {
    resolved = resolved === "" ? flavour.cwd() : `${flavour.cwd()}${flavour.separator}${resolved}`;
  } else if (flavour.separator === "\\" && /^[\\/]$/.test(root)) {
    // Root-relative on Windows: the drive of the current directory.
    resolved = flavour.rootOf(flavour.cwd()).slice(0, 2) + resolved;
  }
  const normalized = normalizeWith(flavour, resolved);
  const finalRoot = canonicalRoot(flavour.rootOf(normalized), flavour);
  return normalized.length > finalRoot.length && flavour.isSeparator(normalized.at(-1)!)
    ? normalized.slice(0, -1)
    : normalized;
}

/** `node:path` `dirname` in the given flavour. */
export function dirnameWith(flavour: PathFlavour, path: string): string {
  const root = flavour.rootOf(path);
  let end = path.length;
  while (end > root.length && flavour.isSeparator(path[end - 1])) end--;
  let cut = end - 1;
  while (cut >= root.length && !flavour.isSeparator(path[cut])) cut--;
  if (cut < root.length) return root === "" ? "." : root;
  // Like Node, only the separator before the last segment is dropped (`a//b` → `a/`).
  return cut === root.length ? (root === "" ? path.slice(0, 1) : root) : path.slice(0, cut);
}

/** `node:path` `basename` (without the suffix argument) in the given flavour. */
export function basenameWith(flavour: PathFlavour, path: string): string {
  // Like Node, only a drive letter is set aside (a UNC share name is a basename).
  const floor = flavour.separator === "\\" && /^[A-Za-z]:/.test(path) ? 2 : 0;
  let end = path.length;
  while (end > floor && flavour.isSeparator(path[end - 1])) end--;
  let start = end;
  while (start > floor && !flavour.isSeparator(path[start - 1])) start--;
  return path.slice(start, end);
}

/**
 * Joins path segments and normalises the result, like `node:path` `join`.
 *
 * @example
 * ```ts
 * join("/repo", ".claude", "state"); // "/repo/.claude/state"
 * ```
 */
export function join(...parts: string[]): string {
  return joinWith(native, parts);
}

/**
 * The absolute path of the segments, right to left until one is absolute,
 * then against the current directory; like `node:path` `resolve`.
 *
 * @example
 * ```ts
 * resolve("/repo", "sub/..", "x"); // "/repo/x"
 * ```
 */
export function resolve(...parts: string[]): string {
  return resolveWith(native, parts);
}

/**
 * The parent directory of a path, like `node:path` `dirname`.
 *
 * @example
 * ```ts
 * dirname("/repo/.claude/state"); // "/repo/.claude"
 * ```
 */
export function dirname(path: string): string {
  return dirnameWith(native, path);
}

/**
 * The last segment of a path, like `node:path` `basename`.
 *
 * @example
 * ```ts
 * basename("/repo/.claude/km.port"); // "km.port"
 * ```
 */
export function basename(path: string): string {
  return basenameWith(native, path);
}
