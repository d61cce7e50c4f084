/**
 * Keeps the plugin guide (`docs/plugins.md`) true. Its fenced `ts` blocks
 * that start with `// file: <name>` are complete modules: they are written
 * into one temporary folder, with the SDK's JSR specifiers pointed at this
 * checkout, and type-checked there as a plugin author's folder (no
 * configuration file); the agent files are parsed as super-agents parses
 * them; the `hello` command is run through the test harness and must print
 * what the guide's `console` block shows; and the guide's own test file
 * passes.
 * @module
 */

import assert from "node:assert/strict";
import { parseAgentDefinition } from "../agents/definition.ts";
import { runPluginCommand, withTempProject } from "../plugin_testing.ts";

const guide = await Deno.readTextFile(new URL("../docs/plugins.md", import.meta.url));
const sdk = new URL("../plugin.ts", import.meta.url).href;
const sdkTesting = new URL("../plugin_testing.ts", import.meta.url).href;

/** The guide's complete modules: file name → source, SDK specifiers rewritten to this checkout. */
function guideFiles(markdown: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const [, body] of markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    const name = /^\/\/ file: (\S+)\n/.exec(body)?.[1];
    if (!name) continue;
    assert.ok(!files.has(name), `docs/plugins.md has two blocks for ${name}`);
    files.set(
      name,
      body
        .replaceAll('"jsr:@super-agents/cli/plugin/testing"', JSON.stringify(sdkTesting))
        .replaceAll('"jsr:@super-agents/cli/plugin"', JSON.stringify(sdk)),
    );
  }
  return files;
}

/** Each `$ super-agents …` line of the guide's `console` blocks, with the lines it prints. */
function consoleRuns(markdown: string): { args: string[]; output: string }[] {
  const runs: { args: string[]; output: string }[] = [];
  for (const [, body] of markdown.matchAll(/^```console\n([\s\S]*?)^```$/gm)) {
    for (const [, line, output] of body.matchAll(/^\$ super-agents (.*)\n((?:(?!\$ ).*\n)*)/gm)) {
      runs.push({ args: line.split(" "), output });
    }
  }
  return runs;
}

async function deno(args: string[], cwd: string): Promise<{ ok: boolean; text: string }> {
  const { success, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const decoder = new TextDecoder();
  return { ok: success, text: decoder.decode(stdout) + decoder.decode(stderr) };
}

const files = guideFiles(guide);

Deno.test("docs/plugins.md stays true", async (t) => {
  const folder = await Deno.makeTempDir({ prefix: "docs-plugins-" });
  try {
    for (const [name, source] of files) await Deno.writeTextFile(`${folder}/${name}`, source);

    await t.step("its complete modules include hello and use only the SDK from JSR", () => {
      for (const name of ["mod.ts", "hello.ts", "hello_test.ts"]) {
        assert.ok(files.has(name), `docs/plugins.md has no "// file: ${name}" block`);
      }
      for (const [name, source] of files) {
        assert.doesNotMatch(source, /"jsr:/, `${name} imports a JSR module other than the SDK`);
      }
    });

    await t.step("its complete modules type-check against this checkout's SDK", async () => {
      const result = await deno(["check", "--no-config", "--quiet", ...files.keys()], folder);
      assert.ok(result.ok, result.text);
    });

    await t.step("its agent files are valid agent definitions", async () => {
      const { agentFiles } = await import(new URL(`file://${folder}/agents.ts`).href) as {
        agentFiles: Record<string, string>;
      };
      assert.ok(Object.keys(agentFiles).length > 0);
      for (const [file, markdown] of Object.entries(agentFiles)) {
        const agent = parseAgentDefinition(markdown, { kind: "plugin", file, plugin: "hello" });
        assert.equal(`${agent.name}.md`, file);
      }
    });

    await t.step("the hello command prints what it shows", async () => {
      const runs = consoleRuns(guide);
      assert.ok(runs.length > 0, "docs/plugins.md shows no `$ super-agents hello` run");
      const plugin = new URL(`file://${folder}/mod.ts`);
      await withTempProject(async (root) => {
        for (const { args, output } of runs) {
          const result = await runPluginCommand(plugin, args, { cwd: root });
          assert.deepEqual(result, { code: 0, stdout: output, stderr: "" }, args.join(" "));
        }
      });
    });

    await t.step("its hello test passes", async () => {
      const result = await deno(["test", "--no-config", "-A", "--quiet", "hello_test.ts"], folder);
      assert.ok(result.ok, result.text);
    });
  } finally {
    await Deno.remove(folder, { recursive: true });
  }
});
