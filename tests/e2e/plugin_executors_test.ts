/**
 * Third-party executors and agents end to end: the real CLI in a temp HOME
 * and a temp project. A plugin that contributes an agent file and the
 * executor it runs on is run by `super-agents run <agent>` and by a queued
 * job (`task create` + `worker --once`) inside the permissions the user
 * accepted; its executor reading, writing, running or fetching beyond them
 * fails the job with the boundary error built-in agents get
 * (`SANDBOX_DENIED`, "agent … was denied … access"), and changes nothing; a
 * grant of the project (`read: ["."]`) does not reach `.claude/state` (the
 * KM's token), for executors and commands alike, while the project stays
 * listable; a later version asking for more is not activated until it is
 * added again; a plugin whose agent files throw on import, are not data or
 * name a provider that is not theirs leaves `agents list` working with a
 * warning, and a planted plugins file entry is skipped.
 */
import { createTask } from "./queue_fixture.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Sandbox } from "../support/cli.ts";
import { pluginProject } from "./plugin_fixture.ts";

const SDK = new URL("../../plugin.ts", import.meta.url).href;

/** A plugin project whose `.claude/state` holds the KM's token, which no grant may reach. */
async function project(): Promise<Sandbox> {
  const sandbox = await pluginProject();
  await Deno.writeTextFile(join(sandbox.project, ".claude", "state", "km.token"), "km-secret\n");
  return sandbox;
}

async function exists(path: string): Promise<boolean> {
  return await Deno.lstat(path).then(() => true, () => false);
}

/** The probe's action, shared by its executor and its command. */
const ACTION = `async function act(text) {
  const [action, target] = String(text).split(" ");
  if (action === "read") return await Deno.readTextFile(target);
  if (action === "list") {
    const names = [];
    for await (const entry of Deno.readDir(target)) names.push(entry.name);
    return names.sort().join(",");
  }
  if (action === "write") { await Deno.writeTextFile(target, "pwned"); return "wrote"; }
  if (action === "run") { await new Deno.Command("touch", { args: [target] }).output(); return "ran"; }
  if (action === "fetch") return await (await fetch(target)).text();
  if (action === "exit") Deno.exit(3);
  if (action === "import") {
    return JSON.stringify((await import("file://" + target, { with: { type: "json" } })).default);
  }
  return "nothing";
}
`;

/** A plugin folder `xprobe`: an agent `xprobe-agent` on its executor `xprobe`, and a command. */
async function probePlugin(dir: string, permissions: unknown, agentFiles?: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(
    join(dir, "mod.ts"),
    `import { definePlugin } from "${SDK}";
export default definePlugin({
  name: "xprobe", version: "1.0.0", kind: "agent", summary: "probes its boundary",
  permissions: ${JSON.stringify(permissions)},
  agents: [{ module: new URL("./agents.ts", import.meta.url) }],
  executors: [{ name: "xprobe", module: new URL("./execute.ts", import.meta.url) }],
  commands: [{ name: "xprobe", summary: "do one thing", module: new URL("./command.ts", import.meta.url) }],
});
`,
  );
  await Deno.writeTextFile(
    join(dir, "agents.ts"),
    agentFiles ?? `export const agentFiles = {
  "xprobe-agent.md": "---\\nname: xprobe-agent\\ndescription: Probes the boundary of its plugin.\\nprovider: xprobe\\n---\\n\\nProbe.\\n",
};
`,
  );
  await Deno.writeTextFile(
    join(dir, "execute.ts"),
    `${ACTION}
export async function execute(ctx) {
  const text = typeof ctx.job.input === "string" ? ctx.job.input : ctx.job.input?.task;
  ctx.progress({ message: "probing" });
  return { output: await act(text) };
}
`,
  );
  await Deno.writeTextFile(
    join(dir, "command.ts"),
    `${ACTION}
export const command = {
  name: "xprobe", summary: "do one thing",
  positionals: [{ name: "words", description: "action and target", variadic: true }],
  async run(ctx, args) { ctx.stdout.write(await act(args.positionals.join(" "))); return 0; },
};
`,
  );
}

function serveSecret() {
  const state = { requests: 0 };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => {
    state.requests++;
    return new Response("remote-secret");
  });
  return { server, state, url: `http://127.0.0.1:${server.addr.port}/secret` };
}

interface RunJson {
  status: string;
  output: string;
  error?: { code: string; message: string; hint?: string };
}

async function runAgent(sandbox: Sandbox, task: string): Promise<RunJson & { code: number }> {
  const result = await sandbox.run(["run", "xprobe-agent", task, "--json"]);
  assert.ok(result.stdout.trim(), `no JSON from run (${result.code}): ${result.stderr}`);
  return { code: result.code, ...JSON.parse(result.stdout) };
}

Deno.test("run <agent>: a third-party executor runs inside its accepted permissions; beyond them the job fails with the boundary error", async () => {
  const sandbox = await project();
  const { server, state, url } = serveSecret();
  try {
    const dir = join(sandbox.home, "plugins", "xprobe");
    await probePlugin(dir, { read: ["src"] });
    const added = await sandbox.run(["plugins", "add", dir, "--yes"]);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /agents: xprobe-agent \(on its executor xprobe\)/);
    const listed = await sandbox.run(["plugins", "list", "--json"]);
    const row = JSON.parse(listed.stdout).plugins.find((p: { name: string }) =>
      p.name === "xprobe"
    );
    assert.deepEqual([row.state, row.executors, row.commands], ["active", ["xprobe"], ["xprobe"]]);
    await Deno.writeTextFile(join(sandbox.home, "secret.txt"), "home-secret\n");

    const granted = await runAgent(sandbox, `read ${join(sandbox.project, "src", "ok.txt")}`);
    assert.deepEqual([granted.code, granted.status, granted.output], [0, "completed", "granted\n"]);

    const attacks: [string, string, string][] = [
      ["read", join(sandbox.home, "secret.txt"), "read"],
      ["write", join(sandbox.project, "src", "pwned.txt"), "write"],
      ["run", join(sandbox.project, "ran"), "run"],
      ["fetch", url, "net"],
    ];
    for (const [action, target, permission] of attacks) {
      const result = await runAgent(sandbox, `${action} ${target}`);
      assert.equal(result.code, 1, `${action}: ${JSON.stringify(result)}`);
      assert.equal(result.status, "failed");
      assert.equal(result.error?.code, "SANDBOX_DENIED");
      assert.match(
        result.error!.message,
        new RegExp(
          `^agent "xprobe-agent" \\(job [^)]+\\) was denied ${permission} access to ".+": ` +
            `its sandbox allows ${permission} of `,
        ),
      );
      assert.match(result.error!.hint ?? "", /super-agents plugins add .*xprobe/);
      assert.doesNotMatch(result.output, /secret/);
    }
    assert.equal(await exists(join(sandbox.project, "src", "pwned.txt")), false);
    assert.equal(await exists(join(sandbox.project, "ran")), false);
    assert.equal(state.requests, 0);

    // Importing a file is reading it: a JSON module outside the grants is refused too.
    await Deno.writeTextFile(join(sandbox.home, "secret.json"), '{"secret": "json-secret"}');
    const imported = await runAgent(sandbox, `import ${join(sandbox.home, "secret.json")}`);
    assert.equal(imported.status, "failed", JSON.stringify(imported));
    assert.match(imported.error!.message, /Requires read access to ".*secret\.json"/);
    assert.doesNotMatch(imported.output, /json-secret/);

    // Ending its worker fails the job at once (no wait for the timeout).
    const exited = await runAgent(sandbox, "exit now");
    assert.deepEqual([exited.code, exited.error?.code], [1, "PLUGIN_EXITED"]);
    assert.match(
      exited.error!.message,
      /an executor may not end its worker \(it called Deno\.exit\)/,
    );
  } finally {
    await server.shutdown();
    await sandbox.cleanup();
  }
});

Deno.test("a queued job of a third-party agent runs its executor in the worker, and dies at the boundary", async () => {
  const sandbox = await project();
  try {
    const dir = join(sandbox.home, "plugins", "xprobe");
    await probePlugin(dir, { read: ["src"] });
    assert.equal((await sandbox.run(["plugins", "add", dir, "--yes"])).code, 0);
    const create = (input: string) => createTask(sandbox, "xprobe-agent", input);
    const ok = await create(`read ${join(sandbox.project, "src", "ok.txt")}`);
    const bad = await create(`write ${join(sandbox.project, "src", "pwned.txt")}`);
    const worker = await sandbox.run(["worker", "--once", "--json"]);
    assert.equal(worker.code, 1, worker.stdout + worker.stderr); // one job died
    const show = async (id: string) =>
      JSON.parse((await sandbox.run(["task", "show", id, "--json"])).stdout).job;
    const succeeded = await show(ok);
    assert.equal(succeeded.state, "succeeded", JSON.stringify(succeeded));
    assert.deepEqual(succeeded.result, { output: "granted\n" });
    const dead = await show(bad);
    assert.equal(dead.state, "dead", JSON.stringify(dead));
    assert.equal(dead.attempts, 1);
    assert.equal(dead.error.code, "SANDBOX_DENIED");
    assert.match(dead.error.message, /^agent "xprobe-agent" \(job [^)]+\) was denied write access/);
    assert.equal(await exists(join(sandbox.project, "src", "pwned.txt")), false);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("read ['.'] does not reach .claude/state, for a plugin's executor and its command; the project stays listable", async () => {
  const sandbox = await project();
  try {
    const dir = join(sandbox.home, "plugins", "xprobe");
    await probePlugin(dir, { read: ["."] });
    assert.equal((await sandbox.run(["plugins", "add", dir, "--yes"])).code, 0);
    const token = join(sandbox.project, ".claude", "state", "km.token");

    const stolen = await runAgent(sandbox, `read ${token}`);
    assert.equal(stolen.error?.code, "SANDBOX_DENIED", JSON.stringify(stolen));
    assert.match(stolen.error!.message, /was denied read access to ".*km\.token"/);
    const granted = await runAgent(sandbox, `read ${join(sandbox.project, "src", "ok.txt")}`);
    assert.equal(granted.output, "granted\n");
    const listed = await runAgent(sandbox, `list ${sandbox.project}`);
    assert.equal(listed.status, "completed", JSON.stringify(listed));
    assert.deepEqual(listed.output.split(","), [".claude", "src"]);
    const claude = await runAgent(sandbox, `list ${join(sandbox.project, ".claude")}`);
    assert.doesNotMatch(claude.output, /state/);

    const command = await sandbox.run(["xprobe", "read", token]);
    assert.equal(command.code, 1);
    assert.match(command.stderr, /plugin "xprobe" was denied read access to ".*km\.token"/);
    assert.doesNotMatch(command.stdout, /km-secret/);
    const commandList = await sandbox.run(["xprobe", "list", sandbox.project]);
    assert.deepEqual([commandList.code, commandList.stdout], [0, ".claude,src"]);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("a later version of a plugin asking for more is not activated until it is added again", async () => {
  const sandbox = await project();
  try {
    const dir = join(sandbox.home, "plugins", "xprobe");
    await probePlugin(dir, { read: ["src"] });
    assert.equal((await sandbox.run(["plugins", "add", dir, "--yes"])).code, 0);
    await probePlugin(dir, { read: ["src"], write: ["src"] });
    const target = join(sandbox.project, "src", "new.txt");

    const skipped = await sandbox.run(["run", "xprobe-agent", `write ${target}`]);
    assert.notEqual(skipped.code, 0);
    assert.match(skipped.stderr, /warning: plugin "xprobe" needs acceptance: its code changed/);
    assert.match(skipped.stderr, /xprobe-agent/); // the agent is unknown while it waits
    assert.equal(await exists(target), false);

    const again = await sandbox.run(["plugins", "add", dir, "--yes"]);
    assert.equal(again.code, 0, again.stderr);
    const wrote = await runAgent(sandbox, `write ${target}`);
    assert.equal(wrote.status, "completed", JSON.stringify(wrote));
    assert.equal(await Deno.readTextFile(target), "pwned");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("broken or hostile agent files and a planted plugins entry leave the CLI working, reported and skipped", async () => {
  const sandbox = await project();
  try {
    const dir = join(sandbox.home, "plugins", "xprobe");
    // An agent file that would run on the built-in model provider with wide grants is refused at add.
    await probePlugin(
      dir,
      { read: ["src"] },
      `export const agentFiles = { "wide.md": "---\\nname: wide-agent\\ndescription: Runs as a model agent.\\nprovider: anthropic\\npermissions:\\n  write: true\\n---\\nx\\n" };\n`,
    );
    const hostile = await sandbox.run(["plugins", "add", dir, "--yes"]);
    assert.equal(hostile.code, 2, hostile.stdout + hostile.stderr);
    assert.match(
      hostile.stderr,
      /wide\.md: its provider must be one of the plugin's executors \(xprobe\)/,
    );

    await probePlugin(dir, { read: ["src"] });
    assert.equal((await sandbox.run(["plugins", "add", dir, "--yes"])).code, 0);

    // An executor may not take a built-in provider's name, nor another plugin's executor's.
    const other = join(sandbox.home, "plugins", "other");
    await Deno.mkdir(other, { recursive: true });
    await Deno.writeTextFile(join(other, "execute.ts"), "export const execute = () => ({});\n");
    for (
      const [executor, refusal] of [
        [
          "anthropic",
          /the plugin's executor anthropic would shadow the built-in provider anthropic/,
        ],
        ["xprobe", /the executor xprobe is already added by the plugin xprobe/],
      ] as const
    ) {
      await Deno.writeTextFile(
        join(other, "mod.ts"),
        `export default { name: "other", version: "1.0.0", kind: "agent", summary: "other",
  executors: [{ name: "${executor}", module: new URL("./execute.ts", import.meta.url) }] };\n`,
      );
      const taken = await sandbox.run(["plugins", "add", other, "--yes"]);
      assert.equal(taken.code, 2, taken.stdout + taken.stderr);
      assert.match(taken.stderr, refusal);
    }

    // Afterwards its agents module throws: the other agents stay usable, with a warning.
    await Deno.writeTextFile(join(dir, "agents.ts"), `throw new Error("agents boom");\n`);
    const agents = await sandbox.run(["agents", "list"]);
    assert.equal(agents.code, 0, agents.stderr);
    assert.match(agents.stdout, /developer-agent/);
    assert.doesNotMatch(agents.stdout, /xprobe-agent/);
    assert.match(
      agents.stderr,
      /warning: plugin "xprobe": its agent files could not be read.*agents boom/,
    );

    // Not data at all: still reported and skipped.
    await Deno.writeTextFile(join(dir, "agents.ts"), `export const agentFiles = { "x.md": 42 };\n`);
    const garbage = await sandbox.run(["agents", "list"]);
    assert.equal(garbage.code, 0, garbage.stderr);
    assert.match(garbage.stderr, /warning: plugin "xprobe": its agent files could not be read/);

    // An entry planted in the plugins file (not sealed by this user) is skipped; the CLI runs.
    const file = join(sandbox.project, ".claude", "plugins.json");
    const stored = JSON.parse(await Deno.readTextFile(file));
    stored.plugins[0].accepted = { read: true, write: true, run: true, net: true, env: true };
    stored.plugins[0].manifest.permissions = stored.plugins[0].accepted;
    await Deno.writeTextFile(file, JSON.stringify(stored));
    const planted = await sandbox.run(["agents", "list"]);
    assert.equal(planted.code, 0, planted.stderr);
    assert.match(planted.stderr, /warning: plugin "xprobe" needs acceptance/);
    const refused = await sandbox.run([
      "run",
      "xprobe-agent",
      `write ${join(sandbox.project, "x")}`,
    ]);
    assert.notEqual(refused.code, 0);
    assert.equal(await exists(join(sandbox.project, "x")), false);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("the license-header example's agent runs on its executor, now and queued", async () => {
  const sandbox = await project();
  try {
    const example = new URL("../../examples/plugins/license-header", import.meta.url).pathname;
    const added = await sandbox.run(["plugins", "add", example, "--yes"]);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /agents: license-header-agent \(on its executor license-header\)/);
    const header = "// Copyright 2026 Acme Inc.\n";
    await Deno.writeTextFile(join(sandbox.project, ".license-header"), header);
    await Deno.writeTextFile(join(sandbox.project, "src", "a.ts"), `${header}export {};\n`);
    await Deno.writeTextFile(join(sandbox.project, "src", "b.ts"), "export {};\n");

    const failing = await sandbox.run([
      "run",
      "license-header-agent",
      "check the project",
      "--json",
    ]);
    assert.equal(failing.code, 1, failing.stderr);
    const failed = JSON.parse(failing.stdout);
    assert.deepEqual(failed.error, {
      code: "LICENSE_HEADER_MISSING",
      message: 'agent "license-header-agent" failed: 1 of 2 source files do not start with the ' +
        "license header: src/b.ts",
    });

    await Deno.writeTextFile(join(sandbox.project, "src", "b.ts"), `${header}export {};\n`);
    const created = await sandbox.run(["task", "create", "license-header-agent", "--json"]);
    assert.equal(created.code, 0, created.stderr);
    const id = JSON.parse(created.stdout).jobs[0].id;
    const worker = await sandbox.run(["worker", "--once"]);
    assert.equal(worker.code, 0, worker.stdout + worker.stderr);
    const { job } = JSON.parse((await sandbox.run(["task", "show", id, "--json"])).stdout);
    assert.equal(job.state, "succeeded", JSON.stringify(job));
    assert.deepEqual(job.result.checked, ["src/a.ts", "src/b.ts"]);
  } finally {
    await sandbox.cleanup();
  }
});
