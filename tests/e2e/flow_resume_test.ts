/**
 * A worker killed with SIGKILL in the middle of a subtask: the developer had
 * written part of its file in its worktree when the worker died. Once the
 * lease expires another worker claims the job again; the job runs in the
 * same worktree, recreated from the flow's base commit (the killed
 * attempt's file is gone), and the flow ends with only the second
 * attempt's content, merged once — nothing half-merged.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type FakeOptions, startFakeAnthropic, text, toolUse } from "../support/fake_anthropic.ts";
import { byRole, flowSandbox, planReply, roleOf, turnOf } from "./flow_fixture.ts";
import { json, waitFor } from "./queue_fixture.ts";

Deno.test("flow resume: a worker killed mid-subtask; the job reruns in its worktree from the base", async () => {
  const { sandbox, repo } = await flowSandbox({ "a.ts": "export const a = 0;\n" }, {
    queue: { leaseMs: 1000 },
  });
  const options: FakeOptions = {};
  let attempts = 0;
  const script = byRole((role) => {
    if (role.kind === "architect") {
      return [planReply([{ id: "a", title: "set a", owns: ["a.ts"] }])];
    }
    if (role.kind !== "developer") return undefined;
    const content = attempts === 1 ? "half written\n" : "export const a = 2;\n";
    return [toolUse("Write", { file_path: "a.ts", content }), text("done")];
  });
  options.responder = (body, request) => {
    const developer = roleOf(body).kind === "developer";
    if (developer && turnOf(body) === 0) attempts++;
    // The first attempt's reply after its write hangs: the worker is killed while waiting for it.
    if (developer && attempts === 1 && turnOf(body) === 1) options.latencyMs = 8000;
    return script(body, request);
  };
  const fake = await startFakeAnthropic(options);
  const env = { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url };
  try {
    const created = await json(sandbox, [
      "task",
      "create",
      "--pipeline",
      "software",
      "--input",
      "set a",
    ]);
    const flow: string = created.flow;
    const worktree = join(sandbox.project, ".claude", "worktrees", flow, "dev-a");
    const victim = sandbox.spawn(["worker"], { env });
    await waitFor("the first attempt to write half of a.ts", async () => {
      const written = await Deno.readTextFile(join(worktree, "a.ts")).catch(() => "");
      return written === "half written\n" && options.latencyMs === 8000;
    });
    victim.kill("SIGKILL");
    assert.equal((await victim.status).signal, "SIGKILL");
    options.latencyMs = 0;
    const developer = (await json(sandbox, ["flow", "show", flow])).jobs
      .find((j: { node: string }) => j.node === "dev-a");
    assert.equal(developer.state, "leased", "the killed worker still holds the subtask");
    await waitFor(
      "the lease to expire",
      () => Promise.resolve(Date.now() > developer.leaseExpiresAt + 50),
    );

    const rescue = await sandbox.run(["worker", "--once", "--json"], { env });
    assert.equal(rescue.code, 0, rescue.stderr + rescue.stdout);
    const view = await json(sandbox, ["flow", "show", flow]);
    assert.equal(view.state, "ready", view.attention);
    const done = view.jobs.find((j: { node: string }) => j.node === "dev-a");
    assert.equal(done.attempts, 2);
    assert.equal(done.result.worktree.path, worktree, "the same worktree");
    assert.equal(attempts, 2);
    assert.equal(await repo.git("show", `${view.result.branch}:a.ts`), "export const a = 2;\n");
    const history = await repo.git("log", "-p", "--format=%s", view.result.branch);
    assert.doesNotMatch(history, /half written/, "the killed attempt left nothing in the history");
    assert.equal(
      (await repo.git("log", "--merges", "--format=%s", view.result.branch)).trim().split("\n")
        .length,
      1,
      "merged once",
    );
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});
