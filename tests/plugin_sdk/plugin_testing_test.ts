/**
 * Tests of the plugin test harness (`plugin_testing.ts`) on the tiny plugin
 * in `fixture/`: commands run as the CLI would run them (flags, global
 * flags, usage errors, error and hint lines, exit codes), in the temporary
 * project, with only the environment the test gives and a temporary home.
 * @module
 */

import assert from "node:assert/strict";
import { runPluginCommand, withTempProject } from "../../plugin_testing.ts";
import { SuperAgentsError } from "../../plugin.ts";

const plugin = new URL("./fixture/mod.ts", import.meta.url);
const initConfig = await Deno.readTextFile(
  new URL("../../templates/project_config.json", import.meta.url),
);

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

Deno.test("a command runs and its output is captured", async () => {
  const result = await withTempProject((root) =>
    runPluginCommand(plugin, ["hello", "Ada"], { cwd: root })
  );
  assert.deepEqual(result, { code: 0, stdout: "Hello, Ada!\n", stderr: "" });
});

Deno.test("flags, global flags and the given environment reach the command", async () => {
  await withTempProject(async (root) => {
    const env = { HELLO_GREETING: "Hi" };
    const shout = await runPluginCommand(plugin, ["hello", "--shout", "Ada"], { cwd: root, env });
    assert.equal(shout.stdout, "HI, ADA!\n");
    const json = await runPluginCommand(plugin, ["--json", "hello"], { cwd: root, env });
    assert.deepEqual(JSON.parse(json.stdout), { greeting: "Hi, world!" });
  });
});

Deno.test("the command runs in the project, with a temporary home removed afterwards", async () => {
  await withTempProject(async (root) => {
    const result = await runPluginCommand(plugin, ["where"], { cwd: root });
    assert.equal(result.code, 0, result.stderr);
    const facts = JSON.parse(result.stdout);
    assert.equal(facts.cwd, root);
    assert.equal(facts.config, initConfig);
    assert.notEqual(facts.home, Deno.env.get("HOME"));
    assert.equal(facts.envHome, facts.home);
    assert.equal(facts.dataHome, `${facts.home}/.super-agents`);
    assert.equal(facts.path, null, "the real environment does not leak in");
    assert.equal(await exists(facts.home), false);
  });
});

Deno.test("a HOME the test gives is used and kept", async () => {
  await withTempProject(async (root) => {
    const home = `${root}/home`;
    await Deno.mkdir(home);
    const result = await runPluginCommand(plugin, ["where"], { cwd: root, env: { HOME: home } });
    assert.equal(JSON.parse(result.stdout).home, home);
    assert.equal(await exists(home), true);
  });
});

Deno.test("failures come back as the CLI reports them", async () => {
  await withTempProject(async (root) => {
    const run = (args: string[]) => runPluginCommand(plugin, args, { cwd: root });
    assert.deepEqual(await run(["fail"]), {
      code: 1,
      stdout: "",
      stderr: "error: it failed\nhint: fix it\n",
    });
    const json = await run(["fail", "--json"]);
    assert.deepEqual(JSON.parse(json.stderr), {
      error: { code: "FIXTURE_FAILED", message: "it failed", hint: "fix it" },
    });
    assert.equal((await run(["fail", "--code", "3"])).code, 3);
    const crash = await run(["fail", "--crash"]);
    assert.equal(crash.code, 1);
    assert.match(crash.stderr, /^error: boom\nhint: rerun with --debug/);
  });
});

Deno.test("usage mistakes exit 2 with the CLI's suggestions", async () => {
  await withTempProject(async (root) => {
    const typo = await runPluginCommand(plugin, ["helo"], { cwd: root });
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /unknown command "helo"/);
    assert.match(typo.stderr, /did you mean `super-agents hello`/);
    const flag = await runPluginCommand(plugin, ["hello", "--shot"], { cwd: root });
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /--shout/);
  });
});

Deno.test("--help prints the command's help", async () => {
  const help = await withTempProject((root) =>
    runPluginCommand(plugin, ["hello", "--help"], { cwd: root })
  );
  assert.equal(help.code, 0);
  assert.match(help.stdout, /print a greeting/);
  assert.match(help.stdout, /--shout/);
});

Deno.test("a command module without `command` is a clear failure", async () => {
  const result = await withTempProject((root) =>
    runPluginCommand(plugin, ["broken"], { cwd: root })
  );
  assert.equal(result.code, 1);
  assert.match(result.stderr, /not_a_plugin\.ts does not export `command` \(plugin fixture\)/);
});

Deno.test("a module that is no plugin, or a path instead of a URL, rejects", async () => {
  const notAPlugin = new URL("./fixture/not_a_plugin.ts", import.meta.url);
  await assert.rejects(
    runPluginCommand(notAPlugin, ["hello"], { cwd: "." }),
    (error) => error instanceof SuperAgentsError && error.code === "PLUGIN_MANIFEST_MISSING",
  );
  await assert.rejects(
    runPluginCommand("tests/plugin_sdk/fixture/mod.ts", ["hello"], { cwd: "." }),
    (error) => error instanceof SuperAgentsError && error.code === "PLUGIN_URL_INVALID",
  );
});

Deno.test("withTempProject makes an initialised project and removes it", async () => {
  let seen = "";
  const value = await withTempProject(async (root) => {
    seen = root;
    assert.equal(await Deno.realPath(root), root);
    assert.equal(await Deno.readTextFile(`${root}/.claude/config.json`), initConfig);
    return 42;
  });
  assert.equal(value, 42);
  assert.equal(await exists(seen), false);
});

Deno.test("withTempProject removes the project when the function throws", async () => {
  let seen = "";
  await assert.rejects(
    withTempProject((root) => {
      seen = root;
      throw new Error("test failure");
    }),
    /test failure/,
  );
  assert.notEqual(seen, "");
  assert.equal(await exists(seen), false);
});
