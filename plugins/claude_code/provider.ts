/**
 * The `claude-code` provider: runs a job in-process through Claude Code
 * headless ({@linkcode runClaudeCode}).
 * @module
 */

import type { Config } from "../../core/config/schema.ts";
import type { ProviderPlugin } from "../../core/plugin.ts";
import { runClaudeCode } from "./run.ts";

/**
 * The provider (Claude Code uses its own login and settings).
 *
 * @example
 * ```ts
 * createProvider(config).usesModel; // true
 * ```
 */
export function createProvider(_config: Config): ProviderPlugin {
  return {
    name: "claude-code",
    summary: "Claude Code headless; uses its own login",
    usesModel: true,
    run: runClaudeCode,
  };
}
