/**
 * `list` reads the global project index and checks every project's KM in
 * parallel.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { kmSandbox } from "../plugins/km/km_sandbox.ts";

Deno.test("list --all shows every indexed project; list shows those with a KM", async () => {
  const box = await kmSandbox();
  try {
    const idle = await box.addProject("idle");
    const missing = join(box.home, "deleted-project");
    await Deno.mkdir(join(box.home, ".super-agents"), { recursive: true });
    await Deno.writeTextFile(
      join(box.home, ".super-agents", "projects.json"),
      JSON.stringify({
        version: 1,
        projects: [{ root: box.project, name: "main" }, { root: idle }, { root: missing }, 42],
      }),
    );
    const started = JSON.parse((await box.run(["start", "--json"])).stdout);

    const all = await box.run(["list", "--all", "--json"], { cwd: box.home });
    assert.equal(all.code, 0, all.stderr);
    const projects = JSON.parse(all.stdout).projects;
    assert.deepEqual(
      projects.map((p: { root: string; status: string }) => [p.root, p.status]),
      [[box.project, "running"], [idle, "stopped"], [missing, "stopped"]],
    );
    assert.equal(projects[0].port, started.port);
    assert.equal(projects[0].healthy, true);

    const running = JSON.parse((await box.run(["list", "--json"])).stdout).projects;
    assert.deepEqual(running.map((p: { root: string }) => p.root), [box.project]);

    const text = await box.run(["list", "--all"]);
    assert.match(text.stdout, new RegExp(`running\\s+${started.port}\\s+${started.pid}\\s+`));
    assert.equal((await box.run(["stop"])).code, 0);
  } finally {
    await box.cleanup();
  }
});

Deno.test("list explains an empty index and rejects a corrupt one", async () => {
  const box = await kmSandbox();
  try {
    const empty = await box.run(["list", "--all"]);
    assert.equal(empty.code, 0);
    assert.match(empty.stdout, /no projects in the index/);
    await Deno.mkdir(join(box.home, ".super-agents"), { recursive: true });
    await Deno.writeTextFile(join(box.home, ".super-agents", "projects.json"), "{oops");
    const corrupt = await box.run(["list", "--all"]);
    assert.equal(corrupt.code, 1);
    assert.match(corrupt.stderr, /projects\.json is not valid JSON/);
  } finally {
    await box.cleanup();
  }
});
