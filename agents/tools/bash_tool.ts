/**
 * The Bash tool without a shell: the command line is split into words
 * (quotes respected), shell operators are refused, and the program must be
 * one the agent's `permissions.run` allows. It runs in the project root with
 * a minimal environment (no API keys), a timeout, and capped output. The
 * sandbox's `run` permission enforces the same list again underneath.
 * @module
 */

import { basename } from "node:path";
import { ToolError } from "./file_tools.ts";

const MAX_OUTPUT = 30_000;
const OPERATORS = /^(\||\|\||&&|;|>|>>|<|<<|&|2>|2>&1|\$\(.*|`.*)$/;

/** Splits a command line into words, honouring single and double quotes. */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  let current = "";
  let quote: string | null = null;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === quote) quote = null;
      else if (char === "\\" && quote === '"' && i + 1 < line.length) current += line[++i];
      else current += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      started = true;
    } else if (/\s/.test(char)) {
      if (started) words.push(current);
      current = "";
      started = false;
    } else if (char === "\\" && i + 1 < line.length) {
      current += line[++i];
      started = true;
    } else {
      current += char;
      started = true;
    }
  }
  if (quote) throw new ToolError("unterminated quote in command");
  if (started) words.push(current);
  return words;
}

/**
 * Runs `command` if its program is allowed; returns exit code and output.
 *
 * @example
 * ```ts
 * await bashTool("/repo", { command: "git status --porcelain" }, ["git"]);
 * ```
 */
export async function bashTool(
  root: string,
  input: { command: string; timeout?: number },
  allowed: boolean | string[],
): Promise<{ text: string; failed: boolean }> {
  const words = splitCommand(input.command);
  if (words.length === 0) throw new ToolError("empty command");
  const operator = words.find((word) => OPERATORS.test(word));
  if (operator) {
    throw new ToolError(
      `shell operator "${operator}" is not supported: run one program per call, without pipes or redirects`,
    );
  }
  const program = words[0];
  const permitted = allowed === true ||
    (Array.isArray(allowed) && (allowed.includes(program) || allowed.includes(basename(program))));
  if (!permitted) {
    const list = Array.isArray(allowed) && allowed.length ? allowed.join(", ") : "none";
    throw new ToolError(`"${program}" is not an allowed program for this agent (allowed: ${list})`);
  }
  const signal = AbortSignal.timeout(input.timeout ?? 120_000);
  const env: Record<string, string> = { LANG: "C.UTF-8", NO_COLOR: "1" };
  for (const name of ["PATH", "HOME", "TMPDIR", "DENO_DIR"]) {
    const value = safeEnv(name);
    if (value !== undefined) env[name] = value;
  }
  const output = await new Deno.Command(program, {
    args: words.slice(1),
    cwd: root,
    clearEnv: true,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal,
  }).output();
  const decoder = new TextDecoder();
  let text = decoder.decode(output.stdout) + decoder.decode(output.stderr);
  if (text.length > MAX_OUTPUT) text = `… (output truncated)\n${text.slice(-MAX_OUTPUT)}`;
  const status = signal.aborted ? "timed out" : `exit code ${output.code}`;
  return { text: `${status}\n${text}`, failed: !output.success };
}

function safeEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) return undefined; // the sandbox hides it: run without
    throw error;
  }
}
