/**
 * Doctor check: Claude Code (`claude --version`, or the executable named by
 * `CLAUDE_CODE_BIN`, as `super-agents claude` finds it) is installed, so the
 * claude-code provider and the `.mcp.json` registration can be used.
 * Optional: its absence is information, not an error.
 * @module
 */

import { defineCheck } from "./check.ts";

const id = "claude-code";
const TIMEOUT_MS = 5_000;

/** The check. */
export const check = defineCheck({
  id,
  title: "Claude Code is installed",
  async run({ ctx }) {
    const claude = ctx.env("CLAUDE_CODE_BIN") || "claude";
    let output: Deno.CommandOutput;
    try {
      output = await new Deno.Command(claude, {
        args: ["--version"],
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
        signal: AbortSignal.timeout(TIMEOUT_MS),
      }).output();
    } catch (error) {
      if (error instanceof DOMException) {
        return [{
          check: id,
          severity: "warning",
          message: `claude --version did not answer within ${TIMEOUT_MS / 1000} s`,
          fix: "run `claude --version` yourself to see what it waits for",
        }];
      }
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      return [{
        check: id,
        severity: "info",
        message: claude === "claude"
          ? "Claude Code (claude) is not installed: agents run through the Messages API"
          : `CLAUDE_CODE_BIN is ${JSON.stringify(claude)}, which does not exist`,
        fix: claude === "claude"
          ? "npm install -g @anthropic-ai/claude-code"
          : "point CLAUDE_CODE_BIN at the claude executable, or unset it",
      }];
    }
    const version = new TextDecoder().decode(output.stdout).trim();
    if (!output.success) {
      return [{
        check: id,
        severity: "warning",
        message: `claude --version failed (exit ${output.code})`,
        fix: "reinstall it: npm install -g @anthropic-ai/claude-code",
      }];
    }
    return [{ check: id, severity: "ok", message: `Claude Code ${version}` }];
  },
});
