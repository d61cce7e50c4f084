/**
 * The files `plugins new <name>` writes: a manifest (`mod.ts`) that
 * contributes one command, the command module printing a greeting, a test
 * on the SDK's harness, and a README. The plugin imports the SDK for types
 * only (`import type`), so it has no code dependency at all: it loads under
 * no permissions, and works when served from a URL too (a remote module may
 * not import a local file, but type imports are erased before it runs).
 * @module
 */

/** The SDK's URLs in this installation of super-agents. */
export interface SdkUrls {
  plugin: string;
  testing: string;
}

/** The SDK of this checkout (or of the URL super-agents runs from). */
export function sdkUrls(): SdkUrls {
  return {
    plugin: new URL("../../plugin.ts", import.meta.url).href,
    testing: new URL("../../plugin_testing.ts", import.meta.url).href,
  };
}

function moduleName(name: string): string {
  return name.replaceAll("-", "_");
}

function manifestFile(name: string, sdk: SdkUrls): string {
  return `/**
 * The ${name} plugin for super-agents. This manifest is data: super-agents
 * reads it in a sandboxed worker when you run \`super-agents plugins add\`,
 * shows you the permissions below, and runs the command module only when
 * you run \`super-agents ${name}\` — inside exactly those permissions.
 * @module
 */

import type { PluginManifest } from "${sdk.plugin}";

const manifest: PluginManifest = {
  name: "${name}",
  version: "0.1.0",
  kind: "integration",
  summary: "prints a greeting",
  // What the code may do. A greeting needs nothing; ask only for what you use:
  // read/write: paths ("." is the project), net: hosts, run: programs, env: variable names.
  permissions: {},
  commands: [{
    name: "${name}",
    summary: "print a greeting",
    module: new URL("./${moduleName(name)}_command.ts", import.meta.url),
  }],
};

export default manifest;
`;
}

function commandFile(name: string, sdk: SdkUrls): string {
  return `/**
 * \`super-agents ${name} [who] [--loud]\`: prints a greeting (as JSON with --json).
 * @module
 */

import type { CommandSpec } from "${sdk.plugin}";

/** The command. */
export const command: CommandSpec = {
  name: "${name}",
  summary: "print a greeting",
  positionals: [{ name: "who", description: "who to greet (default: world)" }],
  flags: { loud: { type: "boolean", description: "shout the greeting" } },
  examples: ["super-agents ${name} Ada --loud"],
  run(ctx, args) {
    const greeting = \`Hello, \${args.positionals[0] ?? "world"}!\`;
    const text = args.values.loud === true ? greeting.toUpperCase() : greeting;
    ctx.stdout.write(ctx.json ? JSON.stringify({ greeting: text }) + "\\n" : \`\${text}\\n\`);
    return 0;
  },
};
`;
}

function testFile(name: string, sdk: SdkUrls): string {
  return `/**
 * The ${name} command, run the way \`super-agents ${name}\` runs it.
 */
import assert from "node:assert/strict";
import { runPluginCommand, withTempProject } from "${sdk.testing}";

const plugin = new URL("./mod.ts", import.meta.url);

Deno.test("${name} greets the one named, loudly when asked", async () => {
  await withTempProject(async (root) => {
    const plain = await runPluginCommand(plugin, ["${name}", "Ada"], { cwd: root });
    assert.deepEqual(plain, { code: 0, stdout: "Hello, Ada!\\n", stderr: "" });
    const loud = await runPluginCommand(plugin, ["${name}", "--loud", "--json"], { cwd: root });
    assert.deepEqual(JSON.parse(loud.stdout), { greeting: "HELLO, WORLD!" });
  });
});

Deno.test("${name} refuses an unknown flag with a usage error", async () => {
  await withTempProject(async (root) => {
    const result = await runPluginCommand(plugin, ["${name}", "--shout"], { cwd: root });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown option --shout/);
  });
});
`;
}

function readme(name: string): string {
  return `# ${name}

A super-agents plugin that contributes one command, \`super-agents ${name}\`, which
prints a greeting.

- \`mod.ts\` — the manifest: name, version, the permissions the code needs, and the
  commands with the module of each.
- \`${moduleName(name)}_command.ts\` — the command.
- \`${moduleName(name)}_test.ts\` — its test, on the SDK's harness.

## Try it

    deno test -A .                          # run the test
    super-agents plugins add . --yes        # add it to the current project (or --global)
    super-agents ${name} Ada --loud

\`plugins add\` reads the manifest in a worker with no permissions, shows what the
plugin asks for, and records what you accept. The command then runs in a worker
with exactly those permissions: if a newer version of the code asks for more, it
is not loaded until you run \`plugins add\` again.

## Permissions

Declare what the code needs in \`permissions\` (\`read\`, \`write\`, \`net\`, \`run\`,
\`env\`; each \`true\` or a list). Anything else the code tries fails with an error
naming the plugin and the boundary.

## Publishing

Serve the folder over https and add it by URL (\`plugins add https://.../mod.ts\`).
The files import the SDK for types only, so they run without it — keep it that way
for a plugin served from a URL (a remote module cannot import a local file).
`;
}

/**
 * The scaffold's files, by relative path.
 *
 * @example
 * ```ts
 * Object.keys(scaffoldFiles("hello", sdkUrls()));
 * // ["mod.ts", "hello_command.ts", "hello_test.ts", "README.md"]
 * ```
 */
export function scaffoldFiles(name: string, sdk: SdkUrls): Record<string, string> {
  return {
    "mod.ts": manifestFile(name, sdk),
    [`${moduleName(name)}_command.ts`]: commandFile(name, sdk),
    [`${moduleName(name)}_test.ts`]: testFile(name, sdk),
    "README.md": readme(name),
  };
}
