/**
 * The file tools' path policy on real files and symbolic links: a path is
 * checked where it physically leads (links followed, dangling ones too),
 * against the grants of its access, and the protected and hidden project
 * paths need a grant that names them exactly. Every refusal names the
 * sandbox boundary.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { checkedPath, type PathPolicy } from "../../../agents/tools/path_policy.ts";
import { ToolError } from "../../../agents/tools/file_tools.ts";

interface Place {
  root: string;
  outside: string;
}

async function withPlace(fn: (place: Place) => Promise<void>): Promise<void> {
  const base = await Deno.realPath(await Deno.makeTempDir({ prefix: "sa-policy-" }));
  const root = join(base, "root");
  const outside = join(base, "outside");
  try {
    await Deno.mkdir(join(root, "src"), { recursive: true });
    await Deno.mkdir(join(root, ".claude", "state"), { recursive: true });
    await Deno.mkdir(join(root, ".claude", "agents"), { recursive: true });
    await Deno.mkdir(outside);
    await Deno.writeTextFile(join(root, "src", "a.ts"), "export const a = 1;\n");
    await Deno.writeTextFile(join(root, ".claude", "state", "km.token"), "token");
    await Deno.writeTextFile(join(outside, "id_rsa"), "secret");
    await fn({ root, outside });
  } finally {
    await Deno.remove(base, { recursive: true });
  }
}

function policy(root: string, read: PathPolicy["read"], write: PathPolicy["write"]): PathPolicy {
  return { root, read, write };
}

async function refused(promise: Promise<unknown>, reason: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ToolError, `not a ToolError: ${error}`);
    assert.match(error.message, /^sandbox boundary: /);
    assert.match(error.message, reason);
    return true;
  });
}

Deno.test("checkedPath: links that lead outside the grant are refused, for read and write", async () => {
  await withPlace(async ({ root, outside }) => {
    await Deno.symlink(join(outside, "id_rsa"), join(root, "key"));
    await Deno.symlink(outside, join(root, "link"));
    await Deno.symlink(join(outside, "not-yet"), join(root, "dangling"));
    const files = policy(root, [root], [root]);
    await refused(
      checkedPath(files, "key", "read"),
      new RegExp(
        `"key" resolves to ${outside}/id_rsa, outside this agent's read grant \\(${root}\\)`,
      ),
    );
    await refused(
      checkedPath(files, "link/id_rsa", "read"),
      /"link\/id_rsa" resolves to .*\/outside\/id_rsa, outside this agent's read grant.*Do not retry/,
    );
    await refused(checkedPath(files, "link", "read"), /outside this agent's read grant/);
    await refused(checkedPath(files, "link/new.txt", "write"), /outside this agent's write grant/);
    await refused(
      checkedPath(files, "dangling", "write"),
      /"dangling" resolves to .*\/outside\/not-yet, outside this agent's write grant/,
    );
    await refused(checkedPath(files, "dangling/deeper/x", "write"), /outside\/not-yet\/deeper\/x/);
  });
});

Deno.test("checkedPath: .., absolute paths elsewhere, NUL bytes and missing grants are refused", async () => {
  await withPlace(async ({ root, outside }) => {
    const files = policy(root, [root], [root]);
    await refused(
      checkedPath(files, "../outside/id_rsa", "read"),
      new RegExp(`"../outside/id_rsa" is ${outside}/id_rsa, outside this agent's read grant`),
    );
    await refused(checkedPath(files, "src/../../outside", "write"), /outside this agent's write/);
    await refused(checkedPath(files, join(outside, "id_rsa"), "read"), /outside this agent's/);
    await refused(checkedPath(files, "src/a\0.ts", "read"), /holds a NUL byte/);
    await refused(checkedPath(policy(root, [root], false), "src/a.ts", "write"), /no write grant/);
    await refused(checkedPath(policy(root, [], [root]), "src/a.ts", "read"), /no read grant/);
    await refused(
      checkedPath(policy(root, [join(root, "src")], []), "README.md", "read"),
      /outside this agent's read grant \(.*\/root\/src\)/,
    );
  });
});

Deno.test("checkedPath: paths inside, links that stay inside and new files are allowed", async () => {
  await withPlace(async ({ root }) => {
    await Deno.symlink(join(root, "src"), join(root, "alias"));
    await Deno.symlink("src/a.ts", join(root, "a-link.ts"));
    const files = policy(root, [root], [root]);
    assert.equal(await checkedPath(files, "src/a.ts", "read"), join(root, "src", "a.ts"));
    assert.equal(await checkedPath(files, join(root, "src/a.ts"), "write"), join(root, "src/a.ts"));
    assert.equal(await checkedPath(files, "alias/a.ts", "read"), join(root, "alias", "a.ts"));
    assert.equal(await checkedPath(files, "a-link.ts", "write"), join(root, "a-link.ts"));
    assert.equal(await checkedPath(files, "new/dir/f.md", "write"), join(root, "new/dir/f.md"));
    assert.equal(
      await checkedPath(policy(root, true, true), "src/a.ts", "write"),
      join(root, "src/a.ts"),
    );
  });
});

Deno.test("checkedPath: protected paths need a write grant that names them exactly", async () => {
  await withPlace(async ({ root }) => {
    const broad = policy(root, [root], [root]);
    await refused(
      checkedPath(broad, ".claude/agents/reviewer-agent.md", "write"),
      /\.claude\/agents\/reviewer-agent\.md is protected \(agent definitions\); a broad write grant does not cover it — only the user can grant it by naming the exact path\./,
    );
    for (const path of [".git/config", ".mcp.json", ".claude/settings.local.json"]) {
      await refused(checkedPath(broad, path, "write"), /is protected .*broad write grant/);
    }
    await refused(checkedPath(policy(root, true, true), ".git/config", "write"), /protected/);
    assert.equal(
      await checkedPath(broad, ".claude/agents/x.md", "read"),
      join(root, ".claude/agents/x.md"),
    );
    const exact = policy(root, [root], [
      root,
      join(root, ".claude/agents/x.md"),
      join(root, ".git"),
    ]);
    assert.equal(
      await checkedPath(exact, ".claude/agents/x.md", "write"),
      join(root, ".claude/agents/x.md"),
    );
    assert.equal(await checkedPath(exact, ".git/config", "write"), join(root, ".git/config"));
    // Naming one agent file exactly does not open the others to the broad grant.
    await refused(checkedPath(exact, ".claude/agents/y.md", "write"), /protected/);
  });
});

Deno.test("checkedPath: links into protected paths, and grants that are links, do not widen", async () => {
  await withPlace(async ({ root, outside }) => {
    await Deno.symlink(join(root, ".claude", "agents"), join(root, "defs"));
    await Deno.symlink(outside, join(root, "out"));
    const files = policy(root, [root], [root, join(root, "out")]);
    await refused(
      checkedPath(files, "defs/x.md", "write"),
      /"defs\/x\.md" resolves to .*\.claude\/agents\/x\.md, which is protected \(agent definitions\)/,
    );
    // A link inside the project never carries a grant elsewhere (git stores links).
    await refused(checkedPath(files, "out/id_rsa", "write"), /outside this agent's write grant/);
  });
});

Deno.test("checkedPath: a protected directory reached through a linked .claude stays protected", async () => {
  await withPlace(async ({ root }) => {
    await Deno.rename(join(root, ".claude"), join(root, "claude_real"));
    await Deno.symlink("claude_real", join(root, ".claude"));
    const files = policy(root, [root], [root]);
    await refused(checkedPath(files, "claude_real/agents/x.md", "write"), /is protected/);
    await refused(checkedPath(files, "claude_real/state/km.token", "read"), /is hidden/);
  });
});

Deno.test("checkedPath: hidden paths need a read grant that names them exactly", async () => {
  await withPlace(async ({ root }) => {
    await refused(
      checkedPath(policy(root, [root], []), ".claude/state/km.token", "read"),
      /\.claude\/state\/km\.token is hidden \(.*\); a broad read grant does not cover it/,
    );
    await refused(checkedPath(policy(root, true, []), ".claude/state", "read"), /hidden/);
    const exact = policy(root, [root, join(root, ".claude/state/km.token")], []);
    assert.equal(
      await checkedPath(exact, ".claude/state/km.token", "read"),
      join(root, ".claude/state/km.token"),
    );
  });
});

Deno.test("checkedPath in a sandboxed worker: an unreadable link target is refused as a boundary", async () => {
  await withPlace(async ({ root, outside }) => {
    await Deno.symlink(join(outside, "not-yet"), join(root, "dangling"));
    const policyUrl = new URL("../../../agents/tools/path_policy.ts", import.meta.url).href;
    const script = join(root, "..", "probe.js");
    await Deno.writeTextFile(
      script,
      `import { checkedPath } from ${JSON.stringify(policyUrl)};
self.onmessage = async (event) => {
  const files = { root: event.data, read: [event.data], write: [event.data] };
  const results = [];
  for (const path of ["dangling/x", "src/a.ts"]) {
    try {
      results.push(await checkedPath(files, path, "write"));
    } catch (error) {
      results.push(error.constructor.name + ": " + error.message);
    }
  }
  self.postMessage(results);
};`,
    );
    const worker = new Worker(new URL(`file://${script}`).href, {
      type: "module",
      deno: {
        permissions: {
          read: [root, new URL("../../../", import.meta.url).pathname, script],
          write: [root],
          net: false,
          run: false,
          env: false,
          sys: false,
          ffi: false,
        },
      },
    });
    try {
      const results = await new Promise<string[]>((resolve, reject) => {
        worker.onmessage = (event) => resolve(event.data);
        worker.onerror = (event) => {
          event.preventDefault();
          reject(new Error(event.message));
        };
        worker.postMessage(root);
      });
      assert.match(results[0], /^ToolError: sandbox boundary: "dangling\/x" /);
      assert.match(results[0], /may not read/);
      assert.equal(results[1], join(root, "src", "a.ts"));
    } finally {
      worker.terminate();
    }
  });
});
