import assert from "node:assert/strict";
import { join } from "node:path";
import { loadCatalog } from "../../agents/catalog.ts";
import { SuperAgentsError } from "../../core/errors.ts";

const custom = (name: string, extra = "") =>
  `---\nname: ${name}\ndescription: A project-specific agent for tests.\ntools: Read\n${extra}---\n\nProject prompt.\n`;

Deno.test("project agents override shipped ones and add new ones; broken files are reported", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      join(dir, "developer-agent.md"),
      custom("developer-agent", "model: opus\n"),
    );
    await Deno.writeTextFile(join(dir, "release-agent.md"), custom("release-agent"));
    await Deno.writeTextFile(join(dir, "broken.md"), "---\nname: Broken\n---\n");
    await Deno.writeTextFile(join(dir, "notes.txt"), "not an agent");
    const catalog = await loadCatalog({
      projectAgentsDir: dir,
      pluginAgents: [{ plugin: "demo", fileName: "demo-agent.md", markdown: custom("demo-agent") }],
    });
    const developer = catalog.get("developer");
    assert.equal(developer.source.kind, "project");
    assert.equal(developer.model, "opus");
    assert.equal(catalog.get("release-agent").prompt, "Project prompt.");
    assert.equal(catalog.get("demo-agent").source.plugin, "demo");
    assert.equal(catalog.get("reviewer").source.kind, "shipped");
    assert.equal(catalog.errors.length, 1);
    assert.match(catalog.errors[0].message, /broken\.md: field "name"/);
    assert.equal(catalog.all.filter((a) => a.name === "developer-agent").length, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an unknown agent suggests the closest name", async () => {
  const catalog = await loadCatalog();
  assert.throws(
    () => catalog.get("reviewr-agent"),
    (error: unknown) =>
      error instanceof SuperAgentsError && error.code === "AGENT_NOT_FOUND" &&
      /reviewer-agent/.test(error.hint ?? ""),
  );
});
