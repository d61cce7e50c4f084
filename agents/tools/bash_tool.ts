/**
 * The Bash tool without a shell: the command line is split into words
 * (quotes respected), shell operators are refused, and the program must be
 * one the agent's `permissions.run` allows. It runs in the project root
 * inside the job's OS sandbox (`core/pool/contained_command.ts`: the grants
 * as mounts, no credential store, its own `/proc`, no network unless
 * granted, a reduced environment), with a timeout and capped output. A
 * granted program may do anything inside that sandbox — `git -c alias…`,
 * `python3 -c` — and nothing outside it.
 * @module
 */

import {
  ChildRefused,
  containedCommand,
  programAllowed,
} from "../../core/pool/contained_command.ts";
import type { JobSandbox } from "../../core/pool/job_sandbox.ts";
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
 * Runs `command` inside the job's OS sandbox if its program is allowed;
 * returns exit code and output.
 *
 * @example
 * ```ts
 * await bashTool("/repo", { command: "git status --porcelain" }, ctx.sandbox);
 * ```
 */
export async function bashTool(
  root: string,
  input: { command: string; timeout?: number },
  sandbox: JobSandbox,
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
  if (!programAllowed(sandbox, program)) {
    const list = Array.isArray(sandbox.run) && sandbox.run.length ? sandbox.run.join(", ") : "none";
    throw new ToolError(`"${program}" is not an allowed program for this agent (allowed: ${list})`);
  }
  const signal = AbortSignal.timeout(input.timeout ?? 120_000);
  let command: Deno.Command;
  try {
    command = containedCommand(sandbox, program, words.slice(1), { cwd: root, signal });
  } catch (error) {
    if (error instanceof ChildRefused) throw new ToolError(`${error.message}. Fix: ${error.hint}`);
    throw error;
  }
  const output = await command.output();
  const decoder = new TextDecoder();
  let text = decoder.decode(output.stdout) + decoder.decode(output.stderr);
  if (text.length > MAX_OUTPUT) text = `… (output truncated)\n${text.slice(-MAX_OUTPUT)}`;
  const status = signal.aborted ? "timed out" : `exit code ${output.code}`;
  const note = output.success ? "" : boundaryNote(sandbox);
  return { text: `${status}\n${text}${note}`, failed: !output.success };
}

/**
 * What a failed program is told about its sandbox: an error on a path
 * outside the grants, a read-only file system or a refused connection is
 * the boundary, not something to retry or work around.
 */
export function boundaryNote(sandbox: JobSandbox): string {
  if (sandbox.containment.kind !== "bubblewrap") return "";
  const list = (grant: boolean | string[]) =>
    grant === true
      ? "everything"
      : Array.isArray(grant) && grant.length
      ? grant.join(", ")
      : "nothing";
  return `\n[sandbox boundary: this program ran inside the agent's OS sandbox — readable: ${
    list(sandbox.read)
  }; writable: ${
    list(sandbox.write)
  } (.git, .claude and .mcp.json stay read-only unless granted by name); network: ${
    sandbox.net === true ? "yes" : "none"
  }. "No such file", "Read-only file system" or a refused connection outside those grants is ` +
    "the boundary: do not retry it.]";
}
