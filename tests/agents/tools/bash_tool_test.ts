import assert from "node:assert/strict";
import { join } from "node:path";
import { bashTool, splitCommand } from "../../../agents/tools/bash_tool.ts";
import { detectContainment } from "../../../core/pool/containment.ts";
import { jobSandbox } from "../../../core/pool/job_sandbox.ts";
import { workerPermissions } from "../../../core/pool/sandbox.ts";
import { skipWithout } from "../../support/service.ts";

Deno.test("command lines split like a shell would, quotes included", () => {
  assert.deepEqual(splitCommand(`git log --format="%h %s" -n 3`), [
    "git",
    "log",
    "--format=%h %s",
    "-n",
    "3",
  ]);
  assert.deepEqual(splitCommand(`echo 'a b' "c \\"d\\"" e\\ f ''`), [
    "echo",
    "a b",
    'c "d"',
    "e f",
    "",
  ]);
  assert.throws(() => splitCommand(`echo "open`), /unterminated quote/);
});

Deno.test({
  name: "the Bash tool runs its program in the sandbox; a failure names the boundary",
  ignore: skipWithout(
    "bubblewrap",
    detectContainment((name) => Deno.env.get(name)).kind === "bubblewrap",
    "apt-get install bubblewrap",
  ),
  async fn() {
    const base = await Deno.realPath(await Deno.makeTempDir({ prefix: "bash-tool-" }));
    try {
      const root = join(base, "project");
      await Deno.mkdir(join(root, "src"), { recursive: true });
      await Deno.writeTextFile(join(base, "outside.txt"), "OUTSIDE");
      const containment = detectContainment((name) => Deno.env.get(name));
      const place = { root, workspacesDir: join(root, ".claude", "workspaces"), modelApiHost: "x" };
      const sandbox = jobSandbox({
        root,
        permissions: workerPermissions({ read: ["."], run: ["cat", "ls"] }, place, []),
        run: ["cat", "ls"],
        containment,
        masks: [],
        path: Deno.env.get("PATH"),
      });
      const ok = await bashTool(root, { command: "ls src" }, sandbox);
      assert.equal(ok.failed, false, ok.text);
      const denied = await bashTool(root, { command: `cat ${join(base, "outside.txt")}` }, sandbox);
      assert.equal(denied.failed, true);
      assert.doesNotMatch(denied.text, /OUTSIDE/);
      assert.match(denied.text, /sandbox boundary/);
      await assert.rejects(
        bashTool(root, { command: "sh -c true" }, sandbox),
        /not an allowed program/,
      );
    } finally {
      await Deno.remove(base, { recursive: true });
    }
  },
});
