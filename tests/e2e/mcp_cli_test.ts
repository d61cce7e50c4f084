/** `super-agents mcp inspect|call|token` as a user runs them. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";

Deno.test("mcp inspect lists tools with schemas; mcp call runs one", async () => {
  const sandbox = await createSandbox();
  await Deno.mkdir(join(sandbox.project, ".claude"));
  try {
    const inspect = await sandbox.run(["mcp", "inspect", "--json"]);
    assert.equal(inspect.code, 0, inspect.stderr);
    const listing = JSON.parse(inspect.stdout);
    const query = listing.tools.find((t: { name: string }) => t.name === "knowledge_query");
    assert.deepEqual(query.inputSchema.required, ["q"]);
    assert.ok(listing.prompts.includes("reviewer-agent"));
    const text = await sandbox.run(["mcp", "inspect", "--agent", "reviewer"]);
    assert.match(text.stdout, /^run\(task, priority\?, waitMs\?\)/);

    const saved = await sandbox.run([
      "mcp",
      "call",
      "knowledge_save",
      "--args",
      '{"title":"Deploys","content":"blue/green on Fridays"}',
    ]);
    assert.equal(saved.code, 0, saved.stderr);
    assert.equal(JSON.parse(saved.stdout).item.title, "Deploys");
    const found = await sandbox.run([
      "mcp",
      "call",
      "knowledge_query",
      "--args",
      '{"q":"fridays"}',
    ]);
    assert.equal(JSON.parse(found.stdout).hits[0].item.title, "Deploys");

    const malformed = await sandbox.run(["mcp", "call", "knowledge_query", "--args", '{"q":1}']);
    assert.equal(malformed.code, 1);
    assert.match(malformed.stderr, /Input validation error/);
    const notJson = await sandbox.run(["mcp", "call", "knowledge_query", "--args", "{q:1}"]);
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /--args is not JSON/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("mcp token create prints a token once; list and revoke manage it", async () => {
  const sandbox = await createSandbox();
  try {
    const created = await sandbox.run(["mcp", "token", "create", "ci", "--json"]);
    assert.equal(created.code, 0, created.stderr);
    const { token, store } = JSON.parse(created.stdout);
    assert.match(token, /^sa_[A-Za-z0-9_-]{43}$/);
    assert.equal(store, join(sandbox.home, ".super-agents", "tokens.json"));
    assert.ok(!(await Deno.readTextFile(store)).includes(token));
    const list = await sandbox.run(["mcp", "token", "list"]);
    assert.match(list.stdout, /^ci\t/);
    assert.equal((await sandbox.run(["mcp", "token", "revoke", "ci"])).code, 0);
    const again = await sandbox.run(["mcp", "token", "revoke", "ci"]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /no token named "ci"/);
    assert.equal((await sandbox.run(["mcp", "token", "create", "bad name"])).code, 2);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("mcp outside a project says how to make one", async () => {
  const sandbox = await createSandbox();
  try {
    const result = await sandbox.run(["mcp", "inspect"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /not inside a super-agents project/);
    assert.match(result.stderr, /super-agents init/);
  } finally {
    await sandbox.cleanup();
  }
});
