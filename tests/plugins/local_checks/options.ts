/**
 * Test support for the check tests: options with defaults and in-memory
 * changed files.
 * @module
 */

import { emptyAllowlist } from "../../../plugins/local_checks/secret_allowlist.ts";
import type { ChangedFile, CheckOptions } from "../../../plugins/local_checks/types.ts";

/** Check options with the config defaults, overridable. */
export function options(overrides: Partial<CheckOptions> = {}): CheckOptions {
  return {
    maxFileBytes: 1024 * 1024,
    forbiddenPaths: [],
    allowPaths: [],
    allowlist: emptyAllowlist(),
    allowlistPath: ".claude/secrets-allowlist",
    changedPaths: [],
    existingPaths: [],
    entropyThreshold: 3.5,
    ...overrides,
  };
}

const encoder = new TextEncoder();

/** An added file with text content. */
export function added(path: string, text: string, mode = "100644"): ChangedFile {
  const content = encoder.encode(text);
  return { path, status: "A", mode, size: content.length, content };
}

/** A modified file with previous and new text. */
export function modified(path: string, before: string, after: string): ChangedFile {
  const content = encoder.encode(after);
  return {
    path,
    status: "M",
    mode: "100644",
    previousMode: "100644",
    size: content.length,
    content,
    previous: encoder.encode(before),
  };
}

/** A deleted file with its previous text. */
export function deleted(path: string, before: string): ChangedFile {
  return {
    path,
    status: "D",
    mode: "000000",
    previousMode: "100644",
    size: 0,
    previous: encoder.encode(before),
  };
}
