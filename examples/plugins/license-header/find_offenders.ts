/**
 * Finds the source files under a folder that do not start with a license
 * header: files are walked without following links, skipping version
 * control, dependencies, build output and hidden folders; a file may begin
 * with a `#!` line before its header; line endings are compared as `\n`.
 * @module
 */

import { join, relative } from "node:path";

/** File extensions checked when none are given. */
export const DEFAULT_EXTENSIONS = [
  "ts",
  "tsx",
  "mts",
  "cts",
  "js",
  "jsx",
  "mjs",
  "cjs",
  "go",
  "rs",
  "py",
  "java",
  "kt",
  "swift",
  "c",
  "h",
  "cc",
  "cpp",
  "hpp",
  "cs",
  "rb",
  "php",
  "sh",
];

const SKIPPED = new Set(["node_modules", "dist", "build", "vendor", "coverage", "target"]);

/** What a check found. */
export interface HeaderReport {
  /** Files checked, relative to the folder, sorted. */
  checked: string[];
  /** Files that do not start with the header, relative to the folder, sorted. */
  offenders: string[];
}

function normalized(text: string): string {
  return text.replaceAll("\r\n", "\n");
}

/** Whether `text` starts with `header` (after an optional `#!` line). */
export function startsWithHeader(text: string, header: string): boolean {
  const body = normalized(text);
  const wanted = normalized(header).trimEnd();
  const withoutShebang = body.startsWith("#!") ? body.slice(body.indexOf("\n") + 1) : body;
  return withoutShebang.startsWith(wanted);
}

async function walk(dir: string, extensions: Set<string>, found: string[]): Promise<void> {
  const entries = [];
  for await (const entry of Deno.readDir(dir)) entries.push(entry);
  for (const entry of entries) {
    if (entry.isSymlink) continue; // a link may lead out of the folder: not ours to check
    const path = join(dir, entry.name);
    if (entry.isDirectory) {
      if (!entry.name.startsWith(".") && !SKIPPED.has(entry.name)) {
        await walk(path, extensions, found);
      }
    } else if (entry.isFile && extensions.has(entry.name.split(".").pop() ?? "")) {
      found.push(path);
    }
  }
}

/**
 * The files under `root` with one of `extensions` and which of them lack `header`.
 *
 * @example
 * ```ts
 * const report = await findOffenders("/work/app", "// Copyright Acme\n", ["ts"]);
 * report.offenders; // ["src/new_file.ts"]
 * ```
 */
export async function findOffenders(
  root: string,
  header: string,
  extensions: string[] = DEFAULT_EXTENSIONS,
): Promise<HeaderReport> {
  const files: string[] = [];
  await walk(root, new Set(extensions), files);
  const checked = files.map((file) => relative(root, file)).sort();
  const offenders: string[] = [];
  for (const file of checked) {
    if (!startsWithHeader(await Deno.readTextFile(join(root, file)), header)) offenders.push(file);
  }
  return { checked, offenders };
}
