/**
 * Runs another command of this very super-agents (same Deno, same entry
 * module, or the compiled binary) as a subprocess. Doctor uses it for fixes
 * that belong to commands the core does not import (`hooks install` lives
 * in a plugin).
 * @module
 */

/** The program and leading arguments that start this super-agents. */
export function selfLaunch(): string[] {
  const exec = Deno.execPath();
  if (Deno.build.standalone) return [exec];
  const main = Deno.mainModule.startsWith("file:")
    ? new URL(Deno.mainModule).pathname
    : Deno.mainModule;
  return [exec, "run", "-A", "--quiet", "--unstable-worker-options", main];
}

/** Result of a self command. */
export interface SelfCommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `super-agents <args>` in `cwd` and captures its output.
 *
 * @example
 * ```ts
 * const result = await runSelf(["hooks", "install"], paths.root);
 * ```
 */
export async function runSelf(args: string[], cwd: string): Promise<SelfCommandResult> {
  const [program, ...launch] = selfLaunch();
  const output = await new Deno.Command(program, {
    args: [...launch, ...args],
    cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" }, // added to the inherited environment
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}
