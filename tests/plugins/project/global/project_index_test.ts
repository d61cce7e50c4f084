import assert from "node:assert/strict";
import { join } from "node:path";
import {
  listProjects,
  registerProject,
  unregisterProject,
} from "../../../../plugins/project/global/project_index.ts";

async function tempDirs() {
  const base = await Deno.makeTempDir();
  const paths = { projectIndex: join(base, "data", "projects.json") };
  const project = async (name: string) => {
    const root = join(base, name);
    await Deno.mkdir(join(root, ".claude"), { recursive: true });
    return root;
  };
  return { base, paths, project };
}

Deno.test("concurrent registrations all land; re-registering keeps the first entry", async () => {
  const { base, paths, project } = await tempDirs();
  try {
    const roots = await Promise.all(["a", "b", "c", "d", "e", "f"].map(project));
    await Promise.all(roots.map((root) => registerProject(paths, root, "t1")));
    const again = await registerProject(paths, roots[0], "t2");
    assert.equal(again.initializedAt, "t1");
    const listed = await listProjects(paths);
    assert.deepEqual(listed.map((entry) => entry.name).sort(), ["a", "b", "c", "d", "e", "f"]);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("projects whose .claude/ vanished are pruned; unregister removes one", async () => {
  const { base, paths, project } = await tempDirs();
  try {
    const keep = await project("keep");
    const gone = await project("gone");
    const removed = await project("removed");
    for (const root of [keep, gone, removed]) await registerProject(paths, root, "t");
    await Deno.remove(join(gone, ".claude"), { recursive: true });
    assert.equal(await unregisterProject(paths, removed), true);
    assert.equal(await unregisterProject(paths, removed), false);
    assert.deepEqual((await listProjects(paths)).map((e) => e.root), [keep]);
    const onDisk = JSON.parse(await Deno.readTextFile(paths.projectIndex));
    assert.deepEqual(onDisk.projects.map((e: { root: string }) => e.root), [keep]);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("a damaged index is a clear error naming the file", async () => {
  const { base, paths } = await tempDirs();
  try {
    await Deno.mkdir(join(base, "data"));
    await Deno.writeTextFile(paths.projectIndex, '{"version": 1, "projects": [{"root": 3}]}');
    await assert.rejects(listProjects(paths), (error: Error) => {
      assert.match(error.message, /projects\.json key "projects\.0\.root"/);
      return true;
    });
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});
