/**
 * The shapes every local check shares: a {@linkcode ChangedFile} read from
 * git (the staged blob, never the working tree), a {@linkcode Finding} a check
 * reports, and the {@linkcode Check} signature — a pure function from files
 * and options to findings, so checks can run in a permission-less
 * Worker and be tested without git.
 * @module
 */

import type { PluginAgentFile } from "../../agents/catalog.ts";

/** How a file changed: added, modified or deleted. */
export type ChangeStatus = "A" | "M" | "D";

/** One changed file as the checks see it. */
export interface ChangedFile {
  /** Repository-relative path with `/` separators. */
  path: string;
  status: ChangeStatus;
  /** Git mode of the new version (`100644`, `100755`, `120000`, `160000`; `000000` when deleted). */
  mode: string;
  /** Git mode of the previous version, for modified and deleted files. */
  previousMode?: string;
  /** Size in bytes of the new version (0 when deleted). */
  size: number;
  /** The new (staged) content; absent when deleted, a submodule, or over the size limit. */
  content?: Uint8Array;
  /**
   * The content of a file over the size limit, read only for the secret
   * scan (which covers big files itself: skipping the file-system guardian,
   * which reports them, must not let a secret through).
   */
  oversizeContent?: Uint8Array;
  /** The previous content (HEAD or the base), read only for files a check asked for. */
  previous?: Uint8Array;
}

/** How serious a finding is; `error` blocks by default (see `checks.failOn`). */
export type Severity = "error" | "warning" | "note";

/** One problem a check found. */
export interface Finding {
  /** Repository-relative path. */
  file: string;
  /** 1-based line (the previous version's line for something that was removed). */
  line: number;
  /** Stable rule id, e.g. `aws-access-key-id`. */
  rule: string;
  /** The check that reported it, e.g. `secret-scan`. */
  check: CheckName;
  message: string;
  /** What to do about it, in one line. */
  fix: string;
  severity: Severity;
  /** The secret scan's baseline fingerprint (rule, path, secret digest). */
  fingerprint?: string;
}

/** The names of the built-in checks. */
export const CHECK_NAMES = [
  "secret-scan",
  "contract-guardian-check",
  "filesystem-guardian-check",
  "dependency-check",
] as const;

/** A built-in check's name. */
export type CheckName = typeof CHECK_NAMES[number];

/** Allow-list entries for the secret scan (`.claude/secrets-allowlist`). */
export interface SecretAllowlist {
  /** Exact secret values that are known to be safe. */
  values: string[];
  /** Lower-case hex SHA-256 digests of safe values. */
  sha256: string[];
  /** Path globs whose files the secret scan skips. */
  paths: string[];
}

/** Options handed to every check (plain data: it crosses a Worker boundary). */
export interface CheckOptions {
  /** Files larger than this are reported as oversize; only the secret scan still reads them. */
  maxFileBytes: number;
  /** Extra forbidden path globs (added to the built-in ones). */
  forbiddenPaths: string[];
  /** Globs exempt from the file-system guardian. */
  allowPaths: string[];
  allowlist: SecretAllowlist;
  /** Repository path of the allow-list file (never scanned itself). */
  allowlistPath: string;
  /** Every path of the change set, also those in other shards or Workers. */
  changedPaths: string[];
  /** Paths known to exist in the target tree (lockfile probes of the dependency guard). */
  existingPaths: string[];
  /** Minimum Shannon entropy (bits per character) of a generic secret token. */
  entropyThreshold: number;
  /** Fingerprints of accepted secret findings (the baseline); these are not reported. */
  baseline?: string[];
  /** Repository path of the baseline file (never scanned itself). */
  baselinePath?: string;
  /**
   * The built-in plugins' agent files (from the plugin host), which a new
   * agent file of the same name is also measured against; data, so it
   * crosses into a check Worker.
   */
  pluginAgents?: PluginAgentFile[];
}

/**
 * A check: pure and deterministic — no file system, network or clock; the
 * same files and options always give the same findings. Asynchronous only
 * to load a parser lazily (YAML for OpenAPI specs).
 */
export type Check = (files: ChangedFile[], options: CheckOptions) => Finding[] | Promise<Finding[]>;
