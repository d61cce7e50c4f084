/**
 * `jsr:` plugins end to end against a JSR registry on loopback (`JSR_URL`):
 * the real CLI in a temp HOME and project resolves the package (the latest
 * version when none is named), copies the version's modules at `plugins
 * add`, checks every file against the registry's published checksum, and
 * runs the plugin's command and its executor (now and queued) from the copy
 * inside the accepted grants, never asking the registry again and never
 * writing the checkout's lockfile. A registry that serves a file other than
 * the one it published fails `add` and leaves nothing behind; specifiers the
 * registry cannot answer get a clear error.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { copiesIn, pluginProject } from "./plugin_fixture.ts";
import { type FakePackage, startFakeJsr } from "../support/fake_jsr.ts";
import { createTask } from "./queue_fixture.ts";

const LOCKFILE = new URL("../../deno.lock", import.meta.url);

/** The package `@<scope>/probe` at `version`: a command, an agent and its executor `jprobe`. */
function probePackage(scope: string, version: string): FakePackage {
  const agentFile =
    "---\\nname: jprobe-agent\\ndescription: Probes the boundary of a plugin from JSR." +
    "\\nprovider: jprobe\\n---\\n\\nProbe.\\n";
  return {
    scope,
    name: "probe",
    version,
    files: {
      "/mod.ts": `export default {
  name: "jprobe", version: "${version}", kind: "agent", summary: "probes its boundary from JSR",
  permissions: { read: ["src"] },
  commands: [{ name: "jprobe", summary: "say which version runs", module: new URL("./cmd.ts", import.meta.url).href }],
  agents: [{ module: new URL("./agents.ts", import.meta.url).href }],
  executors: [{ name: "jprobe", module: new URL("./exec.ts", import.meta.url).href }],
};
`,
      "/cmd.ts": `import { hi } from "./lib/hi.ts";
export const command = {
  name: "jprobe",
  summary: "say which version runs",
  run(ctx: { stdout: { write(text: string): void } }) {
    ctx.stdout.write(hi + "\\n");
    return 0;
  },
};
`,
      "/lib/hi.ts": `export const hi = "hi from jsr ${version}";\n`,
      "/agents.ts": `export const agentFiles = { "jprobe-agent.md": "${agentFile}" };\n`,
      "/exec.ts": `import { hi } from "./lib/hi.ts";
export async function execute(ctx: { job: { input: unknown } }) {
  const input = ctx.job.input as { task?: string } | string;
  const task = typeof input === "string" ? input : String(input?.task);
  if (task.startsWith("read ")) return { output: await Deno.readTextFile(task.slice(5)) };
  return { output: hi + " / " + task };
}
`,
    },
  };
}

function scope(): string {
  return `satest-${crypto.randomUUID().slice(0, 8)}`;
}

Deno.test("a jsr: plugin is resolved on its registry and copied at add; its command and executor run from the copy inside its grants, and neither the registry nor the lockfile is touched again", async () => {
  const sandbox = await pluginProject();
  const s = scope();
  const jsr = await startFakeJsr([probePackage(s, "1.0.0"), probePackage(s, "1.1.0")]);
  const lockBefore = await Deno.readFile(LOCKFILE);
  try {
    const env = { JSR_URL: jsr.url };
    const added = await sandbox.run(["plugins", "add", `jsr:@${s}/probe`, "--yes"], { env });
    assert.equal(added.code, 0, added.stderr + added.stdout);
    assert.match(
      added.stdout,
      new RegExp(`from jsr:@${s}/probe@1\\.1\\.0 \\(http://127\\.0\\.0\\.1`),
    );
    assert.match(added.stdout, /agents: jprobe-agent \(on its executor jprobe\)/);
    const asked = jsr.paths.length;
    assert.ok(jsr.paths.includes(`/@${s}/probe/1.1.0/lib/hi.ts`), jsr.paths.join(" "));

    const listed = JSON.parse((await sandbox.run(["plugins", "list", "--json"])).stdout).plugins;
    assert.equal(
      listed.find((p: { name: string }) => p.name === "jprobe")?.source,
      `jsr:@${s}/probe@1.1.0`,
    );

    // No JSR_URL from here on: the plugin runs from its copy.
    const command = await sandbox.run(["jprobe"]);
    assert.equal(command.code, 0, command.stderr);
    assert.equal(command.stdout, "hi from jsr 1.1.0\n");
    const run = async (task: string) =>
      JSON.parse((await sandbox.run(["run", "jprobe-agent", task, "--json"])).stdout);
    const ping = await run("ping");
    assert.deepEqual([ping.status, ping.output], ["completed", "hi from jsr 1.1.0 / ping"]);
    const granted = await run(`read ${join(sandbox.project, "src", "ok.txt")}`);
    assert.deepEqual([granted.status, granted.output], ["completed", "granted\n"]);
    await Deno.writeTextFile(join(sandbox.home, "secret.txt"), "home-secret\n");
    const denied = await run(`read ${join(sandbox.home, "secret.txt")}`);
    assert.equal(denied.status, "failed");
    assert.equal(denied.error.code, "SANDBOX_DENIED", JSON.stringify(denied));
    assert.match(denied.error.hint, new RegExp(`plugins add jsr:@${s}/probe@1\\.1\\.0`));
    assert.doesNotMatch(JSON.stringify(denied), /home-secret/);

    const queued = await createTask(sandbox, "jprobe-agent", "queued");
    const worker = await sandbox.run(["worker", "--once", "--json"]);
    assert.equal(worker.code, 0, worker.stdout + worker.stderr);
    const job = JSON.parse((await sandbox.run(["task", "show", queued, "--json"])).stdout).job;
    assert.equal(job.state, "succeeded", JSON.stringify(job));
    assert.deepEqual(job.result, { output: "hi from jsr 1.1.0 / queued" });

    assert.equal(
      jsr.paths.length,
      asked,
      `the registry was asked again: ${jsr.paths.slice(asked)}`,
    );
    assert.deepEqual(await Deno.readFile(LOCKFILE), lockBefore, "the checkout's lockfile changed");

    // A version can be named; adding it replaces the other.
    const pinned = await sandbox.run(["plugins", "add", `jsr:@${s}/probe@1.0.0`, "--yes"], { env });
    assert.equal(pinned.code, 0, pinned.stderr);
    assert.equal((await sandbox.run(["jprobe"])).stdout, "hi from jsr 1.0.0\n");
  } finally {
    await jsr.close();
    await sandbox.cleanup();
  }
});

Deno.test("a registry serving a file other than the one whose checksum it published fails plugins add, records nothing and leaves no copy", async () => {
  const sandbox = await pluginProject();
  const s = scope();
  const jsr = await startFakeJsr([probePackage(s, "1.0.0")]);
  try {
    jsr.tamper("/lib/hi.ts", `export const hi = "planted";\n`);
    const added = await sandbox.run(["plugins", "add", `jsr:@${s}/probe`, "--yes", "--json"], {
      env: { JSR_URL: jsr.url },
    });
    assert.notEqual(added.code, 0);
    const error = JSON.parse(added.stderr).error;
    // Deno checks the registry's checksums as it loads the modules; the copy is checked again.
    assert.ok(["PLUGIN_BROKEN", "PLUGIN_CHANGED"].includes(error.code), added.stderr);
    assert.match(error.message, /\/lib\/hi\.ts/);
    assert.match(error.message, /Integrity check failed|is not the file the registry published/);
    assert.equal((await sandbox.run(["jprobe"])).code, 2, "the command was not added");
    const plugins = await Deno.readTextFile(join(sandbox.project, ".claude", "plugins.json"))
      .catch(() => "");
    assert.doesNotMatch(plugins, /jprobe/);
    const copies = (await copiesIn(sandbox)).filter((name) => !name.startsWith("."));
    assert.deepEqual(copies, [], "a copy was left behind");
  } finally {
    await jsr.close();
    await sandbox.cleanup();
  }
});

Deno.test("a registry naming a path or another package as the latest version, or a folder as the entry, fails plugins add before anything is fetched from there or copied", async () => {
  const sandbox = await pluginProject();
  const s = scope();
  const other = { ...probePackage(s, "9.9.9"), name: "other" };
  const folderEntry = { ...probePackage(s, "1.0.0"), name: "folder", exports: { ".": "./" } };
  const jsr = await startFakeJsr([probePackage(s, "1.0.0"), other, folderEntry], {
    latest: "../other/9.9.9",
  });
  try {
    const env = { JSR_URL: jsr.url };
    const steered = await sandbox.run(["plugins", "add", `jsr:@${s}/probe`, "--yes", "--json"], {
      env,
    });
    assert.equal(steered.code, 2, steered.stderr);
    assert.match(
      JSON.parse(steered.stderr).error.message,
      /the registry names "\.\.\/other\/9\.9\.9" as its latest version/,
    );
    assert.ok(!jsr.paths.some((path) => path.includes("/other/")), jsr.paths.join(" "));
    const folder = await sandbox.run(
      ["plugins", "add", `jsr:@${s}/folder@1.0.0`, "--yes", "--json"],
      { env },
    );
    assert.equal(folder.code, 2, folder.stderr);
    assert.match(
      JSON.parse(folder.stderr).error.message,
      /its export \. \(\.\/\) is not a module file/,
    );
    assert.deepEqual(await copiesIn(sandbox), []);
  } finally {
    await jsr.close();
    await sandbox.cleanup();
  }
});

Deno.test("jsr: specifiers the registry cannot answer fail plugins add with the reason and a fix", async () => {
  const sandbox = await pluginProject();
  const s = scope();
  const jsr = await startFakeJsr([probePackage(s, "1.0.0")]);
  try {
    const cases: [string, Record<string, string>, RegExp][] = [
      [`jsr:@${s}/probe@^1.0.0`, { JSR_URL: jsr.url }, /\^1\.0\.0 is not an exact version/],
      [`jsr:@${s}/missing`, { JSR_URL: jsr.url }, /the registry has no package/],
      [`jsr:@${s}/probe@2.0.0`, { JSR_URL: jsr.url }, /the registry has no version 2\.0\.0/],
      [`jsr:@${s}/probe@1.0.0/nope`, { JSR_URL: jsr.url }, /exports no \.\/nope \(it exports \.\)/],
      [`jsr:@${s}/probe`, { JSR_URL: "ftp://127.0.0.1/" }, /JSR_URL is not an http\(s\) URL/],
    ];
    for (const [specifier, env, reason] of cases) {
      const added = await sandbox.run(["plugins", "add", specifier, "--yes", "--json"], { env });
      assert.equal(added.code, 2, `${specifier}: ${added.stderr}`);
      const error = JSON.parse(added.stderr).error;
      assert.equal(error.code, "PLUGIN_NOT_FOUND", added.stderr);
      assert.match(error.message, reason, specifier);
      assert.ok(error.hint, `${specifier}: no hint`);
    }
  } finally {
    await jsr.close();
    await sandbox.cleanup();
  }
});
