/**
 * The contract guardian check: what a change breaks for the code and clients
 * that depend on it. Compares the previous and the new version of each
 * changed file: removed or changed exports of TypeScript/JavaScript modules,
 * removed OpenAPI paths and operations, and destructive SQL in migrations.
 * @module
 */

import { textOf } from "./file_text.ts";
import { isMigrationPath, sqlFindings } from "./sql_destructive.ts";
import { isOpenApiPath, openApiFindings } from "./openapi_diff.ts";
import { type ExportedSymbol, extractExports, sameSignature } from "./ts_exports.ts";
import { normalizeSignature } from "./ts_scan.ts";
import type { ChangedFile, Check, Finding } from "./types.ts";

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
const NOT_API =
  /(?:^|\/)(?:tests?|__tests__|__mocks__|fixtures?|testdata|scripts)\/|[._](?:test|spec|bench)\.[cm]?[jt]sx?$/;
const SKIP_HINT = "if the break is intended, say so in the changelog and commit with " +
  "SUPER_AGENTS_SKIP=contract-guardian-check";

/** True for a module whose exports are an API (source files that are not tests or scripts). */
export function isApiModule(path: string): boolean {
  return SOURCE.test(path) && !NOT_API.test(path);
}

/** Paths whose previous content the contract guardian compares against. */
export function contractNeedsPrevious(path: string): boolean {
  return isApiModule(path) || isOpenApiPath(path) || isMigrationPath(path);
}

/**
 * Reports breaking changes in the changed files.
 *
 * @example
 * ```ts
 * await contractGuardian(files, options);
 * // [{ file: "src/api.ts", line: 4, rule: "removed-export", message: "exported function parse was removed" }]
 * ```
 */
export const contractGuardian: Check = async (files) => {
  const findings: Finding[] = [];
  for (const file of files) {
    if (isMigrationPath(file.path)) findings.push(...sqlFindings(file));
    else if (isOpenApiPath(file.path)) findings.push(...await openApiFindings(file));
    else if (isApiModule(file.path) && file.status !== "A") findings.push(...exportFindings(file));
  }
  return findings;
};

function exportFindings(file: ChangedFile): Finding[] {
  const before = textOf(file.previous);
  if (before === undefined || !before.includes("export")) return [];
  const after = file.status === "D" ? undefined : textOf(file.content);
  if (after === before) return []; // only the mode changed
  const oldExports = extractExports(before);
  if (oldExports.size === 0) return [];
  if (file.status === "D") return [deletedModule(file.path, oldExports)];
  if (after === undefined) return [];
  const newExports = extractExports(after);
  const findings: Finding[] = [];
  for (const [name, old] of oldExports) {
    const current = newExports.get(name);
    if (!current) findings.push(removed(file.path, old));
    else if (!sameSignature(current.signature, old.signature)) {
      findings.push(changed(file.path, old, current));
    }
  }
  return findings;
}

function describe(symbol: ExportedSymbol): string {
  return symbol.name === "default"
    ? "the default export"
    : `exported ${symbol.kind} ${symbol.name}`;
}

function removed(path: string, old: ExportedSymbol): Finding {
  return {
    file: path,
    line: old.line,
    rule: "removed-export",
    check: "contract-guardian-check",
    severity: "error",
    message: `${describe(old)} was removed (line ${old.line} before the change)`,
    fix: `restore it or keep a deprecated alias for it; ${SKIP_HINT}`,
  };
}

function changed(path: string, old: ExportedSymbol, current: ExportedSymbol): Finding {
  const lostMembers = Object.keys(old.members ?? {}).filter((m) => !(m in (current.members ?? {})));
  if (lostMembers.length > 0) {
    return {
      file: path,
      line: current.line,
      rule: "removed-member",
      check: "contract-guardian-check",
      severity: "error",
      message: `${describe(old)} lost public member${lostMembers.length > 1 ? "s" : ""} ${
        lostMembers.join(", ")
      }`,
      fix: `restore the member${
        lostMembers.length > 1 ? "s" : ""
      } or deprecate first; ${SKIP_HINT}`,
    };
  }
  const shorten = (raw: string) => {
    const text = normalizeSignature(raw);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  };
  return {
    file: path,
    line: current.line,
    rule: current.kind === old.kind ? "changed-signature" : "changed-export-kind",
    check: "contract-guardian-check",
    severity: "warning",
    message: current.kind === old.kind
      ? `signature of ${describe(old)} changed: ${shorten(old.signature)} → ${
        shorten(current.signature)
      }`
      : `${describe(old)} is now a ${current.kind}`,
    fix: "check every caller (new required parameters and narrower types break them); " +
      "prefer optional parameters or an overload",
  };
}

function deletedModule(path: string, exports: Map<string, ExportedSymbol>): Finding {
  const names = [...exports.keys()];
  const listed = names.slice(0, 8).join(", ") + (names.length > 8 ? ", ..." : "");
  return {
    file: path,
    line: 1,
    rule: "removed-module",
    check: "contract-guardian-check",
    severity: "error",
    message: `module deleted with ${names.length} export${names.length > 1 ? "s" : ""}: ${listed}`,
    fix: `keep the module re-exporting from its new place, or update every importer; ${SKIP_HINT}`,
  };
}
