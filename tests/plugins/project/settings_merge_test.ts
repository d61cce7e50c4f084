import assert from "node:assert/strict";
import { isOurHookGroup, settingsTarget } from "../../../plugins/project/settings_merge.ts";

const ours = {
  hooks: [{ type: "command", command: "super-agents events emit --from-claude-hook" }],
};
const target = settingsTarget(".claude/settings.json", { Stop: [ours], SessionStart: [ours] });

Deno.test("apply keeps user hooks and permissions and appends ours", () => {
  const user = '{\n  "permissions": { "allow": ["Bash(ls)"] },\n  "hooks": {\n    "Stop": [\n' +
    '      { "hooks": [{ "type": "command", "command": "echo hi" }] }\n    ]\n  }\n}\n';
  const out = target.apply(user);
  const parsed = JSON.parse(out);
  assert.deepEqual(parsed.permissions, { allow: ["Bash(ls)"] });
  assert.equal(parsed.hooks.Stop.length, 2);
  assert.equal(parsed.hooks.Stop[0].hooks[0].command, "echo hi");
  assert.deepEqual(parsed.hooks.SessionStart, [ours]);
  assert.equal(target.remove(out), user, "removing our hooks restores the user's bytes");
});

Deno.test("apply twice does not duplicate our hooks", () => {
  const once = target.apply(undefined);
  assert.equal(target.apply(once), once);
  assert.equal(target.remove(once), undefined);
});

Deno.test("extract sees only our groups", () => {
  const out = target.apply('{"hooks": {"Stop": [{"hooks": [{"command": "mine"}]}]}}');
  assert.deepEqual(JSON.parse(target.extract(out)!), { Stop: [ours], SessionStart: [ours] });
  assert.equal(isOurHookGroup({ hooks: [{ command: "mine" }] }), false);
});

Deno.test("hooks that is not an object is refused with the key", () => {
  assert.throws(() => target.apply('{"hooks": []}'), /"hooks" must be a JSON object/);
});
