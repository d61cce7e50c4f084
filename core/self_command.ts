/**
 * How this very super-agents runs itself (the compiled binary, or the same
 * Deno with the same entry module), and a helper to run one of its commands
 * as a subprocess. From a checkout `--cached-only` goes along (no
 * third-party code runs without it: `plugin_host/external/import_containment.ts`),
 * and so does the checkout's own configuration. Used where the core needs a command it does not import
 * (`hooks install` lives in a plugin), by hook scripts that record how to
 * call back, and by the demo.
 * @module
 */

/**
 * What follows `deno run` to start this super-agents from source: from a
 * checkout, its own `deno.json` (never the project's, which Deno would find
 * from the working directory; its lockfile pins the npm packages the install
 * cached) and `--cached-only`, then `main.ts`; from a URL, no configuration
 * and no cache restriction (its modules load as they go), then the URL.
 *
 * @example
 * ```ts
 * selfRunArgs(); // ["--config", "/opt/sa/deno.json", "--cached-only", "/opt/sa/main.ts"]
 * ```
 */
export function selfRunArgs(): string[] {
  const main = new URL("../main.ts", import.meta.url);
  return main.protocol === "file:"
    ? [
      "--config",
      new URL("../deno.json", import.meta.url).pathname,
      "--cached-only",
      main.pathname,
    ]
    : ["--no-config", main.href];
}

/** The program and leading arguments that start this super-agents. */
export function selfLaunch(): string[] {
  const exec = Deno.execPath();
  if (Deno.build.standalone) return [exec];
  return [exec, "run", "-A", "--quiet", "--unstable-worker-options", ...selfRunArgs()];
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
export async function runSelf(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<SelfCommandResult> {
  const [program, ...launch] = selfLaunch();
  const output = await new Deno.Command(program, {
    args: [...launch, ...args],
    cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...env }, // added to the inherited environment
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}
