/**
 * Every command and subcommand in the command table (the built-in manifests') has a summary
 * and at least one example for its `--help`, and an example uses the
 * command it documents (not one copied from another command). `--help`
 * prints them through the real CLI.
 */
import assert from "node:assert/strict";
import type { CommandSpec } from "../../core/cli/command.ts";
import { builtinPlugins } from "../../plugins/builtin.ts";
import { PluginHost } from "../../core/plugin_host/host.ts";
import { createSandbox } from "../support/cli.ts";

const entries = new PluginHost([...builtinPlugins]).commands();

function* walk(spec: CommandSpec, path: string[]): Generator<[string[], CommandSpec]> {
  yield [path, spec];
  for (const [name, sub] of Object.entries(spec.subcommands ?? {})) {
    yield* walk(sub, [...path, name]);
  }
}

Deno.test("every (sub)command has a summary and at least one example of its command", async () => {
  const problems: string[] = [];
  for (const entry of entries) {
    const { command } = await entry.load();
    assert.equal(command.name, entry.name, `the table entry ${entry.name} loads its own command`);
    for (const [path, spec] of walk(command, [entry.name])) {
      const name = path.join(" ");
      if (!spec.summary?.trim()) problems.push(`${name}: no summary`);
      if (!spec.examples?.length) problems.push(`${name}: no examples`);
      else if (!spec.examples.some((example) => example.includes(`super-agents ${entry.name}`))) {
        problems.push(`${name}: no example runs \`super-agents ${entry.name}\``);
      }
    }
  }
  assert.deepEqual(problems, []);
});

Deno.test("--help shows the examples", async () => {
  const sandbox = await createSandbox();
  try {
    const result = await sandbox.run(["config", "edit", "--help"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Examples:\n {2}super-agents config edit\n/);
  } finally {
    await sandbox.cleanup();
  }
});
