/**
 * The file tools (Read, Write, Edit, Glob, Grep) as plain Deno file-system
 * calls. They check nothing themselves about where a path points: they run
 * inside the agent's sandboxed worker, so Deno's permissions decide, and a
 * path outside them fails with `NotCapable` before touching anything.
 * @module
 */

import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { z } from "../../core/deps.ts";
import type { ToolInputSchemas } from "./definitions.ts";
import { globToRegExp } from "./glob_pattern.ts";

type Input<K extends keyof typeof ToolInputSchemas> = z.infer<typeof ToolInputSchemas[K]>;

/** A tool failure the model should see as-is (not a crash). */
export class ToolError extends Error {}

const SKIP_DIRS = new Set([".git", "node_modules", ".claude", "dist", "target", "__pycache__"]);
const MAX_LIST = 500;
const MAX_MATCHES = 200;
const MAX_GREP_BYTES = 1024 * 1024;

/** Resolves a tool path against the project root. */
export function resolvePath(root: string, path: string): string {
  return isAbsolute(path) ? resolve(path) : resolve(root, path);
}

/** Read: numbered lines, like `cat -n`. */
export async function readTool(root: string, input: Input<"Read">): Promise<string> {
  const text = await Deno.readTextFile(resolvePath(root, input.file_path));
  const lines = text.split("\n");
  const start = (input.offset ?? 1) - 1;
  const slice = lines.slice(start, start + (input.limit ?? 2000));
  const body = slice.map((line, i) => `${String(start + i + 1).padStart(6)}\t${line}`).join("\n");
  const more = start + slice.length < lines.length
    ? `\n… ${lines.length - start - slice.length} more lines (use offset)`
    : "";
  return body + more;
}

/** Write: creates parent directories, replaces the file. */
export async function writeTool(root: string, input: Input<"Write">): Promise<string> {
  const path = resolvePath(root, input.file_path);
  await Deno.mkdir(dirname(path), { recursive: true });
  await Deno.writeTextFile(path, input.content);
  return `wrote ${relative(root, path)} (${input.content.length} characters)`;
}

/** Edit: exact-string replacement, unique unless `replace_all`. */
export async function editTool(root: string, input: Input<"Edit">): Promise<string> {
  const path = resolvePath(root, input.file_path);
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
  return `edited ${relative(root, path)} (${input.replace_all ? count : 1} replacement${
    count > 1 && input.replace_all ? "s" : ""
  })`;
}

async function* walk(dir: string): AsyncGenerator<string> {
  const entries: Deno.DirEntry[] = [];
  for await (const entry of Deno.readDir(dir)) entries.push(entry);
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) {
      if (!SKIP_DIRS.has(entry.name)) yield* walk(path);
    } else if (entry.isFile) yield path;
  }
}

/** Glob: files under `path` (default root) whose relative path matches. */
export async function globTool(root: string, input: Input<"Glob">): Promise<string> {
  const base = resolvePath(root, input.path ?? ".");
  const pattern = globToRegExp(input.pattern);
  const found: string[] = [];
  for await (const file of walk(base)) {
    if (pattern.test(relative(base, file))) found.push(relative(root, file));
    if (found.length >= MAX_LIST) break;
  }
  if (found.length === 0) return `no files match ${input.pattern}`;
  return found.join("\n") + (found.length >= MAX_LIST ? `\n… (first ${MAX_LIST} shown)` : "");
}

/** Grep: `path:line: text` for each matching line. */
export async function grepTool(root: string, input: Input<"Grep">): Promise<string> {
  let regex: RegExp;
  try {
    regex = new RegExp(input.pattern, input.case_insensitive ? "i" : "");
  } catch (error) {
    throw new ToolError(`invalid regular expression: ${(error as Error).message}`);
  }
  const base = resolvePath(root, input.path ?? ".");
  const filter = input.glob ? globToRegExp(input.glob) : undefined;
  const files = (await Deno.stat(base)).isFile ? [base] : walk(base);
  const matches: string[] = [];
  for await (const file of files) {
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
