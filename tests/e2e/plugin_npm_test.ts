/**
 * `npm:` plugins end to end against an npm registry on loopback (a scoped
 * registry in the temp HOME's `.npmrc`): the real CLI fetches the package
 * at `plugins add` without the install's lockfile, copies its files into
 * the data home, and runs the plugin's command and its executor (now and
 * queued) from the copy inside the accepted grants, never asking the
 * registry again and never writing the checkout's lockfile. A package with
 * dependencies (which a copy cannot import) and a tarball that does not
 * match its listed integrity fail `add` and leave nothing behind.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { copiesIn, pluginProject } from "./plugin_fixture.ts";
import { type FakeNpmPackage, startFakeNpm } from "../support/fake_npm.ts";
import { createTask } from "./queue_fixture.ts";

const LOCKFILE = new URL("../../deno.lock", import.meta.url);

/** The package `@<scope>/nprobe`: a command, an agent and its executor `nprobe`. */
function probePackage(scope: string, dependencies?: Record<string, string>): FakeNpmPackage {
  const name = `@${scope}/nprobe`;
  const agentFile = "---\\nname: nprobe-agent\\ndescription: Probes the boundary of a plugin " +
    "from npm.\\nprovider: nprobe\\n---\\n\\nProbe.\\n";
  return {
    name,
    version: "1.0.0",
    dependencies,
    files: {
      "package.json": JSON.stringify({
        name,
        version: "1.0.0",
        type: "module",
        exports: "./mod.js",
      }),
      "mod.js": `export default {
  name: "nprobe", version: "1.0.0", kind: "agent", summary: "probes its boundary from npm",
  permissions: { read: ["src"] },
  commands: [{ name: "nprobe", summary: "say hello", module: new URL("./cmd.js", import.meta.url).href }],
  agents: [{ module: new URL("./agents.js", import.meta.url).href }],
  executors: [{ name: "nprobe", module: new URL("./exec.js", import.meta.url).href }],
};
`,
      "cmd.js": `import { hi } from "./lib/hi.js";
export const command = { name: "nprobe", summary: "say hello", run(ctx) { ctx.stdout.write(hi + "\\n"); return 0; } };
`,
      "lib/hi.js": `export const hi = "hi from npm";\n`,
      "agents.js": `export const agentFiles = { "nprobe-agent.md": "${agentFile}" };\n`,
      "exec.js": `import { hi } from "./lib/hi.js";
export async function execute(ctx) {
  const input = ctx.job.input;
  const task = typeof input === "string" ? input : String(input?.task);
  if (task.startsWith("read ")) return { output: await Deno.readTextFile(task.slice(5)) };
  return { output: hi + " / " + task };
}
`,
    },
  };
}

async function world(packages: (scope: string) => FakeNpmPackage[]) {
  const sandbox = await pluginProject();
  const scope = `satest-${crypto.randomUUID().slice(0, 8)}`;
  const npm = await startFakeNpm(packages(scope));
  await Deno.writeTextFile(join(sandbox.home, ".npmrc"), `@${scope}:registry=${npm.url}\n`);
  return {
    sandbox,
    npm,
    scope,
    async close() {
      await npm.close();
      await sandbox.cleanup();
    },
  };
}

Deno.test("an npm: plugin is fetched and copied at add; its command and executor run from the copy inside its grants, and neither the registry nor the lockfile is touched", async () => {
  const { sandbox, npm, scope, close } = await world((s) => [probePackage(s)]);
  const lockBefore = await Deno.readFile(LOCKFILE);
  try {
    const added = await sandbox.run(["plugins", "add", `npm:@${scope}/nprobe@1.0.0`, "--yes"]);
    assert.equal(added.code, 0, added.stderr + added.stdout);
    assert.match(added.stdout, /agents: nprobe-agent \(on its executor nprobe\)/);
    assert.match(added.stdout, /runs from a copy of it/);
    const asked = npm.paths.length;

    const command = await sandbox.run(["nprobe"]);
    assert.equal(command.code, 0, command.stderr);
    assert.equal(command.stdout, "hi from npm\n");
    const run = async (task: string) =>
      JSON.parse((await sandbox.run(["run", "nprobe-agent", task, "--json"])).stdout);
    const ping = await run("ping");
    assert.deepEqual([ping.status, ping.output], ["completed", "hi from npm / ping"]);
    const granted = await run(`read ${join(sandbox.project, "src", "ok.txt")}`);
    assert.deepEqual([granted.status, granted.output], ["completed", "granted\n"]);
    await Deno.writeTextFile(join(sandbox.home, "secret.txt"), "home-secret\n");
    const denied = await run(`read ${join(sandbox.home, "secret.txt")}`);
    assert.equal(denied.error?.code, "SANDBOX_DENIED", JSON.stringify(denied));
    assert.match(denied.error.hint, new RegExp(`plugins add npm:@${scope}/nprobe@1\\.0\\.0`));
    assert.doesNotMatch(JSON.stringify(denied), /home-secret/);

    const queued = await createTask(sandbox, "nprobe-agent", "queued");
    const worker = await sandbox.run(["worker", "--once", "--json"]);
    assert.equal(worker.code, 0, worker.stdout + worker.stderr);
    const job = JSON.parse((await sandbox.run(["task", "show", queued, "--json"])).stdout).job;
    assert.equal(job.state, "succeeded", JSON.stringify(job));
    assert.deepEqual(job.result, { output: "hi from npm / queued" });

    assert.equal(
      npm.paths.length,
      asked,
      `the registry was asked again: ${npm.paths.slice(asked)}`,
    );
    assert.deepEqual(await Deno.readFile(LOCKFILE), lockBefore, "the checkout's lockfile changed");
  } finally {
    await close();
  }
});

Deno.test("an npm: package with dependencies, or whose tarball does not match its integrity, fails plugins add and leaves nothing behind", async () => {
  const { sandbox, npm, scope, close } = await world((s) => [
    { name: `@${s}/dep`, version: "1.0.0", files: { "package.json": `{"name":"@${s}/dep"}` } },
    { ...probePackage(s, { [`@${s}/dep`]: "1.0.0" }), name: `@${s}/needy` },
    { ...probePackage(s), name: `@${s}/bent` },
  ]);
  try {
    npm.corrupt(`@${scope}/bent`);
    const cases: [string, RegExp][] = [
      [`npm:@${scope}/needy@1.0.0`, new RegExp(`depends on @${scope}/dep@1\\.0\\.0`)],
      [
        `npm:@${scope}/bent@1.0.0`,
        /could not be fetched into Deno's cache: .*Expected: .*Actual: /s,
      ],
    ];
    for (const [specifier, reason] of cases) {
      const added = await sandbox.run(["plugins", "add", specifier, "--yes", "--json"]);
      assert.notEqual(added.code, 0, specifier);
      const error = JSON.parse(added.stderr).error;
      assert.equal(error.code, "PLUGIN_BROKEN", added.stderr);
      assert.match(error.message, reason, `${specifier}: ${error.message}`);
    }
    const plugins = await Deno.readTextFile(join(sandbox.project, ".claude", "plugins.json"))
      .catch(() => "");
    assert.doesNotMatch(plugins, /nprobe/);
    const copies = (await copiesIn(sandbox)).filter((name) => !name.startsWith("."));
    assert.deepEqual(copies, [], "a copy was left behind");
  } finally {
    await close();
  }
});
