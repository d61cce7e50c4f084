/**
 * The tools `init` pre-allows in `.claude/settings.json` are exactly the
 * project MCP server's read-only tools, as the server itself announces them
 * (`readOnlyHint`): a tool that starts to write, or a new read-only one,
 * cannot drift from the allow-list unnoticed.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { READ_ONLY_MCP_TOOLS } from "../../plugins/project/permissions_allow.ts";
import { createSandbox } from "../support/cli.ts";
import { connectStdio } from "../support/mcp_client.ts";

Deno.test("init's permissions.allow lists exactly the MCP server's read-only tools", async () => {
  const sandbox = await createSandbox();
  await Deno.mkdir(join(sandbox.project, ".claude"), { recursive: true });
  const client = await connectStdio(sandbox.project, sandbox.env);
  try {
    const { tools } = await client.listTools();
    const readOnly = tools.filter((tool) => tool.annotations?.readOnlyHint === true)
      .map((tool) => tool.name).sort();
    assert.ok(readOnly.length > 0, "the server announces read-only tools");
    assert.deepEqual([...READ_ONLY_MCP_TOOLS].sort(), readOnly);
  } finally {
    await client.close();
    await sandbox.cleanup();
  }
});
