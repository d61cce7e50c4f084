/**
 * The tool host in-process (its sandbox is the worker it runs in; the e2e
 * tests cover denials there): inputs validated, failures returned to the
 * model as tool errors, the Claude Code tool names mapped, and the file
 * tools kept inside their grants where symbolic links lead and away from the
 * protected and hidden project paths.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createToolHost } from "../../../agents/tools/host.ts";
import type { PathPolicy } from "../../../agents/tools/path_policy.ts";

interface Place {
  root: string;
  /** A directory beside the project, holding `secret.txt`. */
  outside: string;
  events: string[];
}

type Host = ReturnType<typeof createToolHost>;

async function withHost(
  tools: string[],
  run: boolean | string[],
  fn: (host: Host, root: string, events: string[]) => Promise<void>,
  files?: (root: string) => Pick<PathPolicy, "read" | "write">,
) {
  await withPlace(tools, run, (host, place) => fn(host, place.root, place.events), files);
}

async function withPlace(
  tools: string[],
  run: boolean | string[],
  fn: (host: Host, place: Place) => Promise<void>,
  files: (root: string) => Pick<PathPolicy, "read" | "write"> = (root) => ({
    read: [root],
    write: [root],
  }),
) {
  const base = await Deno.realPath(await Deno.makeTempDir({ prefix: "sa-host-" }));
  const root = join(base, "root");
  const outside = join(base, "outside");
  const events: string[] = [];
  try {
    await Deno.mkdir(join(root, "src"), { recursive: true });
    await Deno.mkdir(outside);
    await Deno.writeTextFile(join(outside, "secret.txt"), "TOP-SECRET outside\n");
    await Deno.writeTextFile(
      join(root, "src", "a.ts"),
      "export const a = 1;\nexport const b = 2;\n",
    );
    await Deno.writeTextFile(join(root, "README.md"), "# hi\n");
    const host = createToolHost({
      root,
      files: { root, ...files(root) },
      tools,
      sandbox: {
        root,
        read: [root],
        write: [root],
        net: false,
        run,
        env: false,
        containment: { kind: "uncontained", reason: "in-process host test" },
        programs: {},
        bwrapArgs: [],
        denoDir: null,
      },
      task: "t1",
      emit: (type) => void events.push(type),
    });
    await fn(host, { root, outside, events });
  } finally {
    await Deno.remove(base, { recursive: true });
  }
}

const FILE_TOOLS = ["Read", "Edit", "Write", "Glob", "Grep"];

function assertBoundary(result: { isError: boolean; content: string }, reason: RegExp): void {
  assert.equal(result.isError, true, result.content);
  assert.match(result.content, /^sandbox boundary: /);
  assert.match(result.content, reason);
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

Deno.test("Read and Edit through a link to a file or directory outside are refused", async () => {
  await withPlace(FILE_TOOLS, false, async (host, { root, outside }) => {
    await Deno.symlink(join(outside, "secret.txt"), join(root, "key"));
    await Deno.symlink(outside, join(root, "link"));
    const viaFile = await host.call("Read", { file_path: "key" });
    assertBoundary(
      viaFile,
      /"key" resolves to .*\/outside\/secret\.txt, outside this agent's read/,
    );
    assert.doesNotMatch(viaFile.content, /TOP-SECRET/);
    const viaDir = await host.call("Read", { file_path: "link/secret.txt" });
    assertBoundary(viaDir, /outside this agent's read grant/);
    assert.doesNotMatch(viaDir.content, /TOP-SECRET/);
    const edit = await host.call("Edit", {
      file_path: "key",
      old_string: "TOP-SECRET",
      new_string: "changed",
    });
    assertBoundary(edit, /outside this agent's read grant/);
    assert.equal(await Deno.readTextFile(join(outside, "secret.txt")), "TOP-SECRET outside\n");
    assertBoundary(await host.call("Read", { file_path: "../outside/secret.txt" }), /outside/);
    assertBoundary(await host.call("Read", { file_path: "src/a\0.ts" }), /NUL byte/);
  });
});

Deno.test("Grep and Glob show nothing from outside, through a linked path or the root", async () => {
  await withPlace(FILE_TOOLS, false, async (host, { root, outside }) => {
    await Deno.symlink(outside, join(root, "link"));
    await Deno.symlink(join(outside, "secret.txt"), join(root, "src", "key.ts"));
    const linked = await host.call("Grep", { pattern: "TOP-SECRET", path: "link" });
    assertBoundary(linked, /"link" resolves to .*\/outside, outside this agent's read grant/);
    const everything = await host.call("Grep", { pattern: "." });
    assert.equal(everything.isError, false, everything.content);
    assert.match(everything.content, /src\/a\.ts:1: export const a = 1;/);
    assert.doesNotMatch(everything.content, /TOP-SECRET|secret|key\.ts|link/);
    const listed = await host.call("Glob", { pattern: "**/*" });
    assert.equal(listed.content, "README.md\nsrc/a.ts");
    assertBoundary(await host.call("Glob", { pattern: "*", path: "link" }), /outside/);
  });
});

Deno.test("Grep and Glob of .claude leave the KM's state out; Read of its token is refused", async () => {
  await withPlace(FILE_TOOLS, false, async (host, { root }) => {
    await Deno.mkdir(join(root, ".claude", "state"), { recursive: true });
    await Deno.writeTextFile(join(root, ".claude", "state", "km.token"), "km-token-value");
    await Deno.writeTextFile(join(root, ".claude", "config.json"), "{}");
    const grep = await host.call("Grep", { pattern: ".", path: ".claude" });
    assert.equal(grep.content, ".claude/config.json:1: {}");
    const glob = await host.call("Glob", { pattern: "**/*", path: ".claude" });
    assert.equal(glob.content, ".claude/config.json");
    const read = await host.call("Read", { file_path: ".claude/state/km.token" });
    assertBoundary(read, /\.claude\/state\/km\.token is hidden .*broad read grant/);
    assert.doesNotMatch(read.content, /km-token-value/);
  });
});

Deno.test("Write through a link to a directory outside, or a dangling link, is refused", async () => {
  await withPlace(FILE_TOOLS, false, async (host, { root, outside }) => {
    await Deno.symlink(outside, join(root, "link"));
    await Deno.symlink(join(outside, "planted"), join(root, "dangling"));
    await Deno.symlink(join(outside, "secret.txt"), join(root, "key"));
    assertBoundary(
      await host.call("Write", { file_path: "link/x", content: "x" }),
      /"link\/x" resolves to .*\/outside\/x, outside this agent's write grant/,
    );
    assertBoundary(await host.call("Write", { file_path: "dangling", content: "x" }), /planted/);
    assertBoundary(await host.call("Write", { file_path: "dangling/a/b", content: "x" }), /write/);
    assertBoundary(await host.call("Write", { file_path: "key", content: "x" }), /outside/);
    assert.deepEqual(
      (await Array.fromAsync(Deno.readDir(outside))).map((entry) => entry.name),
      ["secret.txt"],
    );
    assert.equal(await Deno.readTextFile(join(outside, "secret.txt")), "TOP-SECRET outside\n");
  });
});

Deno.test("Write refuses to create parent directories outside its grant", async () => {
  const grant = (root: string) => ({ read: [root], write: [join(root, "docs", "new.md")] });
  await withPlace(FILE_TOOLS, false, async (host, { root }) => {
    assertBoundary(
      await host.call("Write", { file_path: "docs/new.md", content: "x" }),
      /"\/.*\/root\/docs" is .*, outside this agent's write grant/,
    );
    assert.equal(await Deno.lstat(join(root, "docs")).catch(() => "absent"), "absent");
    await Deno.mkdir(join(root, "docs"));
    assert.equal(
      (await host.call("Write", { file_path: "docs/new.md", content: "x" })).isError,
      false,
    );
    assert.equal(await Deno.readTextFile(join(root, "docs", "new.md")), "x");
  }, grant);
});

const PROTECTED = [
  ".claude/agents/x.md",
  ".git/config",
  ".mcp.json",
  ".claude/settings.local.json",
];

Deno.test("a broad write grant does not cover agent definitions, git, MCP or settings", async () => {
  await withPlace(FILE_TOOLS, false, async (host, { root }) => {
    for (const path of PROTECTED) {
      await Deno.mkdir(join(root, path, ".."), { recursive: true });
      await Deno.writeTextFile(join(root, path), "original");
      assertBoundary(
        await host.call("Write", { file_path: path, content: "changed" }),
        new RegExp(`${path.replaceAll(".", "\\.")} is protected \\(.*\\); a broad write grant`),
      );
      assertBoundary(
        await host.call("Edit", { file_path: path, old_string: "original", new_string: "x" }),
        /is protected/,
      );
      assert.equal(await Deno.readTextFile(join(root, path)), "original");
    }
  });
});

Deno.test("a write grant that names a protected path exactly allows it", async () => {
  const grant = (root: string) => ({
    read: [root],
    write: [root, ...PROTECTED.map((path) => join(root, path))],
  });
  await withPlace(FILE_TOOLS, false, async (host, { root }) => {
    for (const path of PROTECTED) {
      const result = await host.call("Write", { file_path: path, content: "granted" });
      assert.equal(result.isError, false, result.content);
      assert.equal(await Deno.readTextFile(join(root, path)), "granted");
    }
  }, grant);
});

Deno.test("a link inside the project that points inside it works for every file tool", async () => {
  await withPlace(FILE_TOOLS, false, async (host, { root }) => {
    await Deno.symlink(join(root, "src"), join(root, "alias"));
    const read = await host.call("Read", { file_path: "alias/a.ts", limit: 1 });
    assert.equal(read.content, "     1\texport const a = 1;\n… 2 more lines (use offset)");
    const grep = await host.call("Grep", { pattern: "const b", path: "alias" });
    assert.equal(grep.content, "alias/a.ts:2: export const b = 2;");
    assert.equal(
      (await host.call("Glob", { pattern: "*.ts", path: "alias" })).content,
      "alias/a.ts",
    );
    const edit = await host.call("Edit", {
      file_path: "alias/a.ts",
      old_string: "= 2",
      new_string: "= 3",
    });
    assert.equal(edit.isError, false, edit.content);
    assert.match(await Deno.readTextFile(join(root, "src", "a.ts")), /b = 3/);
  });
});
