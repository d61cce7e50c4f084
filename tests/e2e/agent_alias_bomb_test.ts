/**
 * An agent file whose frontmatter is a YAML alias bomb (aliases of aliases,
 * exponential when expanded) is reported as that file's problem; every other
 * agent, and every agent command, keeps working.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";

const BOMB = [
  "---",
  "name: bomb-agent",
  "description: expands forever",
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
  "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
  "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
  "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
  "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
  "---",
  "Never runs.",
  "",
].join("\n");

Deno.test("an alias-bomb agent file is named as invalid; the other agents still list", async () => {
  const sandbox = await createSandbox();
  try {
    const agents = join(sandbox.project, ".claude", "agents");
    await Deno.mkdir(agents, { recursive: true });
    await Deno.writeTextFile(join(agents, "bomb-agent.md"), BOMB);
    const list = await sandbox.run(["agents", "list", "--json"]);
    assert.equal(list.code, 0, list.stderr);
    const listed = JSON.parse(list.stdout);
    assert.equal(listed.invalid, 1);
    assert.ok(listed.agents.some((a: { name: string }) => a.name === "reviewer-agent"));
    const validate = await sandbox.run(["agents", "validate"]);
    assert.notEqual(validate.code, 0);
    assert.match(validate.stdout + validate.stderr, /bomb-agent\.md: .*alias/i);
    assert.doesNotMatch(validate.stderr, /report it/);
  } finally {
    await sandbox.cleanup();
  }
});
