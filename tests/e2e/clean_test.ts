/**
 * `super-agents clean` end to end: `--dry-run` removes nothing, a real run
 * removes only workspaces older than the age limit, and `--older-than`
 * overrides it for one run.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";

const DAY = 86_400_000;

async function workspace(dir: string, name: string, ageDays: number): Promise<void> {
  const path = join(dir, name);
  await Deno.mkdir(join(path, "out"), { recursive: true });
  const file = join(path, "out", "report.txt");
  await Deno.writeTextFile(file, `${name}\n`.repeat(100));
  const when = new Date(Date.now() - ageDays * DAY);
  for (const p of [file, join(path, "out"), path]) await Deno.utime(p, when, when);
}

function names(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();
}

Deno.test("clean: dry run changes nothing; a real run removes only old workspaces", async () => {
  const sandbox = await createSandbox();
  const workspaces = join(sandbox.project, ".claude", "workspaces");
  try {
    await workspace(workspaces, "job_old", 30);
    await workspace(workspaces, "job_week", 8);
    await workspace(workspaces, "job_recent", 2);
    const dry = await sandbox.run(["clean", "--dry-run"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /would remove job_old .*\(age\)/);
    assert.match(dry.stdout, /would remove job_week/);
    assert.deepEqual(names(workspaces), ["job_old", "job_recent", "job_week"]);
    const json = await sandbox.run(["--json", "clean", "--dry-run"]);
    assert.deepEqual(JSON.parse(json.stdout).wouldRemove.sort(), ["job_old", "job_week"]);

    const real = await sandbox.run(["--json", "clean"]);
    assert.equal(real.code, 0);
    const report = JSON.parse(real.stdout);
    assert.deepEqual(report.removed.sort(), ["job_old", "job_week"]);
    assert.deepEqual(report.kept, ["job_recent"]);
    assert.ok(report.freedBytes > 0);
    assert.deepEqual(names(workspaces), ["job_recent"]);

    assert.match((await sandbox.run(["clean"])).stdout, /nothing to clean: 1 workspace/);
    const tighter = await sandbox.run(["clean", "--older-than", "1"]);
    assert.match(tighter.stdout, /removed job_recent/);
    assert.deepEqual(names(workspaces), []);
    const bad = await sandbox.run(["clean", "--older-than", "soon"]);
    assert.equal(bad.code, 2);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("clean: outside a project it says how to create one", async () => {
  const sandbox = await createSandbox();
  try {
    const result = await sandbox.run(["clean"], { cwd: sandbox.home });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /not inside a super-agents project/);
  } finally {
    await sandbox.cleanup();
  }
});
