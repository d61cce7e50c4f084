/**
 * `super-agents config` as a subprocess: all five layers in order, broken
 * files named with file and key, and `set` refusing bad values.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";

Deno.test("precedence across defaults, global, project, environment and flags", async () => {
  const sandbox = await createSandbox();
  try {
    assert.equal((await sandbox.run(["init"])).code, 0);
    const get = async (extra: string[] = [], env: Record<string, string> = {}) => {
      const result = await sandbox.run(["config", "get", "km.portMin", "--json", ...extra], {
        env,
      });
      assert.equal(result.code, 0, result.stderr);
      const { value, source } = JSON.parse(result.stdout);
      return `${value}/${source}`;
    };
    assert.equal(await get(), "5001/default");
    const global = await sandbox.run(["config", "set", "km.portMin", "5010", "--global"]);
    assert.equal(global.code, 0, global.stderr);
    assert.equal(await get(), "5010/global");
    assert.equal((await sandbox.run(["config", "set", "km.portMin", "5020"])).code, 0);
    assert.equal(await get(), "5020/project");
    assert.equal(await get([], { SUPER_AGENTS_PORT_MIN: "5030" }), "5030/env");
    assert.equal(
      await get(["--override", "km.portMin=5040"], { SUPER_AGENTS_PORT_MIN: "5030" }),
      "5040/flag",
    );
    const list = await sandbox.run(["config", "list"], {
      env: { SUPER_AGENTS_KM_PORT_MAX: "5099" },
    });
    assert.match(list.stdout, /km\.portMin\s+5020\s+\(project\)/);
    assert.match(list.stdout, /km\.portMax\s+5099\s+\(env\)/);
    assert.match(list.stdout, /log\.level\s+info\s+\(default\)/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("a broken config file gives an error naming the file and the key", async () => {
  const sandbox = await createSandbox();
  try {
    assert.equal((await sandbox.run(["init"])).code, 0);
    const file = join(sandbox.project, ".claude/config.json");
    await Deno.writeTextFile(file, '{ "km": { "portMin": "high" }, "log": { "levle": "debug" } }');
    const get = await sandbox.run(["config", "get", "km.portMin"]);
    assert.equal(get.code, 1);
    assert.ok(get.stderr.includes(`${file}: key "`), get.stderr);
    const validate = await sandbox.run(["config", "validate"]);
    assert.equal(validate.code, 1);
    assert.ok(validate.stdout.includes(`${file}: key "km.portMin"`));
    assert.ok(
      validate.stdout.includes(`${file}: key "log.levle": unknown key (did you mean "log.level"?)`),
    );
    const json = await sandbox.run(["config", "validate", "--json"]);
    assert.equal(JSON.parse(json.stdout).problems.length, 2);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("config set refuses bad values and unknown keys and leaves the file unchanged", async () => {
  const sandbox = await createSandbox();
  try {
    assert.equal((await sandbox.run(["init"])).code, 0);
    const file = join(sandbox.project, ".claude/config.json");
    const before = await Deno.readTextFile(file);
    for (
      const args of [["km.portMin", "abc"], ["km.portMin", "80"], ["log.level", "loud"], [
        "km.prtMin",
        "6000",
      ]]
    ) {
      const result = await sandbox.run(["config", "set", ...args]);
      assert.equal(result.code, 1, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, /^error: .*\nhint: /);
    }
    assert.match(
      (await sandbox.run(["config", "set", "km.prtMin", "1"])).stderr,
      /did you mean "km.portMin"/,
    );
    assert.equal(await Deno.readTextFile(file), before);
    assert.equal((await sandbox.run(["config", "validate"])).code, 0);
  } finally {
    await sandbox.cleanup();
  }
});
