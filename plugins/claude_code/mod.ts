/**
 * The `claude-code` provider plugin: runs agents through Claude Code
 * headless (`claude -p --output-format stream-json`) when it is installed —
 * Claude Code brings its own login, tools and permission prompts, so no
 * API key is needed here.
 * @module
 */

import { z } from "../../core/deps.ts";
import { definePlugin } from "../../core/plugin.ts";
import { runClaudeCode } from "./run.ts";

/** The plugin's options. */
export const ClaudeCodeOptionsSchema = z.object({});

export default definePlugin({
  name: "claude-code",
  kind: "provider",
  version: "1.0.0",
  summary: "Claude Code headless (claude -p --output-format stream-json)",
  options: ClaudeCodeOptionsSchema,
  defaults: {},
  setup(ctx) {
    ctx.registerProvider({
      name: "claude-code",
      summary: "Claude Code headless; uses its own login",
      usesModel: true,
      run: runClaudeCode,
    });
  },
});
