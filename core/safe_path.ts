/**
 * Path traversal refusal, in one place: every path a user, a file read
 * back, or a model supplies is resolved inside a root here. `..` escapes,
 * absolute paths elsewhere and symbolic links (also dangling ones, and links
 * in any parent directory) that lead outside the root are refused with a
 * clear error. The lexical checks used by zod schemas live here too.
 * @module
 */

import {
  basename,
  dirname,
  isAbsolute,
  join,
  normalize,
  relative,
  resolve,
  sep as SEP,
} from "node:path";
import { SuperAgentsError } from "./errors.ts";

const MAX_LINKS = 40;

/**
 * Whether a path names a `..` segment anywhere (`a/../b` included).
 *
 * @example
 * ```ts
 * containsParentSegment("src/../../etc"); // true
 * containsParentSegment("src/a..b"); // false
 * ```
 */
export function containsParentSegment(path: string): boolean {
  return path.split(/[\\/]/).includes("..");
}

/**
 * Whether a relative path stays inside its base without touching the file
 * system: not absolute, and no `..` left after normalising.
 *
 * @example
 * ```ts
 * isRelativeInside(".claude/state"); // true
 * isRelativeInside("../x"); // false
 * isRelativeInside("/etc/passwd"); // false
 * ```
 */
export function isRelativeInside(path: string): boolean {
  return !isAbsolute(path) && !containsParentSegment(normalize(path));
}

/**
 * Whether `path` is `root` or lies under it (both absolute, compared as
 * written: resolve links first where they matter). A name that merely
 * starts with `..` (`..cache`) is inside; `..` and `../x` are not.
 *
 * @example
 * ```ts
 * within("/repo", "/repo/src/a.ts"); // true
 * within("/repo", "/repo-other/a.ts"); // false
 * ```
 */
export function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${SEP}`) && !isAbsolute(rel));
}

/**
 * The physical path of an absolute `path`: symbolic links resolved, also
 * for parts that do not exist yet (the nearest existing parent is resolved
 * and the rest appended) and for dangling links (followed to their target,
 * which writing through them would create).
 *
 * @example
 * ```ts
 * await physicalPath("/repo/link-to-etc/passwd"); // "/etc/passwd"
 * await physicalPath("/repo/new/dir/file.txt"); // "/repo/new/dir/file.txt"
 * ```
 */
export async function physicalPath(path: string, links = 0): Promise<string> {
  try {
    return await Deno.realPath(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const parent = dirname(path);
  if (parent === path) return path;
  const realParent = await physicalPath(parent, links);
  const joined = join(realParent, basename(path));
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(joined);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return joined; // does not exist yet
    throw error;
  }
  if (!info.isSymlink) return joined;
  if (links >= MAX_LINKS) {
    throw new SuperAgentsError("PATH_LINK_LOOP", `too many symbolic links resolving ${path}`, {
      hint: "remove the symbolic link loop",
    });
  }
  // A dangling link: writing through it would create its target, so follow it too.
  return await physicalPath(resolve(realParent, await Deno.readLink(joined)), links + 1);
}

/**
 * Whether `path` (existing or not) lies inside `root` once every symbolic
 * link is resolved.
 *
 * @example
 * ```ts
 * await isInside("/repo", "/repo/src/a.ts"); // true
 * await isInside("/repo", "/repo/link-to-etc/passwd"); // false
 * ```
 */
export async function isInside(root: string, path: string): Promise<boolean> {
  const realRoot = await physicalPath(resolve(root));
  return within(realRoot, await physicalPath(resolve(root, path)));
}

/** Options of {@linkcode resolveInside}. */
export interface ResolveInsideOptions {
  /** What the path is, for the error message ("tool path", "workspace"). */
  what?: string;
}

/**
 * Resolves a user- or model-supplied `path` (relative to `root`, or
 * absolute) to its physical absolute path inside `root`, or throws
 * `PATH_OUTSIDE_ROOT` naming the path and the reason.
 *
 * @example
 * ```ts
 * await resolveInside("/repo", "src/a.ts"); // "/repo/src/a.ts"
 * await resolveInside("/repo", "../etc/passwd"); // throws PATH_OUTSIDE_ROOT
 * ```
 */
export async function resolveInside(
  root: string,
  path: string,
  options: ResolveInsideOptions = {},
): Promise<string> {
  const what = options.what ?? "path";
  if (path.length === 0 || path.includes("\0")) {
    throw outside(what, path, root, "it is empty or holds a NUL byte");
  }
  const lexicalRoot = resolve(root);
  const realRoot = await physicalPath(lexicalRoot);
  const candidate = isAbsolute(path) ? resolve(path) : resolve(lexicalRoot, path);
  if (!within(lexicalRoot, candidate) && !within(realRoot, candidate)) {
    throw outside(
      what,
      path,
      root,
      isAbsolute(path) ? "it is an absolute path elsewhere" : "its .. segments climb out",
    );
  }
  const physical = await physicalPath(candidate);
  if (!within(realRoot, physical)) {
    throw outside(what, path, root, `a symbolic link leads to ${physical}`);
  }
  return physical;
}

function outside(what: string, path: string, root: string, reason: string): SuperAgentsError {
  return new SuperAgentsError(
    "PATH_OUTSIDE_ROOT",
    `${what} "${path}" is outside ${root}: ${reason}`,
    { hint: `use a path inside ${root}`, exitCode: 2, details: { path, root } },
  );
}
