/** `super-agents agents list|show|validate|versions` through the real CLI. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";

Deno.test("agents list, show, validate and versions", async () => {
  const sandbox = await createSandbox();
  try {
    const agentsDir = join(sandbox.project, ".claude", "agents");
    await Deno.mkdir(agentsDir, { recursive: true });
    await Deno.writeTextFile(
      join(agentsDir, "reviewer-agent.md"),
      "---\nname: reviewer-agent\ndescription: The project's own stricter reviewer.\ntools: Read, Grep\nmodel: opus\nversion: reviewer-agent_20250117\n---\n\nReview strictly.\n",
    );
    const list = JSON.parse((await sandbox.run(["agents", "list", "--json"])).stdout);
    const names = list.agents.map((a: { name: string }) => a.name);
    assert.ok(names.includes("developer-agent") && names.includes("test-executor-check"));
    assert.equal(
      list.agents.find((a: { name: string }) => a.name === "reviewer-agent").source,
      "project",
    );
    const show = await sandbox.run(["agents", "show", "architect"]);
    assert.equal(show.code, 0);
    assert.match(show.stdout, /architect-agent {2}\(architect-agent_\d{8}, shipped/);
    assert.match(show.stdout, /permissions: read=\.\s+write=docs\/adr/);
    const versions = await sandbox.run(["agents", "versions"]);
    assert.match(
      versions.stdout,
      /reviewer-agent\s+reviewer-agent_20250117\s+project\s+newer shipped: reviewer-agent_\d{8}/,
    );
    assert.equal((await sandbox.run(["agents", "validate"])).code, 0);
    await Deno.writeTextFile(
      join(agentsDir, "bad.md"),
      "---\nname: bad\ndescription: A broken agent file.\ntools: Read, Teleport\n---\n\nx\n",
    );
    const invalid = await sandbox.run(["agents", "validate"]);
    assert.equal(invalid.code, 1);
    assert.match(invalid.stdout, /bad\.md: field "tools": unknown tool "Teleport"/);
    assert.match(invalid.stdout, /fix: list Claude Code tool names/);
    const one = await sandbox.run(["agents", "validate", join(agentsDir, "reviewer-agent.md")]);
    assert.equal(one.code, 0);
    assert.match(one.stdout, /1 valid, 0 invalid/);
    const missing = await sandbox.run(["agents", "show", "revewer-agent"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /did you mean reviewer-agent/);
  } finally {
    await sandbox.cleanup();
  }
});
