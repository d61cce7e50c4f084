/**
 * The secret scan's allow-list file (`.claude/secrets-allowlist`): one entry
 * per line, `#` comments. `sha256:<hex>` allows a value by its SHA-256 digest
 * (so the file need not hold the value), `path:<glob>` skips matching files,
 * `value:<text>` or a bare line allows that exact value.
 * @module
 */

import { createHash } from "node:crypto";
import type { SecretAllowlist } from "./types.ts";

/** An empty allow-list. */
export function emptyAllowlist(): SecretAllowlist {
  return { values: [], sha256: [], paths: [] };
}

/**
 * Parses the allow-list file's text.
 *
 * @example
 * ```ts
 * parseAllowlist("# fixtures\npath:tests/fixtures/**\nsha256:9f86d0...\n");
 * ```
 */
export function parseAllowlist(text: string): SecretAllowlist {
  const allowlist = emptyAllowlist();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("sha256:")) allowlist.sha256.push(line.slice(7).trim().toLowerCase());
    else if (line.startsWith("path:")) allowlist.paths.push(line.slice(5).trim());
    else if (line.startsWith("value:")) allowlist.values.push(line.slice(6).trim());
    else allowlist.values.push(line);
  }
  return allowlist;
}

/** Lower-case hex SHA-256 of a value, as written after `sha256:`. */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** True when the allow-list names `value` exactly or by digest. */
export function isAllowedValue(value: string, allowlist: SecretAllowlist): boolean {
  if (allowlist.values.includes(value)) return true;
  return allowlist.sha256.length > 0 && allowlist.sha256.includes(sha256Hex(value));
}
