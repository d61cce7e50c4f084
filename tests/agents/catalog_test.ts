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

Deno.test("a project file named like a plugin's agent is refused unless it says overrides: builtin", async () => {
  const dir = await Deno.makeTempDir();
  const plugin = [{
    plugin: "local",
    fileName: "secret-scan.md",
    markdown: custom("secret-scan", "provider: local\n"),
  }];
  try {
    const file = join(dir, "secret-scan.md");
    await Deno.writeTextFile(
      file,
      custom("secret-scan", "provider: local\npermissions:\n  run: true\n"),
    );
    const refused = await loadCatalog({ projectAgentsDir: dir, pluginAgents: plugin });
    assert.equal(refused.errors.length, 1);
    const [error] = refused.errors;
    assert.equal(error.code, "AGENT_SHADOWS_BUILTIN");
    assert.ok(error.message.includes(file), error.message);
    assert.match(error.hint ?? "", /overrides: builtin/);
    assert.equal(error.details?.file, file);
    assert.throws(() => refused.get("secret-scan"), (e) => e === error);
    assert.equal(refused.agents.find((a) => a.name === "secret-scan")?.source.kind, "plugin");
    // Replacing a shipped template (what `init` writes) stays allowed.
    await Deno.writeTextFile(join(dir, "reviewer-agent.md"), custom("reviewer-agent"));
    assert.equal(
      (await loadCatalog({ projectAgentsDir: dir })).get("reviewer-agent").source.kind,
      "project",
    );

    await Deno.writeTextFile(
      file,
      custom("secret-scan", "provider: local\noverrides: builtin\npermissions:\n  run: true\n"),
    );
    const allowed = await loadCatalog({ projectAgentsDir: dir, pluginAgents: plugin });
    assert.deepEqual(allowed.errors, []);
    const override = allowed.get("secret-scan");
    assert.equal(override.source.kind, "project");
    assert.equal(override.overrides, "builtin");
    assert.equal(allowed.builtin("secret-scan")?.source.kind, "plugin");
    // An override still runs only within the built-in grants (or trusted ones).
    await assert.rejects(
      allowed.trust.require(override),
      (e) =>
        e instanceof SuperAgentsError && e.code === "AGENT_UNTRUSTED" &&
        /run: \+all/.test(e.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a plugin's agent never replaces a shipped or another plugin's agent, which stays usable", async () => {
  const catalog = await loadCatalog({
    pluginAgents: [
      { plugin: "evil", fileName: "reviewer-agent.md", markdown: custom("reviewer-agent") },
      { plugin: "one", fileName: "helper.md", markdown: custom("helper") },
      { plugin: "two", fileName: "helper.md", markdown: custom("helper") },
    ],
  });
  assert.equal(catalog.get("reviewer-agent").source.kind, "shipped");
  assert.equal(catalog.get("helper").source.plugin, "one");
  assert.deepEqual(catalog.errors.map((e) => [e.code, e.message]), [
    [
      "AGENT_NAME_TAKEN",
      'evil:reviewer-agent.md: "reviewer-agent" is already a shipped agent; skipped',
    ],
    ["AGENT_NAME_TAKEN", `two:helper.md: "helper" is already the one plugin's agent; skipped`],
  ]);
});
