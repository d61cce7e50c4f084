/**
 * The dependency guard check: a manifest whose dependencies changed must be
 * committed together with its lockfile (`package.json` with
 * `package-lock.json`/`yarn.lock`/`pnpm-lock.yaml`/`deno.lock`, `Cargo.toml`
 * with `Cargo.lock`, `go.mod` with `go.sum`, `pyproject.toml` with its lock,
 * ...). Projects without a lockfile are left alone.
 * @module
 */

import { textOf } from "./file_text.ts";
import { lockfileCandidates, manifestKind } from "./dependency_manifests.ts";
import type { Check, Finding } from "./types.ts";

/** Paths whose previous content the dependency guard compares (manifests). */
export function dependencyNeedsPrevious(path: string): boolean {
  return manifestKind(path) !== undefined;
}

/**
 * Reports manifests whose dependencies changed without their lockfile.
 *
 * @example
 * ```ts
 * dependencyGuard(files, { ...options, existingPaths: ["package-lock.json"] });
 * // [{ file: "package.json", rule: "lockfile-out-of-sync", ... }]
 * ```
 */
export const dependencyGuard: Check = (files, options) => {
  const changed = new Set([...options.changedPaths, ...files.map((file) => file.path)]);
  const existing = new Set(options.existingPaths);
  const findings: Finding[] = [];
  for (const file of files) {
    const kind = manifestKind(file.path);
    if (!kind || file.status === "D") continue;
    const candidates = lockfileCandidates(file.path);
    if (candidates.some((candidate) => changed.has(candidate))) continue;
    const lockfile = candidates.find((candidate) => existing.has(candidate));
    if (!lockfile) continue; // this project does not lock its dependencies
    const after = textOf(file.content) ?? "";
    const before = textOf(file.previous) ?? "";
    if (file.status === "M" && kind.dependencies(before) === kind.dependencies(after)) continue;
    findings.push({
      file: file.path,
      line: firstChangedLine(before, after),
      rule: "lockfile-out-of-sync",
      check: "dependency-check",
      severity: "error",
      message: `dependencies changed but ${lockfile} is not part of this change`,
      fix: `run ${kind.install} and stage ${lockfile}`,
    });
  }
  return findings;
};

/** The first line of `after` that `before` does not have (1 when none). */
function firstChangedLine(before: string, after: string): number {
  const old = new Set(before.split("\n").map((line) => line.trim()));
  const lines = after.split("\n");
  const index = lines.findIndex((line) => line.trim() !== "" && !old.has(line.trim()));
  return index === -1 ? 1 : index + 1;
}
