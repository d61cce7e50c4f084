/**
 * Finds the `claude` executable (Claude Code): on PATH for the provider and
 * `doctor`, and for `super-agents claude` also through `CLAUDE_CODE_BIN`
 * (an explicit path, which wins over PATH and must be an executable file).
 * @module
 */

import { delimiter, join } from "node:path";
import { SuperAgentsError } from "../../core/errors.ts";

/**
 * The path of `claude` on `PATH`, or `undefined` when Claude Code is not installed.
 *
 * @example
 * ```ts
 * const claude = await findClaude(Deno.env.get("PATH"));
 * ```
 */
export async function findClaude(path: string | undefined): Promise<string | undefined> {
  for (const dir of (path ?? "").split(delimiter).filter(Boolean)) {
    const candidate = join(dir, Deno.build.os === "windows" ? "claude.exe" : "claude");
    try {
      const info = await Deno.stat(candidate);
      if (info.isFile && (Deno.build.os === "windows" || ((info.mode ?? 0) & 0o111) !== 0)) {
        return candidate;
      }
    } catch (error) {
      if (
        !(error instanceof Deno.errors.NotFound) && !(error instanceof Deno.errors.PermissionDenied)
      ) {
        throw error;
      }
    }
  }
  return undefined;
}

const INSTALL_HINT =
  "install Claude Code (npm install -g @anthropic-ai/claude-code) so `claude` is " +
  "on PATH, or set CLAUDE_CODE_BIN to its executable";

/**
 * The Claude Code executable: `CLAUDE_CODE_BIN` when set (refused with its
 * value named when it is not an executable file), else `claude` on `PATH`;
 * throws `CLAUDE_CODE_NOT_FOUND` with the install command when neither.
 *
 * @example
 * ```ts
 * const claude = await locateClaude((name) => Deno.env.get(name));
 * ```
 */
export async function locateClaude(env: (name: string) => string | undefined): Promise<string> {
  const explicit = env("CLAUDE_CODE_BIN");
  if (explicit !== undefined && explicit !== "") {
    if (await isExecutableFile(explicit)) return explicit;
    throw new SuperAgentsError(
      "CLAUDE_CODE_NOT_FOUND",
      `CLAUDE_CODE_BIN is ${JSON.stringify(explicit)}, which is not an executable file`,
      {
        hint:
          `point CLAUDE_CODE_BIN at the claude executable, or unset it to use PATH; ${INSTALL_HINT}`,
      },
    );
  }
  const found = await findClaude(env("PATH"));
  if (found) return found;
  throw new SuperAgentsError("CLAUDE_CODE_NOT_FOUND", "Claude Code (claude) is not installed", {
    hint: INSTALL_HINT,
  });
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await Deno.stat(path);
    return info.isFile && (Deno.build.os === "windows" || ((info.mode ?? 0) & 0o111) !== 0);
  } catch (error) {
    if (
      error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory ||
      error instanceof Deno.errors.PermissionDenied
    ) {
      return false; // nothing usable there; the caller names the value
    }
    throw error;
  }
}
