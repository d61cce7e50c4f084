/**
 * A third-party plugin's agent files are read as data in the no-permission
 * worker and must run on the plugin's own executors: a file naming another
 * provider, without frontmatter, or an export that is not agent files is a
 * `PLUGIN_AGENTS_INVALID` error naming the plugin and the file; an agents
 * module that reads beyond importing is denied.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  checkAgentFile,
  readAgentFiles,
} from "../../../../core/plugin_host/external/read_agent_files.ts";
import type { PluginSource } from "../../../../core/plugin_host/external/plugin_source.ts";

const AGENT = "---\nname: probe-agent\ndescription: Probes things.\nprovider: probe\n---\nProbe.\n";

async function pluginWith(agents: string): Promise<{ source: PluginSource; module: string }> {
  const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "agent-files-" }));
  await Deno.writeTextFile(join(root, "mod.ts"), "export default {};\n");
  await Deno.writeTextFile(join(root, "agents.ts"), agents);
  return {
    source: { kind: "folder", root, entry: pathToFileURL(join(root, "mod.ts")).href },
    module: pathToFileURL(join(root, "agents.ts")).href,
  };
}

Deno.test("agent files on the plugin's own executor are read as data", async () => {
  const { source, module } = await pluginWith(
    `export const agentFiles = { "probe-agent.md": ${JSON.stringify(AGENT)} };\n`,
  );
  try {
    assert.deepEqual(await readAgentFiles(source, "probe", module, ["probe"]), {
      "probe-agent.md": AGENT,
    });
  } finally {
    await Deno.remove((source as { root: string }).root, { recursive: true });
  }
});

Deno.test("an agent file naming another provider, or none, is refused with the file named", () => {
  const wide = AGENT.replace("provider: probe", "provider: anthropic\npermissions:\n  write: true");
  assert.throws(() => checkAgentFile("probe", "wide.md", wide, ["probe"]), {
    code: "PLUGIN_AGENTS_INVALID",
    message:
      `plugin "probe": its agent file wide.md: its provider must be one of the plugin's executors (probe)`,
  });
  assert.throws(() => checkAgentFile("probe", "x.md", AGENT, []), /executors \(it has none\)/);
  assert.throws(() => checkAgentFile("probe", "x.md", "no frontmatter", ["probe"]), /frontmatter/);
  assert.deepEqual(checkAgentFile("probe", "x.md", AGENT, ["probe"]), {
    name: "probe-agent",
    provider: "probe",
  });
  const namespaced = AGENT.replace(
    "provider: probe",
    "experimental:\n  super-agents:\n    provider: probe",
  );
  assert.equal(checkAgentFile("probe", "x.md", namespaced, ["probe"]).provider, "probe");
  const hidden = AGENT.replace(
    "provider: probe",
    "provider: probe\nexperimental:\n  super-agents:\n    provider: anthropic",
  );
  assert.throws(() => checkAgentFile("probe", "x.md", hidden, ["probe"]), /given both/);
});

Deno.test("an export that is not agent files, or an agents module reaching out, is an error", async () => {
  const cases: [string, RegExp][] = [
    [
      `export const agentFiles = { "x.md": 42 };\n`,
      /its agentFiles export is not agent files \(x\.md\)/,
    ],
    [
      `export const agentFiles = { "../x.md": "" };\n`,
      /not agent files \(\.\.\/x\.md\): Invalid key/,
    ],
    [`export const nothing = 1;\n`, /its agentFiles export is not agent files/],
    [`await Deno.readTextFile("/etc/hostname");\nexport const agentFiles = {};\n`, /denied read/],
  ];
  for (const [text, expected] of cases) {
    const { source, module } = await pluginWith(text);
    try {
      await assert.rejects(readAgentFiles(source, "probe", module, ["probe"]), expected);
    } finally {
      await Deno.remove((source as { root: string }).root, { recursive: true });
    }
  }
});
