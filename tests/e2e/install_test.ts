/**
 * `deno task install` (scripts/install.ts) into a temp prefix with a temp
 * HOME, then the launcher run through a symlink from another directory.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { baseEnv } from "../support/cli.ts";
import { readInstallRecord } from "../../plugins/project/global/install_record.ts";
import { VERSION } from "../../core/version.ts";

const installScript = new URL("../../scripts/install.ts", import.meta.url).pathname;

async function sh(command: string, args: string[], cwd: string, env: Record<string, string>) {
  const output = await new Deno.Command(command, {
    args,
    cwd,
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

Deno.test("the installed launcher works through a symlink, from any directory, with a temp HOME", async () => {
  const base = await Deno.makeTempDir({ prefix: "super-agents-install-" });
  try {
    const home = join(base, "home");
    const prefix = join(base, "bin");
    const elsewhere = join(base, "elsewhere");
    const project = join(base, "project");
    for (const dir of [home, elsewhere, join(project, "sub")]) {
      await Deno.mkdir(dir, { recursive: true });
    }
    const env = baseEnv(home);
    const installed = await sh(
      Deno.execPath(),
      ["run", "-A", "--quiet", installScript, "--prefix", prefix],
      base,
      env,
    );
    assert.equal(installed.code, 0, installed.stderr);
    assert.match(installed.stdout, /is not on your PATH/);
    const record = await readInstallRecord(join(home, ".super-agents-config"));
    assert.equal(record?.version, VERSION);
    assert.equal(record?.installPath, join(prefix, "super-agents"));

    await Deno.symlink(join(prefix, "super-agents"), join(elsewhere, "sa"));
    const version = await sh(join(elsewhere, "sa"), ["--version"], elsewhere, env);
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout.trim(), VERSION);
    const init = await sh(join(elsewhere, "sa"), ["init"], project, env);
    assert.equal(init.code, 0, init.stderr);
    const get = await sh(
      join(elsewhere, "sa"),
      ["config", "get", "km.portMax"],
      join(project, "sub"),
      env,
    );
    assert.equal(get.stdout.trim(), "5100", get.stderr);
    const onPath = await sh("super-agents", ["--version"], elsewhere, {
      ...env,
      PATH: `${prefix}:${env.PATH}`,
    });
    assert.equal(onPath.stdout.trim(), VERSION, onPath.stderr);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("install refuses to replace a file that is not a launcher of ours", async () => {
  const base = await Deno.makeTempDir({ prefix: "super-agents-install-" });
  try {
    const prefix = join(base, "bin");
    await Deno.mkdir(prefix);
    await Deno.writeTextFile(join(prefix, "super-agents"), "#!/bin/sh\necho someone else\n");
    const result = await sh(
      Deno.execPath(),
      ["run", "-A", "--quiet", installScript, "--prefix", prefix],
      base,
      baseEnv(base),
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /is not a super-agents launcher\nhint: .*--force/);
    assert.equal(
      await Deno.readTextFile(join(prefix, "super-agents")),
      "#!/bin/sh\necho someone else\n",
    );
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});
