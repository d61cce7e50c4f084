/**
 * The tool host in-process (its sandbox is the worker it runs in; the e2e
 * tests cover denials there): inputs validated, failures returned to the
 * model as tool errors, the Claude Code tool names mapped.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createToolHost } from "../../../agents/tools/host.ts";

async function withHost(
  tools: string[],
  run: boolean | string[],
  fn: (host: ReturnType<typeof createToolHost>, root: string, events: string[]) => Promise<void>,
) {
  const root = await Deno.makeTempDir();
  const events: string[] = [];
  try {
    await Deno.mkdir(join(root, "src"));
    await Deno.writeTextFile(
      join(root, "src", "a.ts"),
      "export const a = 1;\nexport const b = 2;\n",
    );
    await Deno.writeTextFile(join(root, "README.md"), "# hi\n");
    const host = createToolHost({
      root,
      tools,
      run,
      task: "t1",
      emit: (type) => void events.push(type),
    });
    await fn(host, root, events);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("Read, Edit, Write, Glob and Grep work on the project", async () => {
  await withHost(["Read", "Edit", "Write", "Glob", "Grep"], false, async (host, root) => {
    const read = await host.call("Read", { file_path: "src/a.ts", offset: 2, limit: 1 });
    assert.deepEqual(read, {
      isError: false,
      content: "     2\texport const b = 2;\n… 1 more lines (use offset)",
    });
    assert.equal(
      (await host.call("Edit", { file_path: "src/a.ts", old_string: "= 1", new_string: "= 10" }))
        .isError,
      false,
    );
    assert.match(await Deno.readTextFile(join(root, "src", "a.ts")), /a = 10/);
    const ambiguous = await host.call("Edit", {
      file_path: "src/a.ts",
      old_string: "export",
      new_string: "x",
    });
    assert.equal(ambiguous.isError, true);
    assert.match(ambiguous.content, /occurs 2 times/);
    await host.call("Write", { file_path: "docs/new.md", content: "new" });
    assert.equal(await Deno.readTextFile(join(root, "docs", "new.md")), "new");
    assert.equal((await host.call("Glob", { pattern: "**/*.ts" })).content, "src/a.ts");
    assert.equal((await host.call("Glob", { pattern: "*.md" })).content, "docs/new.md\nREADME.md");
    assert.equal(
      (await host.call("Grep", { pattern: "const b", glob: "*.ts" })).content,
      "src/a.ts:2: export const b = 2;",
    );
  });
});

Deno.test("bad input, unknown tools and missing files are tool errors, not crashes", async () => {
  await withHost(["Read"], false, async (host) => {
    const invalid = await host.call("Read", { path: "x" });
    assert.equal(invalid.isError, true);
    assert.match(invalid.content, /invalid input for Read: file_path/);
    const unknown = await host.call("Write", { file_path: "x", content: "y" });
    assert.equal(unknown.isError, true);
    assert.match(unknown.content, /unknown tool "Write"; available: Read, emit_event/);
    const missing = await host.call("Read", { file_path: "nope.txt" });
    assert.equal(missing.isError, true);
    assert.match(missing.content, /not found/);
    assert.deepEqual(host.definitions.map((d) => d.name), ["Read", "emit_event"]);
    assert.equal(host.definitions[0].inputSchema.type, "object");
  });
});

Deno.test("Bash runs allowed programs without a shell, and refuses the rest", async () => {
  await withHost(["Bash"], ["deno"], async (host) => {
    const ok = await host.call("Bash", { command: `deno eval "console.log('hi there')"` });
    assert.equal(ok.isError, false, ok.content);
    assert.match(ok.content, /^exit code 0\nhi there/);
    const failing = await host.call("Bash", { command: "deno eval Deno.exit(3)" });
    assert.equal(failing.isError, true);
    assert.match(failing.content, /exit code 3/);
    const other = await host.call("Bash", { command: "rm -rf /" });
    assert.match(other.content, /"rm" is not an allowed program for this agent \(allowed: deno\)/);
    const pipe = await host.call("Bash", { command: "deno --version | head" });
    assert.match(pipe.content, /shell operator "\|" is not supported/);
  });
});

Deno.test("emit_event records an agent event", async () => {
  await withHost([], false, async (host, _root, events) => {
    const result = await host.call("emit_event", {
      type: "review.finding",
      payload: { file: "a" },
    });
    assert.equal(result.isError, false);
    assert.deepEqual(events, ["agent.review.finding"]);
  });
});
