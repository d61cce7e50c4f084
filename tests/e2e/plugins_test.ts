/**
 * Third-party plugins end to end: the real CLI in a temp HOME and a temp
 * project. `plugins new` + `plugins add --yes` make the new command work and
 * list it in `--help` and `plugins list --json`; without a terminal `add`
 * needs `--yes`; `plugins remove` removes it; the same plugin served over
 * loopback HTTP and added by URL (for the user, under SUPER_AGENTS_HOME)
 * works; a plugin's command that reads, writes, runs or fetches beyond its
 * permissions fails with the boundary error and changes nothing; a plugin
 * edited to ask for more is not activated until it is added again; a
 * plugin that throws on import or a corrupt plugins file leaves `status`
 * working as before (it is a light command: it loads no plugins) and
 * `--help` working with a warning; `plugins add` refuses a plugin that
 * shadows a built-in command or holds a symbolic link; the license-header
 * example works from its folder.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "../support/cli.ts";
import { serveFolder } from "../support/plugin_server.ts";

const EXAMPLE = new URL("../../examples/plugins/license-header", import.meta.url).pathname;

/** A sandbox whose project is a super-agents project (`.claude/`). */
async function project(): Promise<Sandbox> {
  const sandbox = await createSandbox();
  await Deno.mkdir(join(sandbox.project, ".claude"));
  return sandbox;
}

async function exists(path: string): Promise<boolean> {
  return await Deno.lstat(path).then(() => true, () => false);
}

interface ListedPlugin {
  name: string;
  scope: string;
  state: string;
  source: string;
  kind: string;
  version: string;
  permissions: Record<string, unknown>;
  commands: string[];
}

async function listed(sandbox: Sandbox, env: Record<string, string> = {}): Promise<ListedPlugin[]> {
  const result = await sandbox.run(["plugins", "list", "--json"], { env });
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout).plugins;
}

/** A plugin folder `probe` (no SDK import) whose command does what its arguments say. */
async function probePlugin(dir: string, permissions: unknown): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(
    join(dir, "mod.ts"),
    `export default {
  name: "probe", version: "1.0.0", kind: "integration", summary: "probes its boundary",
  permissions: ${JSON.stringify(permissions)},
  commands: [{ name: "probe", summary: "do one thing", module: new URL("./probe.ts", import.meta.url) }],
};
`,
  );
  await Deno.writeTextFile(
    join(dir, "probe.ts"),
    `export const command = {
  name: "probe", summary: "do one thing",
  positionals: [{ name: "action", description: "read|write|run|fetch", required: true },
    { name: "target", description: "a path or URL", required: true }],
  async run(ctx, args) {
    const [action, target] = args.positionals;
    if (action === "read") ctx.stdout.write(await Deno.readTextFile(target));
    if (action === "write") await Deno.writeTextFile(target, "pwned");
    if (action === "run") await new Deno.Command("touch", { args: [target] }).output();
    if (action === "fetch") ctx.stdout.write(await (await fetch(target)).text());
    return 0;
  },
};
`,
  );
}

Deno.test("plugins new + add --yes: the command works, is listed in --help and plugins list; remove removes it", async () => {
  const sandbox = await project();
  try {
    const dir = join(sandbox.home, "plugins", "hello");
    const created = await sandbox.run(["plugins", "new", "hello", "--dir", dir]);
    assert.equal(created.code, 0, created.stderr);
    const scaffoldTest = await new Deno.Command(Deno.execPath(), {
      args: ["test", "-A", "--quiet", dir],
      cwd: dir,
      env: sandbox.env,
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const testOutput = new TextDecoder().decode(scaffoldTest.stdout);
    assert.equal(scaffoldTest.code, 0, testOutput + new TextDecoder().decode(scaffoldTest.stderr));
    assert.match(testOutput, /2 passed \| 0 failed/);
    const unattended = await sandbox.run(["plugins", "add", dir]);
    assert.equal(unattended.code, 2);
    assert.match(unattended.stderr, /without confirmation \(no terminal to ask on\)/);
    assert.match(unattended.stderr, /--yes/);
    assert.equal(await exists(join(sandbox.project, ".claude", "plugins.json")), false);

    const added = await sandbox.run(["plugins", "add", dir, "--yes"]);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /^Plugin hello 0\.1\.0 \(integration\): prints a greeting$/m);
    assert.match(added.stdout, /^ {2}net {4}use no network$/m);
    assert.match(added.stdout, /^added hello 0\.1\.0 \(project, /m);

    assert.deepEqual(await sandbox.run(["hello", "Ada", "--loud"]), {
      code: 0,
      stdout: "HELLO, ADA!\n",
      stderr: "",
    });
    const help = await sandbox.run(["--help"]);
    assert.match(help.stdout, /^ {2}hello +print a greeting$/m);
    assert.match(help.stdout, /^ {2}plugins +add, list, remove or scaffold third-party plugins$/m);
    const hello = (await listed(sandbox)).find((p) => p.name === "hello");
    assert.deepEqual(
      hello && {
        scope: hello.scope,
        state: hello.state,
        source: hello.source,
        kind: hello.kind,
        version: hello.version,
        permissions: hello.permissions,
        commands: hello.commands,
      },
      {
        scope: "project",
        state: "active",
        source: await Deno.realPath(dir),
        kind: "integration",
        version: "0.1.0",
        permissions: {},
        commands: ["hello"],
      },
    );

    const removed = await sandbox.run(["plugins", "remove", "hello"]);
    assert.equal(removed.code, 0, removed.stderr);
    const gone = await sandbox.run(["hello"]);
    assert.equal(gone.code, 2);
    assert.match(gone.stderr, /unknown command "hello"/);
    assert.equal((await listed(sandbox)).some((p) => p.name === "hello"), false);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("the same plugin served over loopback HTTP and added by URL (--global) works", async () => {
  const sandbox = await project();
  const dir = join(sandbox.home, "plugins", "hello");
  assert.equal((await sandbox.run(["plugins", "new", "hello", "--dir", dir])).code, 0);
  const { server, state, origin } = serveFolder(dir);
  const env = { SUPER_AGENTS_HOME: join(sandbox.home, "sa-data") };
  try {
    const url = `${origin}/mod.ts`;
    const added = await sandbox.run(["plugins", "add", url, "--global", "--yes"], { env });
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /Its code was fetched from 127\.0\.0\.1:\d+ just now/);
    assert.ok(await exists(join(env.SUPER_AGENTS_HOME, "plugins.json")));
    assert.deepEqual(await sandbox.run(["hello", "Web"], { env }), {
      code: 0,
      stdout: "Hello, Web!\n",
      stderr: "",
    });
    const hello = (await listed(sandbox, env)).find((p) => p.name === "hello");
    assert.deepEqual([hello?.scope, hello?.state, hello?.source], ["global", "active", url]);
    assert.ok(state.requests > 0);
    const elsewhere = await sandbox.run(["hello"]);
    assert.equal(elsewhere.code, 2, "another data home has no such plugin");
  } finally {
    await server.shutdown();
    await sandbox.cleanup();
  }
});

Deno.test("a command reading, writing, running or fetching beyond its permissions fails at the boundary and changes nothing", async () => {
  const sandbox = await project();
  const { server, state, origin } = serveFolder(sandbox.home);
  try {
    const dir = join(sandbox.home, "plugins", "probe");
    await probePlugin(dir, { read: ["src"] });
    assert.equal((await sandbox.run(["plugins", "add", dir, "--yes"])).code, 0);
    await Deno.mkdir(join(sandbox.project, "src"));
    await Deno.writeTextFile(join(sandbox.project, "src", "ok.txt"), "granted\n");
    await Deno.writeTextFile(join(sandbox.home, "secret.txt"), "secret\n");
    const granted = await sandbox.run(["probe", "read", join(sandbox.project, "src", "ok.txt")]);
    assert.deepEqual([granted.code, granted.stdout], [0, "granted\n"]);

    const attacks: [string, string, string][] = [
      ["read", join(sandbox.home, "secret.txt"), "read"],
      ["write", join(sandbox.project, "src", "pwned.txt"), "write"],
      ["run", join(sandbox.project, "ran"), "run"],
      ["fetch", `${origin}/secret.txt`, "net"],
    ];
    for (const [action, target, permission] of attacks) {
      const result = await sandbox.run(["probe", action, target]);
      assert.equal(result.code, 1, `${action}: ${result.stdout}${result.stderr}`);
      assert.match(
        result.stderr,
        new RegExp(
          `error: plugin "probe" was denied ${permission} access to ".+" while running its ` +
            `command probe: its permissions allow ${permission} of `,
        ),
      );
      assert.match(result.stderr, /hint: if the plugin needs it, its manifest must ask for/);
      assert.doesNotMatch(result.stdout, /secret/);
    }
    assert.equal(await exists(join(sandbox.project, "src", "pwned.txt")), false);
    assert.equal(await exists(join(sandbox.project, "ran")), false);
    assert.equal(state.requests, 0);
  } finally {
    await server.shutdown();
    await sandbox.cleanup();
  }
});

Deno.test("a plugin edited to ask for more is not activated until it is added again", async () => {
  const sandbox = await project();
  try {
    const dir = join(sandbox.home, "plugins", "probe");
    await probePlugin(dir, { read: ["src"] });
    assert.equal((await sandbox.run(["plugins", "add", dir, "--yes"])).code, 0);
    await Deno.mkdir(join(sandbox.project, "src"));
    await Deno.writeTextFile(join(sandbox.project, "src", "ok.txt"), "granted\n");
    const target = join(sandbox.project, "src", "ok.txt");
    await probePlugin(dir, { read: ["src"], net: ["127.0.0.1"] });

    const skipped = await sandbox.run(["probe", "read", target]);
    assert.equal(skipped.code, 2);
    assert.match(skipped.stderr, /unknown command "probe"/);
    assert.match(
      skipped.stderr,
      /warning: plugin "probe" needs acceptance: its code changed and it now asks for more net access/,
    );
    assert.match(
      skipped.stderr,
      new RegExp(`hint: run \`super-agents plugins add ${dir}\` to review`),
    );
    const probe = (await listed(sandbox)).find((p) => p.name === "probe");
    assert.equal(probe?.state, "needs acceptance");

    const again = await sandbox.run(["plugins", "add", dir, "--yes"]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^ {2}net {4}connect to 127\.0\.0\.1 {2}\(NEW\)$/m);
    assert.match(again.stdout, /^updated probe 1\.0\.0/m);
    assert.deepEqual(await sandbox.run(["probe", "read", target]), {
      code: 0,
      stdout: "granted\n",
      stderr: "",
    });
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("a plugin that throws on import or a corrupt plugins file leaves status and --help working with a warning", async () => {
  const sandbox = await project();
  try {
    const baseline = await sandbox.run(["status"]);
    const dir = join(sandbox.home, "plugins", "hello");
    assert.equal((await sandbox.run(["plugins", "new", "hello", "--dir", dir])).code, 0);
    assert.equal((await sandbox.run(["plugins", "add", dir, "--yes"])).code, 0);
    const mod = join(dir, "mod.ts");
    await Deno.writeTextFile(mod, `throw new Error("boom");\n${await Deno.readTextFile(mod)}`);

    // `status` is a light command: it runs without loading plugins, so it is unaffected.
    const status = await sandbox.run(["status"]);
    assert.deepEqual([status.code, status.stdout], [baseline.code, baseline.stdout], status.stderr);
    const help = await sandbox.run(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^ {2}status /m);
    assert.doesNotMatch(help.stdout, /^ {2}hello /m);
    assert.match(help.stderr, /warning: plugin "hello" is broken: .*Error: boom; skipped/);
    assert.match(help.stderr, /hint: .*plugins remove hello/);

    const file = join(sandbox.project, ".claude", "plugins.json");
    await Deno.writeTextFile(file, "{ corrupt");
    const corrupt = await sandbox.run(["status"]);
    assert.deepEqual(
      [corrupt.code, corrupt.stdout],
      [baseline.code, baseline.stdout],
      corrupt.stderr,
    );
    const corruptHelp = await sandbox.run(["--help"]);
    assert.equal(corruptHelp.code, 0);
    assert.match(corruptHelp.stdout, /^ {2}plugins /m);
    assert.match(corruptHelp.stderr, new RegExp(`warning: ${file} is not a valid plugins file`));
    assert.match(
      corruptHelp.stderr,
      /hint: fix .*plugins\.json, or delete it and add the plugins again/,
    );
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("the license-header example, added from its folder, checks a temp project", async () => {
  const sandbox = await project();
  try {
    const added = await sandbox.run(["plugins", "add", EXAMPLE, "--yes"]);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /^ {2}read {3}read the files in the project \(\.\)/m);
    assert.match(added.stdout, /^ {2}write {2}create, change or delete no files$/m);
    const header = "// Copyright 2026 Acme Inc.\n";
    await Deno.writeTextFile(join(sandbox.project, ".license-header"), header);
    await Deno.mkdir(join(sandbox.project, "src"));
    await Deno.writeTextFile(join(sandbox.project, "src", "a.ts"), `${header}export {};\n`);
    await Deno.writeTextFile(join(sandbox.project, "src", "b.ts"), "export {};\n");
    const offenders = await sandbox.run(["license-header"]);
    assert.deepEqual(offenders, {
      code: 1,
      stdout: "1 of 2 source files do not start with the license header in .license-header:\n" +
        "  src/b.ts\n",
      stderr: "",
    });
    await Deno.writeTextFile(join(sandbox.project, "src", "b.ts"), `${header}export {};\n`);
    const clean = await sandbox.run(["license-header", "--json"]);
    assert.equal(clean.code, 0, clean.stderr);
    assert.deepEqual(JSON.parse(clean.stdout).offenders, []);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("plugins add refuses a plugin that shadows a built-in command, or holds a link out of its folder", async () => {
  const sandbox = await project();
  try {
    const newStatus = await sandbox.run(["plugins", "new", "status"]);
    assert.equal(newStatus.code, 2);
    assert.match(newStatus.stderr, /status is a built-in command/);

    const dir = join(sandbox.home, "plugins", "probe");
    await probePlugin(dir, {});
    const mod = join(dir, "mod.ts");
    await Deno.writeTextFile(
      mod,
      (await Deno.readTextFile(mod)).replace(`name: "probe", summary`, `name: "status", summary`),
    );
    const shadowing = await sandbox.run(["plugins", "add", dir, "--yes"]);
    assert.equal(shadowing.code, 2);
    assert.match(
      shadowing.stderr,
      /the plugin's command status would shadow the built-in command status/,
    );

    await probePlugin(dir, {});
    await Deno.symlink(join(sandbox.home, ".ssh"), join(dir, "keys"));
    const linked = await sandbox.run(["plugins", "add", dir, "--yes"]);
    assert.equal(linked.code, 1);
    assert.match(linked.stderr, /holds a symbolic link \(keys\)/);
    assert.equal(await exists(join(sandbox.project, ".claude", "plugins.json")), false);
  } finally {
    await sandbox.cleanup();
  }
});
