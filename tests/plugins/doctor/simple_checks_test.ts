/**
 * The small doctor checks: Deno version comparison, hook recognition, the
 * install record (missing launcher, launcher off PATH, healthy), and the API
 * key check that never prints the key.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { check as apiKeyCheck } from "../../../plugins/doctor/api_key_check.ts";
import { denoVersionAtLeast } from "../../../plugins/doctor/deno_version_check.ts";
import { isOurHook } from "../../../plugins/doctor/git_hooks_check.ts";
import { check as installCheck } from "../../../plugins/doctor/install_check.ts";
import { defaultConfig } from "../../../core/config/schema.ts";
import { createContext } from "../../../core/context.ts";
import { writeInstallRecord } from "../../../plugins/project/global/install_record.ts";

const silent = { write() {}, isTerminal: false };

function envFor(home: string, vars: Record<string, string>) {
  return {
    ctx: createContext({
      cwd: home,
      home,
      dataHome: join(home, ".super-agents"),
      env: (name) => vars[name],
      stdout: silent,
      stderr: silent,
    }),
    config: defaultConfig(),
    km: () => Promise.resolve(undefined),
  };
}

Deno.test("deno version and hook recognition", () => {
  assert.equal(denoVersionAtLeast("2.9.6"), true);
  assert.equal(denoVersionAtLeast("3.0.0"), true);
  assert.equal(denoVersionAtLeast("2.8.9"), false);
  assert.equal(denoVersionAtLeast("1.46.0"), false);
  assert.equal(isOurHook("#!/bin/sh\n# super-agents-hook: v1\n"), true);
  assert.equal(isOurHook('#!/bin/sh\nexec super-agents hook pre-commit "$@"\n'), true);
  assert.equal(isOurHook("#!/bin/sh\nnpx lint-staged\n"), false);
});

Deno.test("install check: missing record, missing launcher, off PATH, healthy", async () => {
  const home = await Deno.makeTempDir({ prefix: "sa-install-" });
  try {
    const bin = join(home, "bin");
    const launcher = join(bin, "super-agents");
    const severities = async (vars: Record<string, string>) =>
      (await installCheck.run(envFor(home, vars))).map((f) => [f.severity, f.fix ?? ""]);
    assert.equal((await severities({}))[0][0], "warning");
    await writeInstallRecord(join(home, ".super-agents-config"), {
      version: "0.1.0",
      installPath: launcher,
      source: "file:///x/main.ts",
      templateSource: "file:///x/templates/",
      deno: "deno",
      installedAt: new Date(0).toISOString(),
    });
    const missing = await severities({ PATH: bin });
    assert.deepEqual(missing[0][0], "error");
    assert.match(missing[0][1], /deno task install/);
    await Deno.mkdir(bin);
    await Deno.writeTextFile(launcher, "#!/bin/sh\n", { mode: 0o755 });
    const offPath = await severities({ PATH: "/usr/bin" });
    assert.equal(offPath[0][0], "warning");
    assert.match(offPath[0][1], new RegExp(`export PATH="${bin}:\\$PATH"`));
    assert.equal((await severities({ PATH: `/usr/bin:${bin}` }))[0][0], "ok");
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("api-key check: says where the key is, never what it is", async () => {
  const home = await Deno.makeTempDir({ prefix: "sa-apikey-" });
  try {
    const key = "sk-ant-doctor-check-0123456789";
    const [fromEnv] = await apiKeyCheck.run(envFor(home, { ANTHROPIC_API_KEY: key }));
    assert.equal(fromEnv.severity, "ok");
    assert.ok(!JSON.stringify(fromEnv).includes(key) && !JSON.stringify(fromEnv).includes("sk-a"));
    const [none] = await apiKeyCheck.run(envFor(home, {}));
    assert.equal(none.severity, "warning");
    assert.match(none.fix!, /secrets set ANTHROPIC_API_KEY/);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
