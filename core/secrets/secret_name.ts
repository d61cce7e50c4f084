/**
 * Names of stored secrets: the zod schema every command and backend checks
 * before a name reaches a file, a keychain or a subprocess argument.
 * @module
 */

import { z } from "../deps.ts";
import { UsageError } from "../errors.ts";

/** A secret's name: letters, digits, `_`, `.` and `-`, starting with a letter or `_`. */
export const SecretNameSchema = z.string().regex(
  /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/,
  "must start with a letter or '_' and hold only letters, digits, '_', '.' or '-' (max 128)",
);

/**
 * Validates a secret name given on the command line or by code.
 *
 * @example
 * ```ts
 * parseSecretName("ANTHROPIC_API_KEY"); // "ANTHROPIC_API_KEY"
 * parseSecretName("../x"); // throws UsageError
 * ```
 */
export function parseSecretName(name: string): string {
  const result = SecretNameSchema.safeParse(name);
  if (!result.success) {
    throw new UsageError(
      `invalid secret name "${name}": ${result.error.issues[0].message}`,
      "use a name such as ANTHROPIC_API_KEY or SUPER_AGENTS_SLACK_WEBHOOK",
    );
  }
  return result.data;
}
