import assert from "node:assert/strict";
import { mcpJsonTarget } from "../../../plugins/project/mcp_json_merge.ts";

const server = { command: "super-agents", args: ["mcp"] };
const target = mcpJsonTarget(".mcp.json", server);

Deno.test("a new .mcp.json holds only our server", () => {
  const out = target.apply(undefined);
  assert.deepEqual(JSON.parse(out), { mcpServers: { "super-agents": server } });
  assert.equal(target.remove(out), undefined);
});

Deno.test("other servers and bytes survive; remove restores the original", () => {
  const user = '{\n  "mcpServers": {\n    "other": { "command": "x" }\n  },\n  "extra": 1\n}\n';
  const out = target.apply(user);
  assert.deepEqual(JSON.parse(out).mcpServers.other, { command: "x" });
  assert.equal(target.extract(out), JSON.stringify(server));
  assert.equal(target.remove(out), user);
});

Deno.test("a file without mcpServers gains the section; an existing entry is replaced", () => {
  const out = target.apply('{"x": true}');
  assert.equal(target.remove(out), '{"x": true}');
  const stale = '{"mcpServers": {"super-agents": {"command": "old"}}}';
  assert.deepEqual(JSON.parse(target.apply(stale)).mcpServers["super-agents"], server);
});

Deno.test("mcpServers of the wrong type is refused", () => {
  assert.throws(() => target.apply('{"mcpServers": 3}'), /"mcpServers" must be a JSON object/);
});
