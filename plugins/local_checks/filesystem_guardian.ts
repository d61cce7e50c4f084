/**
 * The file-system guardian check: files that should not be committed or not
 * in this shape — forbidden paths (`.env`, private keys, keystores, and the
 * configured globs), files over the size limit, unresolved merge-conflict
 * markers, the executable bit on files that are not scripts, and agent
 * files that widen their grants (`agent_grants.ts`).
 * @module
 */

import { agentGrants } from "./agent_grants.ts";
import { isBinary, lineLocator, textOf } from "./file_text.ts";
import { matchesAny } from "../../core/fs/glob_pattern.ts";
import type { ChangedFile, Check, CheckOptions, Finding } from "./types.ts";
import { shellWord as quote } from "../../core/cli/shell_quote.ts";

/** Paths that never belong in a repository. */
export const BUILTIN_FORBIDDEN_PATHS: readonly string[] = [
  ".env",
  ".env.*",
  "id_rsa",
  "id_dsa",
  "id_ecdsa",
  "id_ed25519",
  "*.pem",
  "*.key",
  "*.p12",
  "*.pfx",
  "*.jks",
  "*.keystore",
  ".netrc",
  ".pgpass",
  "**/.aws/credentials",
  "*.tfstate",
];
const ENV_TEMPLATE = /(?:^|\/)\.env\.(?:example|sample|template|dist|defaults)$/;
const SCRIPT_EXTENSION = /\.(?:sh|bash|zsh|fish|ksh|py|rb|pl|php|ps1|cmd|bat|exe|run|AppImage)$/;
const CONFLICT_START = /^<{7}(?: |$)/gm;
const CONFLICT_END = /^>{7}(?: |$)/m;

/**
 * Reports forbidden, oversized, conflicted and wrongly executable files, and
 * agent files that grant more than before.
 *
 * @example
 * ```ts
 * await filesystemGuardian(files, options);
 * // [{ file: "config/.env", line: 1, rule: "forbidden-path", ... }]
 * ```
 */
export const filesystemGuardian: Check = async (files, options) => {
  const findings: Finding[] = [];
  const guarded = files.filter((file) => !matchesAny(file.path, options.allowPaths));
  for (const file of guarded) {
    if (file.status === "D") continue;
    if (file.mode === "160000" || file.mode === "120000") continue; // submodule, symlink
    const forbidden = forbiddenFinding(file, options);
    if (forbidden) findings.push(forbidden);
    if (file.size > options.maxFileBytes) findings.push(oversize(file, options));
    findings.push(...conflictMarkers(file));
    const executable = executableFinding(file);
    if (executable) findings.push(executable);
  }
  findings.push(...await agentGrants(guarded, options.pluginAgents));
  return findings;
};

function forbiddenFinding(file: ChangedFile, options: CheckOptions): Finding | undefined {
  if (ENV_TEMPLATE.test(file.path)) return undefined;
  const globs = [...BUILTIN_FORBIDDEN_PATHS, ...options.forbiddenPaths];
  if (!matchesAny(file.path, globs)) return undefined;
  return {
    file: file.path,
    line: 1,
    rule: "forbidden-path",
    check: "filesystem-guardian-check",
    severity: "error",
    message: "this path must not be committed (secrets, keys or local state)",
    fix: `unstage it (git rm --cached ${quote(file.path)}) and add it to .gitignore; ` +
      "keep secrets in the credential store",
  };
}

function oversize(file: ChangedFile, options: CheckOptions): Finding {
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return {
    file: file.path,
    line: 1,
    rule: "oversize-file",
    check: "filesystem-guardian-check",
    severity: "error",
    message: `file is ${mib(file.size)}, over the ${mib(options.maxFileBytes)} limit`,
    fix:
      "unstage it and track it with Git LFS (git lfs track) or keep it outside the repository; " +
      "raise checks.maxFileBytes if it belongs here",
  };
}

function conflictMarkers(file: ChangedFile): Finding[] {
  const text = textOf(file.content);
  if (text === undefined || !text.includes("<<<<<<<") || !CONFLICT_END.test(text)) return [];
  const line = lineLocator(text);
  return [...text.matchAll(CONFLICT_START)].map((match) => ({
    file: file.path,
    line: line(match.index),
    rule: "merge-conflict-marker",
    check: "filesystem-guardian-check",
    severity: "error",
    message: "unresolved merge conflict (<<<<<<< marker)",
    fix: "resolve the conflict, remove the <<<<<<<, ======= and >>>>>>> lines, and stage again",
  }));
}

function executableFinding(file: ChangedFile): Finding | undefined {
  if (file.mode !== "100755" || file.previousMode === "100755") return undefined;
  if (SCRIPT_EXTENSION.test(file.path)) return undefined;
  const head = file.content?.subarray(0, 4);
  if (head === undefined) return undefined; // content not read (over the size limit)
  const shebang = head[0] === 0x23 && head[1] === 0x21; // "#!"
  if (shebang || isBinary(file.content!)) return undefined; // a script, or a compiled program
  return {
    file: file.path,
    line: 1,
    rule: "executable-bit",
    check: "filesystem-guardian-check",
    severity: "warning",
    message: "file is executable but is not a script (no #! line)",
    fix: `git update-index --chmod=-x ${quote(file.path)} (or add a #! line if it is a script)`,
  };
}
