import assert from "node:assert/strict";
import { join } from "node:path";
import {
  detectTestCommand,
  selectShard,
  shardedCommand,
} from "../../../plugins/local/test_command.ts";
import { SuperAgentsError } from "../../../core/errors.ts";

async function tempProject(files: Record<string, string>, fn: (root: string) => Promise<void>) {
  const root = await Deno.makeTempDir();
  try {
    for (const [path, text] of Object.entries(files)) {
      await Deno.mkdir(join(root, path, ".."), { recursive: true });
      await Deno.writeTextFile(join(root, path), text);
    }
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("detects deno, npm, pytest, go and cargo", async () => {
  const cases: [Record<string, string>, string[]][] = [
    [{ "deno.json": "{}" }, ["deno", "test", "-A"]],
    [{ "package.json": '{"scripts":{"test":"node --test"}}' }, ["npm", "test"]],
    [{ "pyproject.toml": "[tool.pytest]" }, ["pytest", "-q"]],
    [{ "go.mod": "module x" }, ["go", "test", "./..."]],
    [{ "Cargo.toml": "[package]" }, ["cargo", "test"]],
  ];
  for (const [files, argv] of cases) {
    await tempProject(files, async (root) => {
      assert.deepEqual((await detectTestCommand(root)).argv, argv);
    });
  }
  await tempProject({
    "package.json": '{"scripts":{"test":"echo \\"Error: no test specified\\""}}',
  }, async (root) => {
    await assert.rejects(
      detectTestCommand(root),
      (e: unknown) => e instanceof SuperAgentsError && e.code === "NO_TEST_COMMAND",
    );
  });
});

Deno.test("shards split the sorted test files round-robin, each file exactly once", async () => {
  assert.deepEqual(selectShard(["a", "b", "c", "d", "e"], 1, 2), ["a", "c", "e"]);
  assert.deepEqual(selectShard(["a", "b", "c", "d", "e"], 2, 2), ["b", "d"]);
  assert.throws(() => selectShard(["a"], 3, 2), /invalid shard 3\/2/);
  await tempProject({
    "deno.json": "{}",
    "a_test.ts": "",
    "lib/b_test.ts": "",
    "lib/c.test.ts": "",
    "lib/not_a_test_file.ts": "",
    "node_modules/x_test.ts": "",
  }, async (root) => {
    const command = await detectTestCommand(root);
    const one = await shardedCommand(root, command, { index: 1, total: 2 });
    const two = await shardedCommand(root, command, { index: 2, total: 2 });
    assert.deepEqual(one, ["deno", "test", "-A", "a_test.ts", "lib/c.test.ts"]);
    assert.deepEqual(two, ["deno", "test", "-A", "lib/b_test.ts"]);
    assert.equal(await shardedCommand(root, command, { index: 4, total: 4 }), undefined);
  });
  await tempProject({
    "go.mod": "module x",
    "a/x_test.go": "",
    "a/y_test.go": "",
    "b/z_test.go": "",
  }, async (root) => {
    const command = await detectTestCommand(root);
    assert.deepEqual(await shardedCommand(root, command, { index: 1, total: 2 }), [
      "go",
      "test",
      "./a",
    ]);
  });
});
