/**
 * The file tools (Read, Write, Edit, Glob, Grep) as plain Deno file-system
 * calls. Before touching a path each one checks where it physically leads
 * against the agent's grants (path_policy.ts): Deno's permissions, which
 * still apply in the agent's worker, check a path only as written. The
 * directory walk of Glob and Grep never follows a symbolic link and leaves
 * out what the grants refuse (the KM's state, say).
 * @module
 */

import { dirname, join, relative } from "node:path";
import type { z } from "../../core/deps.ts";
import type { ToolInputSchemas } from "./definitions.ts";
import { globToRegExp } from "../../core/fs/glob_pattern.ts";
import { accessBoundary, type Boundary, checkedPath, type PathPolicy } from "./path_policy.ts";
import { ToolError } from "./tool_error.ts";

export { ToolError };

type Input<K extends keyof typeof ToolInputSchemas> = z.infer<typeof ToolInputSchemas[K]>;

const SKIP_DIRS = new Set([".git", "node_modules", ".claude", "dist", "target", "__pycache__"]);
const MAX_LIST = 500;
const MAX_MATCHES = 200;
const MAX_GREP_BYTES = 1024 * 1024;

/** Read: numbered lines, like `cat -n`. */
export async function readTool(files: PathPolicy, input: Input<"Read">): Promise<string> {
  const text = await Deno.readTextFile(await checkedPath(files, input.file_path, "read"));
  const lines = text.split("\n");
  const start = (input.offset ?? 1) - 1;
  const slice = lines.slice(start, start + (input.limit ?? 2000));
  const body = slice.map((line, i) => `${String(start + i + 1).padStart(6)}\t${line}`).join("\n");
  const more = start + slice.length < lines.length
    ? `\n… ${lines.length - start - slice.length} more lines (use offset)`
    : "";
  return body + more;
}

/** The ancestors of `path` that do not exist yet, nearest first. */
async function missingParents(path: string): Promise<string[]> {
  const missing: string[] = [];
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      await Deno.lstat(dir);
      return missing;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    missing.push(dir);
  }
  return missing;
}

/** Write: creates parent directories, replaces the file. */
export async function writeTool(files: PathPolicy, input: Input<"Write">): Promise<string> {
  const boundary = await accessBoundary(files, "write");
  const path = await boundary.check(input.file_path);
  for (const dir of await missingParents(path)) await boundary.checkParent(dir);
  await Deno.mkdir(dirname(path), { recursive: true });
  await Deno.writeTextFile(path, input.content);
  return `wrote ${relative(files.root, path)} (${input.content.length} characters)`;
}

/** Edit: exact-string replacement, unique unless `replace_all`. */
export async function editTool(files: PathPolicy, input: Input<"Edit">): Promise<string> {
  const path = await checkedPath(files, input.file_path, "read");
  await checkedPath(files, input.file_path, "write");
  const text = await Deno.readTextFile(path);
  const count = text.split(input.old_string).length - 1;
  if (count === 0) throw new ToolError(`old_string not found in ${input.file_path}`);
  if (count > 1 && !input.replace_all) {
    throw new ToolError(
      `old_string occurs ${count} times in ${input.file_path}; add context to make it unique or set replace_all`,
    );
  }
  const updated = input.replace_all
    ? text.replaceAll(input.old_string, input.new_string)
    : text.replace(input.old_string, () => input.new_string);
  await Deno.writeTextFile(path, updated);
  return `edited ${relative(files.root, path)} (${input.replace_all ? count : 1} replacement${
    count > 1 && input.replace_all ? "s" : ""
  })`;
}

/** The files under `dir`, sorted; links are not followed, refused paths are left out. */
async function* walk(dir: string, boundary: Boundary): AsyncGenerator<string> {
  const entries: Deno.DirEntry[] = [];
  for await (const entry of Deno.readDir(dir)) entries.push(entry);
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.isSymlink || (entry.isDirectory && SKIP_DIRS.has(entry.name))) continue;
    const path = join(dir, entry.name);
    if (!(await boundary.allows(path))) continue;
    if (entry.isDirectory) yield* walk(path, boundary);
    else if (entry.isFile) yield path;
  }
}

/** Glob: files under `path` (default root) whose relative path matches. */
export async function globTool(files: PathPolicy, input: Input<"Glob">): Promise<string> {
  const root = files.root;
  const boundary = await accessBoundary(files, "read");
  const base = await boundary.check(input.path ?? ".");
  const pattern = globToRegExp(input.pattern);
  const found: string[] = [];
  for await (const file of walk(base, boundary)) {
    if (pattern.test(relative(base, file))) found.push(relative(root, file));
    if (found.length >= MAX_LIST) break;
  }
  if (found.length === 0) return `no files match ${input.pattern}`;
  return found.join("\n") + (found.length >= MAX_LIST ? `\n… (first ${MAX_LIST} shown)` : "");
}

/** Grep: `path:line: text` for each matching line. */
export async function grepTool(files: PathPolicy, input: Input<"Grep">): Promise<string> {
  const root = files.root;
  let regex: RegExp;
  try {
    regex = new RegExp(input.pattern, input.case_insensitive ? "i" : "");
  } catch (error) {
    throw new ToolError(`invalid regular expression: ${(error as Error).message}`);
  }
  const boundary = await accessBoundary(files, "read");
  const base = await boundary.check(input.path ?? ".");
  const filter = input.glob ? globToRegExp(input.glob) : undefined;
  const searched = (await Deno.stat(base)).isFile ? [base] : walk(base, boundary);
  const matches: string[] = [];
  for await (const file of searched) {
    const rel = relative(root, file);
    if (filter && !filter.test(rel) && !filter.test(rel.split("/").pop()!)) continue;
    const info = await Deno.stat(file);
    if (info.size > MAX_GREP_BYTES) continue;
    const bytes = await Deno.readFile(file);
    if (bytes.subarray(0, 8000).includes(0)) continue; // binary
    const lines = new TextDecoder().decode(bytes).split("\n");
    for (let i = 0; i < lines.length && matches.length < MAX_MATCHES; i++) {
      if (regex.test(lines[i])) matches.push(`${rel}:${i + 1}: ${lines[i].slice(0, 300)}`);
    }
    if (matches.length >= MAX_MATCHES) break;
  }
  if (matches.length === 0) return `no matches for /${input.pattern}/`;
  return matches.join("\n") +
    (matches.length >= MAX_MATCHES ? `\n… (first ${MAX_MATCHES} shown)` : "");
}
