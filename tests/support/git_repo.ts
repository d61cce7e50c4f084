/**
 * Test support: a real git repository in a temp directory, with a user
 * configured in the repository itself (never the global config), and
 * helpers to write, stage and commit files.
 * @module
 */

import { dirname, join } from "node:path";

/** A temp git repository. */
export interface GitRepo {
  dir: string;
  /** Runs git in the repository; throws with stderr on failure. */
  git(...args: string[]): Promise<string>;
  /** Writes a file (creating folders); `mode` e.g. 0o755. */
  write(path: string, content: string | Uint8Array, mode?: number): Promise<void>;
  /** Writes and stages files. */
  stage(files: Record<string, string>): Promise<void>;
  /** Writes, stages and commits files; returns the commit id. */
  commit(message: string, files?: Record<string, string>): Promise<string>;
  cleanup(): Promise<void>;
}

/** Environment for git in tests: no global or system config, fixed identity. */
export const GIT_ENV: Record<string, string> = {
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

/**
 * Creates an empty repository (branch `main`).
 *
 * @example
 * ```ts
 * const repo = await createGitRepo();
 * try { await repo.commit("init", { "a.ts": "export const a = 1;\n" }); } finally { await repo.cleanup(); }
 * ```
 */
export async function createGitRepo(dir?: string): Promise<GitRepo> {
  const base = dir ?? await Deno.makeTempDir({ prefix: "super-agents-git-" });
  const git = async (...args: string[]) => {
    const output = await new Deno.Command("git", {
      args,
      cwd: base,
      env: GIT_ENV,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(output.stdout);
    if (!output.success) {
      throw new Error(`git ${args.join(" ")}: ${new TextDecoder().decode(output.stderr)}`);
    }
    return text;
  };
  await git("init", "-q", "-b", "main");
  await git("config", "user.name", "Test User");
  await git("config", "user.email", "test@example.com");
  await git("config", "commit.gpgsign", "false");
  const write = async (path: string, content: string | Uint8Array, mode?: number) => {
    const full = join(base, path);
    await Deno.mkdir(dirname(full), { recursive: true });
    if (typeof content === "string") await Deno.writeTextFile(full, content);
    else await Deno.writeFile(full, content);
    if (mode !== undefined) await Deno.chmod(full, mode);
  };
  const stage = async (files: Record<string, string>) => {
    for (const [path, content] of Object.entries(files)) await write(path, content);
    if (Object.keys(files).length) await git("add", "--", ...Object.keys(files));
  };
  return {
    dir: base,
    git,
    write,
    stage,
    async commit(message, files = {}) {
      await stage(files);
      await git("commit", "-q", "--no-verify", "--allow-empty", "-m", message);
      return (await git("rev-parse", "HEAD")).trim();
    },
    cleanup: () => Deno.remove(base, { recursive: true }),
  };
}

/**
 * A real `git commit -q -m <message>` in a CLI sandbox's project, with its
 * hooks, in the sandbox's environment (its HOME; `env` adds to it).
 *
 * @example
 * ```ts
 * const { code, stderr } = await commitInSandbox(sandbox, "add the app");
 * ```
 */
export async function commitInSandbox(
  sandbox: { project: string; env: Record<string, string> },
  message: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stderr: string }> {
  const output = await new Deno.Command("git", {
    args: ["commit", "-q", "-m", message],
    cwd: sandbox.project,
    env: { ...sandbox.env, ...GIT_ENV, NO_COLOR: "1", ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: output.code, stderr: new TextDecoder().decode(output.stderr) };
}
