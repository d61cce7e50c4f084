/**
 * Carving protected paths out of broad grants: a grant that covers one is
 * replaced by the entries along the way, leaving it out; a grant that names
 * it exactly stays; grants that cover none are untouched. The command
 * worker's permissions use it for the project's protected paths, the
 * plugins file and the data home.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { carveOut } from "../../../../core/plugin_host/external/carve_out.ts";
import {
  commandPermissions,
  readListings,
} from "../../../../core/plugin_host/external/worker_permissions.ts";

async function tree(): Promise<string> {
  const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "sa-carve-" }));
  for (const dir of [".git/hooks", ".claude/agents", ".claude/state", "src", "docs"]) {
    await Deno.mkdir(join(root, dir), { recursive: true });
  }
  for (
    const file of ["README.md", ".claude/config.json", ".claude/plugins.json", ".claude/notes.md"]
  ) {
    await Deno.writeTextFile(join(root, file), "x");
  }
  return root;
}

Deno.test("a broad grant is carved around the excluded paths", async () => {
  const root = await tree();
  try {
    const kept = carveOut([root], [join(root, ".git"), join(root, ".claude", "agents")]);
    assert.deepEqual(kept.sort(), [
      join(root, ".claude", "config.json"),
      join(root, ".claude", "notes.md"),
      join(root, ".claude", "plugins.json"),
      join(root, ".claude", "state"),
      join(root, "README.md"),
      join(root, "docs"),
      join(root, "src"),
    ]);
    assert.deepEqual(carveOut([join(root, "src")], [join(root, ".git")]), [join(root, "src")]);
    assert.deepEqual(carveOut([join(root, ".git", "hooks")], [join(root, ".git")]), [
      join(root, ".git", "hooks"),
    ]);
    assert.deepEqual(carveOut([join(root, "nope")], [join(root, "nope", "x")]), [
      join(root, "nope"),
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a command's grants of the project leave out what decides who may do what, and .claude/state", async () => {
  const root = await tree();
  try {
    const source = {
      kind: "folder" as const,
      root: "/plugins/p",
      entry: "file:///plugins/p/mod.ts",
    };
    const dataHome = "/elsewhere/.super-agents";
    const permissions = commandPermissions(source, { read: ["."], write: ["."] }, {
      root,
      dataHome,
    });
    const write = permissions.write as string[];
    for (
      const hidden of [
        ".git",
        ".claude/agents",
        ".claude/config.json",
        ".claude/plugins.json",
        ".claude/state",
      ]
    ) {
      assert.ok(
        !write.some((p) => p === join(root, hidden) || p.startsWith(join(root, hidden) + "/")),
        hidden,
      );
    }
    assert.ok(write.includes(join(root, "src")));
    const read = permissions.read as string[];
    const state = join(root, ".claude", "state");
    assert.ok(!read.some((p) => p === state || p.startsWith(state + "/")), "no .claude/state");
    assert.ok(!read.includes(root), "the root is carved (its listing comes from readListings)");
    assert.ok(read.includes(join(root, "src")));
    assert.ok(read.includes("/plugins/p"), "it may read its own folder");
    const listings = readListings({ read: ["."] }, { root, dataHome });
    assert.ok(listings[root].some((e) => e.name === ".claude" && e.isDirectory));
    assert.ok(!listings[join(root, ".claude")].some((e) => e.name === "state"));
    assert.deepEqual(
      [
        permissions.net,
        permissions.run,
        permissions.env,
        permissions.import,
        permissions.sys,
        permissions.ffi,
      ],
      [false, false, false, false, false, false],
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a command's read grant is carved around the data home", async () => {
  const root = await tree();
  try {
    const source = {
      kind: "folder" as const,
      root: "/plugins/p",
      entry: "file:///plugins/p/mod.ts",
    };
    const dataHome = join(root, "docs", ".super-agents");
    await Deno.mkdir(dataHome);
    await Deno.writeTextFile(join(root, "docs", "guide.md"), "x");
    const read = commandPermissions(source, { read: ["docs"] }, { root, dataHome })
      .read as string[];
    assert.deepEqual(read.sort(), [join(root, "docs", "guide.md"), "/plugins/p"].sort());
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
