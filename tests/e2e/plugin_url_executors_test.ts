/**
 * Executors of a plugin added by URL, end to end: the real CLI in a temp
 * HOME and a temp project, the plugin served over loopback HTTP. Its
 * executor runs in the worker pool, now (`run`) and queued (`worker
 * --once`), importing its own modules from the plugin's origin; importing
 * from another origin (at run time, or statically so the module cannot
 * load), reading, writing, running or fetching beyond the accepted grants
 * fails the job with the pool's boundary error (`SANDBOX_DENIED`) and
 * reaches nothing; an executor module, or a module it imports, changed on
 * the server after `plugins add` is refused (`PLUGIN_CHANGED`) and its new
 * code never runs, until the plugin is added again; a module of the
 * executor's graph the origin does not serve, or an `npm:` import, fails
 * `plugins add`; a digest rewritten in the plugins file breaks its seal.
 */
import { createTask } from "./queue_fixture.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Sandbox } from "../support/cli.ts";
import { pluginProject } from "./plugin_fixture.ts";
import { serveFolder } from "../support/plugin_server.ts";

async function exists(path: string): Promise<boolean> {
  return await Deno.lstat(path).then(() => true, () => false);
}

/** The executor `uprobe`: does what its task says; `hello` uses a module of its own origin. */
function executeModule(marker: string): string {
  return `import { greeting } from "./helper.ts";
async function act(text) {
  const [action, target] = String(text).split(" ");
  if (action === "hello") return greeting + " " + target + " ${marker}";
  if (action === "read") return await Deno.readTextFile(target);
  if (action === "write") { await Deno.writeTextFile(target, "pwned"); return "wrote"; }
  if (action === "run") { await new Deno.Command("touch", { args: [target] }).output(); return "ran"; }
  if (action === "fetch") return await (await fetch(target)).text();
  if (action === "import") return (await import(target)).stolen;
  return "nothing";
}
export async function execute(ctx) {
  const text = typeof ctx.job.input === "string" ? ctx.job.input : ctx.job.input?.task;
  return { output: await act(text) };
}
`;
}

/**
 * The plugin `uprobe` in `dir` (plain data, no SDK import): agents
 * `uprobe-agent` on the executor `uprobe`, and `ustatic-agent` on
 * `ustatic`, whose module statically imports `foreign`.
 */
async function urlPlugin(dir: string, foreign: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(
    join(dir, "mod.ts"),
    `export default {
  name: "uprobe", version: "1.0.0", kind: "agent", summary: "probes its boundary from a URL",
  permissions: { read: ["src"] },
  agents: [{ module: new URL("./agents.ts", import.meta.url).href }],
  executors: [
    { name: "uprobe", module: new URL("./execute.ts", import.meta.url).href },
    { name: "ustatic", module: new URL("./static.ts", import.meta.url).href },
  ],
};
`,
  );
  const agent = (name: string, provider: string) =>
    `"${name}.md": "---\\nname: ${name}\\ndescription: Probes the boundary of a URL plugin.\\n` +
    `provider: ${provider}\\n---\\n\\nProbe.\\n"`;
  await Deno.writeTextFile(
    join(dir, "agents.ts"),
    `export const agentFiles = { ${agent("uprobe-agent", "uprobe")}, ${
      agent("ustatic-agent", "ustatic")
    } };\n`,
  );
  await Deno.writeTextFile(join(dir, "helper.ts"), `export const greeting = "hello";\n`);
  await Deno.writeTextFile(join(dir, "execute.ts"), executeModule("v1"));
  await Deno.writeTextFile(
    join(dir, "static.ts"),
    `import { stolen } from "${foreign}";\nexport const execute = () => ({ output: stolen });\n`,
  );
}

/** Another origin: a module worth stealing, and a counter of what reached it. */
function serveForeign() {
  const state = { requests: 0 };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => {
    state.requests++;
    return new Response(`export const stolen = "foreign-secret";\n`, {
      headers: { "content-type": "application/typescript" },
    });
  });
  return { server, state, url: `http://127.0.0.1:${server.addr.port}/steal.ts` };
}

interface RunJson {
  status: string;
  output: string;
  error?: { code: string; message: string; hint?: string };
}

async function runAgent(
  sandbox: Sandbox,
  agent: string,
  task: string,
): Promise<RunJson & { code: number }> {
  const result = await sandbox.run(["run", agent, task, "--json"]);
  assert.ok(result.stdout.trim(), `no JSON from run (${result.code}): ${result.stderr}`);
  return { code: result.code, ...JSON.parse(result.stdout) };
}

function assertDenied(result: RunJson & { code: number }, agent: string, permission: string) {
  assert.equal(result.code, 1, JSON.stringify(result));
  assert.equal(result.status, "failed");
  assert.equal(result.error?.code, "SANDBOX_DENIED", JSON.stringify(result));
  assert.match(
    result.error!.message,
    new RegExp(
      `^agent "${agent}" \\(job [^)]+\\) was denied ${permission} access to ".+": ` +
        `its sandbox allows ${permission} of `,
    ),
  );
  assert.match(result.error!.hint ?? "", /super-agents plugins add http:\/\/127\.0\.0\.1:/);
  assert.doesNotMatch(result.output, /secret/);
}

/** The sandbox, the other origin and the plugin `uprobe`'s folder every test here starts from. */
async function uprobeWorld() {
  const sandbox = await pluginProject();
  const foreign = serveForeign();
  const dir = join(sandbox.home, "served", "uprobe");
  await urlPlugin(dir, foreign.url);
  const servers: Deno.HttpServer[] = [foreign.server];
  return {
    sandbox,
    foreign,
    dir,
    /** Serves `dir` over loopback HTTP (shut down by `close`). */
    serveFolder() {
      const served = serveFolder(dir);
      servers.push(served.server);
      return served;
    },
    /** Shuts down a server of the test's own at `close`. */
    keep(server: Deno.HttpServer) {
      servers.push(server);
    },
    async close() {
      for (const server of servers) await server.shutdown();
      await sandbox.cleanup();
    },
  };
}

Deno.test("a URL plugin's executor runs in the pool from the copy made at add, importing nothing; beyond its grants the job fails at the boundary", async () => {
  const world = await uprobeWorld();
  const { sandbox, foreign } = world;
  const served = world.serveFolder();
  try {
    const added = await sandbox.run(["plugins", "add", `${served.origin}/mod.ts`, "--yes"]);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /agents: uprobe-agent \(on its executor uprobe\)/);
    await Deno.writeTextFile(join(sandbox.home, "secret.txt"), "home-secret\n");

    const hello = await runAgent(sandbox, "uprobe-agent", "hello now");
    assert.deepEqual([hello.code, hello.status, hello.output], [0, "completed", "hello now v1"]);
    assert.ok(served.state.paths.includes("/helper.ts"), "its own modules were fetched at add");
    const granted = await runAgent(sandbox, "uprobe-agent", `read ${sandbox.project}/src/ok.txt`);
    assert.deepEqual([granted.status, granted.output], ["completed", "granted\n"]);

    const attacks: [string, string, string][] = [
      ["import", foreign.url, "import"],
      ["read", join(sandbox.home, "secret.txt"), "read"],
      ["write", join(sandbox.project, "src", "pwned.txt"), "write"],
      ["run", join(sandbox.project, "ran"), "run"],
      ["fetch", foreign.url, "net"],
      ["fetch", `${served.origin}/mod.ts`, "net"], // importing its origin is not fetching it
    ];
    for (const [action, target, permission] of attacks) {
      assertDenied(
        await runAgent(sandbox, "uprobe-agent", `${action} ${target}`),
        "uprobe-agent",
        permission,
      );
    }
    const imported = await runAgent(sandbox, "uprobe-agent", `import ${foreign.url}`);
    assert.match(
      imported.error!.message,
      /denied import access to "127\.0\.0\.1:\d+": its sandbox allows import of nothing;/,
    );
    // It runs from its copy: it may import nothing, not even from its own origin.
    const own = await runAgent(sandbox, "uprobe-agent", `import ${served.origin}/helper.ts`);
    assertDenied(own, "uprobe-agent", "import");

    // A module whose static import names another origin cannot load at all.
    assertDenied(await runAgent(sandbox, "ustatic-agent", "anything"), "ustatic-agent", "import");
    assert.equal(foreign.state.requests, 0, "nothing reached the other origin");
    assert.equal(await exists(join(sandbox.project, "src", "pwned.txt")), false);
    assert.equal(await exists(join(sandbox.project, "ran")), false);

    // Queued: the worker runs the same executor under the same grants.
    const create = (input: string) => createTask(sandbox, "uprobe-agent", input);
    const ok = await create("hello queued");
    const bad = await create(`import ${foreign.url}`);
    const worker = await sandbox.run(["worker", "--once", "--json"]);
    assert.equal(worker.code, 1, worker.stdout + worker.stderr); // one job died
    const show = async (id: string) =>
      JSON.parse((await sandbox.run(["task", "show", id, "--json"])).stdout).job;
    const succeeded = await show(ok);
    assert.equal(succeeded.state, "succeeded", JSON.stringify(succeeded));
    assert.deepEqual(succeeded.result, { output: "hello queued v1" });
    const dead = await show(bad);
    assert.equal(dead.state, "dead", JSON.stringify(dead));
    assert.equal(dead.error.code, "SANDBOX_DENIED");
    assert.match(
      dead.error.message,
      /^agent "uprobe-agent" \(job [^)]+\) was denied import access/,
    );
    assert.equal(foreign.state.requests, 0);
  } finally {
    await world.close();
  }
});

const changes: { file: string; write: (dir: string) => Promise<void>; after: string }[] = [
  {
    file: "execute.ts",
    write: (dir) =>
      Deno.writeTextFile(
        join(dir, "execute.ts"),
        executeModule("v2") + `export const planted = "changed";\n`,
      ),
    after: "hello again v2",
  },
  {
    // A module the executor imports is pinned like the executor itself.
    file: "helper.ts",
    write: (dir) => Deno.writeTextFile(join(dir, "helper.ts"), `export const greeting = "hi";\n`),
    after: "hi again v1",
  },
];

/** The folder `plugins add` copied the URL plugin `name` into (from the project's plugins file). */
async function copyRoot(sandbox: Sandbox, name: string): Promise<string> {
  const file = JSON.parse(
    await Deno.readTextFile(join(sandbox.project, ".claude", "plugins.json")),
  );
  const root = file.plugins.find((p: { name: string }) => p.name === name)?.code?.root as string;
  assert.ok(root?.startsWith(join(sandbox.home, ".super-agents", "plugin-code")), root);
  return root;
}

for (const change of changes) {
  Deno.test(`${change.file} changed on the server after plugins add does not run: the copy accepted at add does; the copy changed is refused, now and queued, until the plugin is added again`, async () => {
    const world = await uprobeWorld();
    const { sandbox, foreign, dir } = world;
    const served = world.serveFolder();
    try {
      const url = `${served.origin}/mod.ts`;
      assert.equal((await sandbox.run(["plugins", "add", url, "--yes"])).code, 0);
      // The server now hands out other code: the code accepted (and cached at add) runs, not it.
      await change.write(dir);
      const kept = await runAgent(sandbox, "uprobe-agent", "hello now");
      assert.deepEqual([kept.code, kept.status, kept.output], [0, "completed", "hello now v1"]);

      // The copy changed behind the CLI's back is refused, now and queued.
      const id = await createTask(sandbox, "uprobe-agent", "hello q");
      const root = await copyRoot(sandbox, "uprobe");
      await Deno.copyFile(join(dir, change.file), join(root, change.file));
      const changed = await sandbox.run(["run", "uprobe-agent", "hello now", "--json"]);
      assert.equal(changed.code, 1, changed.stderr);
      assert.match(
        changed.stderr,
        /"code":"PLUGIN_SKIPPED".*needs acceptance: its copy in .*plugin-code.* changed since you accepted it/,
      );
      assert.match(
        changed.stderr,
        /run `super-agents plugins add http:\/\/127\.0\.0\.1:\d+\/mod\.ts`/,
      );
      assert.doesNotMatch(changed.stdout + changed.stderr, /v2|hi /);
      const worker = await sandbox.run(["worker", "--once", "--json"]);
      assert.match(worker.stderr, /"code":"PLUGIN_SKIPPED"/);
      const job = JSON.parse((await sandbox.run(["task", "show", id, "--json"])).stdout).job;
      assert.deepEqual([job.state, job.error?.code, job.result], ["dead", "AGENT_NOT_FOUND", null]);

      // Reviewed and accepted again (fetched anew), the new code runs.
      const again = await sandbox.run(["plugins", "add", url, "--yes"]);
      assert.equal(again.code, 0, again.stderr);
      const hello = await runAgent(sandbox, "uprobe-agent", "hello again");
      assert.deepEqual([hello.status, hello.output], ["completed", change.after]);
      assert.equal(foreign.state.requests, 0);
    } finally {
      await world.close();
    }
  });
}

Deno.test("plugins add refuses a URL plugin whose executor imports a module its origin does not serve, or an npm: package", async () => {
  const world = await uprobeWorld();
  const { sandbox, dir } = world;
  await Deno.remove(join(dir, "helper.ts")); // served later, it would run unchecked
  const served = world.serveFolder();
  try {
    const added = await sandbox.run(["plugins", "add", `${served.origin}/mod.ts`, "--yes"]);
    assert.equal(added.code, 1, added.stdout + added.stderr);
    assert.match(
      added.stderr,
      new RegExp(
        `the executor module ${served.origin}/execute\\.ts could not be loaded: ${served.origin}/helper\\.ts`,
      ),
    );
    const listed = JSON.parse((await sandbox.run(["plugins", "list", "--json"])).stdout);
    assert.equal(listed.plugins.some((p: { name: string }) => p.name === "uprobe"), false);

    // An npm: import is resolved outside the worker's import grant: refused at add.
    await Deno.writeTextFile(join(dir, "helper.ts"), `export const greeting = "hello";\n`);
    await Deno.writeTextFile(
      join(dir, "static.ts"),
      `import isNumber from "npm:is-number@7.0.0";\nexport const execute = () => ({ output: String(isNumber(1)) });\n`,
    );
    // The registry is reachable (the host's certificate settings passed on): the refusal is ours.
    const certificates = Object.fromEntries(
      ["SSL_CERT_FILE", "SSL_CERT_DIR", "DENO_CERT"].flatMap((name) => {
        const value = Deno.env.get(name);
        return value ? [[name, value]] : [];
      }),
    );
    const npm = await sandbox.run(["plugins", "add", `${served.origin}/mod.ts`, "--yes"], {
      env: certificates,
    });
    assert.equal(npm.code, 1, npm.stdout + npm.stderr);
    assert.match(
      npm.stderr,
      new RegExp(
        `the executor module ${served.origin}/static\\.ts could not be loaded: it imports ` +
          "npm:is-number@7\\.0\\.0; Deno resolves npm: imports outside a worker's import grant",
      ),
    );
  } finally {
    await world.close();
  }
});

Deno.test("a recorded digest rewritten in the plugins file to match changed code does not let it run", async () => {
  const world = await uprobeWorld();
  const { sandbox, dir } = world;
  const served = world.serveFolder();
  try {
    assert.equal(
      (await sandbox.run(["plugins", "add", `${served.origin}/mod.ts`, "--yes"])).code,
      0,
    );
    const changed = executeModule("v2");
    await Deno.writeTextFile(join(dir, "execute.ts"), changed);
    const file = join(sandbox.project, ".claude", "plugins.json");
    const plugins = JSON.parse(await Deno.readTextFile(file));
    const entry = plugins.plugins.find((p: { name: string }) => p.name === "uprobe");
    const digest = new Uint8Array(
      await crypto.subtle.digest("SHA-256", new TextEncoder().encode(changed)),
    );
    entry.modules[`${served.origin}/execute.ts`] = "sha256-" +
      [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
    await Deno.writeTextFile(file, JSON.stringify(plugins, null, 2));

    const result = await sandbox.run(["run", "uprobe-agent", "hello now", "--json"]);
    assert.notEqual(result.code, 0, result.stdout);
    assert.match(
      result.stderr,
      /"code":"PLUGIN_SKIPPED","plugin":"uprobe".*needs acceptance: you did not accept it on this machine/,
    );
    assert.doesNotMatch(result.stdout, /v2/);
  } finally {
    await world.close();
  }
});

Deno.test("a plugins file edited to point the copy elsewhere (the user's home) or re-digest it is not loaded", async () => {
  const world = await uprobeWorld();
  const { sandbox, dir } = world;
  const served = world.serveFolder();
  try {
    const added = await sandbox.run(["plugins", "add", `${served.origin}/mod.ts`, "--yes"]);
    assert.equal(added.code, 0, added.stderr);
    // A copy elsewhere holding other code: the edit would grant the plugin a read of the home.
    const planted = join(sandbox.home, "planted");
    await Deno.mkdir(planted);
    for (const name of ["mod.ts", "agents.ts", "helper.ts", "static.ts"]) {
      await Deno.copyFile(join(dir, name), join(planted, name));
    }
    await Deno.writeTextFile(join(planted, "execute.ts"), executeModule("v2"));
    const file = join(sandbox.project, ".claude", "plugins.json");
    const plugins = JSON.parse(await Deno.readTextFile(file));
    const entry = plugins.plugins.find((p: { name: string }) => p.name === "uprobe");
    const oldRoot = entry.code.root as string;
    entry.code = { root: planted, entry: `file://${planted}/mod.ts` };
    entry.modules = Object.fromEntries(
      Object.entries(entry.modules as Record<string, string>).map(([url, digest]) => [
        url.replace(`file://${oldRoot}`, `file://${planted}`),
        digest,
      ]),
    );
    await Deno.writeTextFile(file, JSON.stringify(plugins, null, 2));

    const result = await sandbox.run(["run", "uprobe-agent", "hello now", "--json"]);
    assert.notEqual(result.code, 0, result.stdout);
    assert.match(
      result.stderr,
      /"code":"PLUGIN_SKIPPED","plugin":"uprobe".*needs acceptance: you did not accept it on this machine/,
    );
    assert.doesNotMatch(result.stdout, /v2/);
  } finally {
    await world.close();
  }
});

Deno.test("a server that hands out other code while the plugin is read fails add, and nothing is kept", async () => {
  const world = await uprobeWorld();
  const { sandbox, dir } = world;
  // The executor imports the entry module too, so add reads mod.ts twice: once for the manifest,
  // once in the executor's graph. The second time the server answers with other code.
  await Deno.writeTextFile(
    join(dir, "execute.ts"),
    `import "./mod.ts";\n${executeModule("v1")}`,
  );
  let entryRequests = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const path = new URL(request.url).pathname;
    let body = await Deno.readTextFile(join(dir, path)).catch(() => undefined);
    if (body === undefined) return new Response("not found", { status: 404 });
    if (path === "/mod.ts" && ++entryRequests > 1) body += `\nexport const swapped = true;\n`;
    return new Response(body, { headers: { "content-type": "application/typescript" } });
  });
  world.keep(server);
  try {
    const url = `http://127.0.0.1:${server.addr.port}/mod.ts`;
    const added = await sandbox.run(["plugins", "add", url, "--yes"]);
    assert.equal(added.code, 1, added.stdout + added.stderr);
    assert.match(added.stderr, /mod\.ts changed on its server while the plugin was read/);
    assert.ok(entryRequests >= 2, `the entry was fetched ${entryRequests} time(s)`);
    const listed = JSON.parse((await sandbox.run(["plugins", "list", "--json"])).stdout);
    assert.equal(listed.plugins.some((p: { name: string }) => p.name === "uprobe"), false);
    const copies = join(sandbox.home, ".super-agents", "plugin-code");
    const left = (await Array.fromAsync(Deno.readDir(copies))).filter((e) =>
      !e.name.startsWith(".")
    );
    assert.deepEqual(left, [], "the half-made copy is gone");
  } finally {
    await world.close();
  }
});

Deno.test("a URL that redirects is refused with the URL to add instead, which then works", async () => {
  const world = await uprobeWorld();
  const { sandbox, dir } = world;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const path = new URL(request.url).pathname;
    if (path.startsWith("/latest/")) {
      return Response.redirect(new URL(path.replace("/latest/", "/v1/"), request.url), 302);
    }
    const body = await Deno.readTextFile(join(dir, path.replace(/^\/v1\//, "/"))).catch(() => null);
    return body === null
      ? new Response("not found", { status: 404 })
      : new Response(body, { headers: { "content-type": "application/typescript" } });
  });
  world.keep(server);
  try {
    const origin = `http://127.0.0.1:${server.addr.port}`;
    const redirected = await sandbox.run(["plugins", "add", `${origin}/latest/mod.ts`, "--yes"]);
    assert.equal(redirected.code, 1, redirected.stdout + redirected.stderr);
    assert.match(
      redirected.stderr,
      new RegExp(`it redirects to ${origin}/v1/mod\\.ts: add the plugin by that URL`),
    );
    const added = await sandbox.run(["plugins", "add", `${origin}/v1/mod.ts`, "--yes"]);
    assert.equal(added.code, 0, added.stderr);
    const hello = await runAgent(sandbox, "uprobe-agent", "hello there");
    assert.deepEqual([hello.status, hello.output], ["completed", "hello there v1"]);
  } finally {
    await world.close();
  }
});
