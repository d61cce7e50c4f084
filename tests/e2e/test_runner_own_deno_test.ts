/**
 * `run test-executor-check` in a Deno project works when no `deno` is on PATH (the
 * README's install without Deno on PATH): the sandbox uses the Deno that runs
 * super-agents. The machine's PATH copies of `deno` are hidden in a private
 * mount namespace (`unshare -m`, root only: skipped otherwise), and the
 * test-executor-check's own bubblewrap sandbox still runs inside it.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, MAIN } from "../support/cli.ts";
import { skipWithout } from "../support/service.ts";

/** Where the sandbox looks for programs besides PATH (core/pool/job_sandbox.ts). */
const SYSTEM_PATH = ["/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"];
/** Folders that may be hidden wholesale: nothing the test needs (git, sh) lives there. */
const MASKABLE = ["/usr/local/bin", "/usr/local/sbin"];

function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

const withDeno = SYSTEM_PATH.filter((dir) => exists(join(dir, "deno")));
/** The Deno running this test would vanish with the folders hidden: the case cannot be set up. */
const ownDenoHidden = withDeno.some((dir) => Deno.execPath().startsWith(`${dir}/`));
const canUnshare = (() => {
  try {
    return new Deno.Command("unshare", { args: ["-m", "true"], stderr: "null" }).outputSync()
      .success;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
})();

Deno.test({
  name:
    "run test-executor-check: deno not on PATH, the sandbox runs the Deno that runs super-agents",
  ignore: skipWithout(
    "unshare",
    canUnshare && !ownDenoHidden && withDeno.every((dir) => MASKABLE.includes(dir)),
    "run as root with util-linux unshare, with no deno in /usr/bin or /bin",
  ),
  fn: async () => {
    const sandbox = await createSandbox();
    try {
      await Deno.writeTextFile(join(sandbox.project, "deno.json"), "{}\n");
      await Deno.writeTextFile(
        join(sandbox.project, "sum_test.ts"),
        'Deno.test("sum", () => { if (1 + 1 !== 2) throw new Error("math"); });\n',
      );
      assert.equal((await sandbox.run(["init", "--no-hooks"])).code, 0);
      const hide = withDeno.map((dir) => `mount -t tmpfs none ${dir} && `).join("");
      const result = await new Deno.Command("unshare", {
        args: [
          "-m",
          "sh",
          "-c",
          `${hide}exec "$@"`,
          "sh",
          Deno.execPath(),
          "run",
          "-A",
          "--quiet",
          "--unstable-worker-options",
          MAIN,
          "run",
          "test-executor-check",
        ],
        cwd: sandbox.project,
        env: { ...sandbox.env, PATH: "/usr/bin:/bin", NO_COLOR: "1" },
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const output = new TextDecoder().decode(result.stdout) +
        new TextDecoder().decode(result.stderr);
      assert.doesNotMatch(output, /execvp deno|deno is not installed/);
      assert.equal(result.code, 0, output);
      assert.match(output, /1 passed/);
      assert.match(output, /test-executor-check completed/);
    } finally {
      await sandbox.cleanup();
    }
  },
});
