/**
 * The secret baseline (`.super-agents/secrets-baseline.json`, committed with
 * the repository): the findings accepted on the day it was written, each by
 * a fingerprint of rule, file path and the secret's SHA-256 — not the line,
 * so editing the file elsewhere does not bring an accepted finding back,
 * while a new secret in the same file is still reported. The file holds no
 * secret. Read back through zod; a damaged file is an error that names it.
 * @module
 */

import { createHash } from "node:crypto";
import { join } from "node:path";
import { SuperAgentsError } from "../../../core/errors.ts";

/** Where the baseline lives, relative to the repository root. */
export const BASELINE_PATH = ".super-agents/secrets-baseline.json";

/** One accepted finding. */
export interface BaselineEntry {
  fingerprint: string;
  rule: string;
  file: string;
  /** Where it was when accepted (for people; matching ignores it). */
  line: number;
}

/**
 * The fingerprint of a finding: SHA-256 of rule, path and secret.
 *
 * @example
 * ```ts
 * baselineFingerprint("github-token", "ghp_…", "src/a.ts"); // "3f1c…" (64 hex digits)
 * ```
 */
export function baselineFingerprint(rule: string, secret: string, path: string): string {
  return createHash("sha256").update(`${rule}\0${path}\0${secret}`).digest("hex");
}

/**
 * The fingerprints in the repository's baseline; empty when there is none.
 * Throws `BASELINE_INVALID` naming the file and the field when it is damaged.
 */
export async function readBaseline(root: string): Promise<string[]> {
  const path = join(root, BASELINE_PATH);
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  const { z } = await import("../../../core/deps.ts");
  const schema = z.object({
    version: z.literal(1),
    findings: z.array(
      z.object({
        fingerprint: z.string().regex(/^[0-9a-f]{64}$/, "64 lower-case hex digits"),
        rule: z.string().min(1),
        file: z.string().min(1),
        line: z.number().int().min(1),
      }).strict(),
    ),
  }).strict();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(path, `not JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(path, `${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  }
  return parsed.data.findings.map((entry) => entry.fingerprint);
}

function invalid(path: string, detail: string): SuperAgentsError {
  return new SuperAgentsError(
    "BASELINE_INVALID",
    `the secret baseline ${path} is invalid: ${detail}`,
    {
      hint: "fix the file, or rewrite it with `super-agents check --write-baseline` " +
        "(review the findings it accepts before committing it)",
    },
  );
}

/**
 * The baseline file's text for `entries`: sorted, stable across runs, and
 * laid out as `deno fmt` and most JSON formatters leave it (two-space
 * indent), so a formatter run over the repository does not rewrite it.
 */
export function formatBaseline(entries: BaselineEntry[]): string {
  const sorted = [...new Map(entries.map((e) => [e.fingerprint, e])).values()].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.rule.localeCompare(b.rule)
  );
  return JSON.stringify({ version: 1, findings: sorted }, null, 2) + "\n";
}
