/**
 * A third-party plugin's command runs in a real worker with only the
 * permissions accepted for it, loaded the way the CLI loads it (plugins
 * file → `loadExternalPlugins` → host → `dispatch`). Each attack — reading,
 * writing, running, fetching or reading the environment beyond its grants,
 * writing git's hooks or its own acceptance through a broad write grant,
 * reading the user's plugin key, importing a module outside its folder,
 * spoofing the protocol — fails with an error naming the plugin, the
 * operation and the boundary, and leaves nothing behind; the positive
 * controls show the same plugin doing what it was granted.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { dispatch, extractGlobalFlags } from "../../../../core/cli/dispatch.ts";
import { createContext } from "../../../../core/context.ts";
import { SuperAgentsError } from "../../../../core/errors.ts";
import { PluginHost } from "../../../../core/plugin_host/host.ts";
import { loadExternalPlugins } from "../../../../core/plugin_host/external/load_external_plugins.ts";
import {
  acceptedEntry,
  commandModule,
  manifestModule,
  type PluginWorld,
  pluginWorld,
  writeFiles,
  writePluginsFile,
} from "./plugin_fixture.ts";

interface Outcome {
  code: number;
  stdout: string;
  error?: SuperAgentsError;
}

/** Adds the plugin at `world.plugin` (as accepted) and runs `super-agents <argv>` in the project. */
async function runAdded(world: PluginWorld, argv: string[]): Promise<Outcome> {
  await writePluginsFile(join(world.project, ".claude", "plugins.json"), [
    await acceptedEntry(world),
  ]);
  const home = join(world.base, "home");
  const ctxBase = { cwd: world.project, home, dataHome: world.dataHome };
  const external = await loadExternalPlugins(ctxBase);
  assert.deepEqual(external.problems, []);
  const host = new PluginHost(external.records);
  let stdout = "";
  const ctx = createContext({
    ...ctxBase,
    env: () => undefined,
    stdout: { write: (text) => void (stdout += text), isTerminal: false },
    stderr: { write: () => {}, isTerminal: false },
  });
  const { flags, rest } = extractGlobalFlags(argv);
  try {
    return { code: await dispatch(ctx, host.commands(), rest, flags, "test"), stdout };
  } catch (error) {
    if (!(error instanceof SuperAgentsError)) throw error;
    return { code: error.exitCode, stdout, error };
  }
}

async function withPlugin(
  permissions: unknown,
  body: string,
  fn: (world: PluginWorld) => Promise<void>,
  extraFiles: Record<string, string> = {},
): Promise<void> {
  const world = await pluginWorld();
  try {
    await writeFiles(world.plugin, {
      "mod.ts": manifestModule("probe", permissions),
      "command.ts": commandModule(body),
      ...extraFiles,
    });
    await fn(world);
  } finally {
    await world.cleanup();
  }
}

function assertDenied(outcome: Outcome, permission: string, target: RegExp): void {
  assert.ok(outcome.error, `expected a denial, got exit ${outcome.code}: ${outcome.stdout}`);
  assert.equal(outcome.error.code, "PLUGIN_DENIED", outcome.error.message);
  assert.match(outcome.error.message, /^plugin "probe" was denied /);
  assert.match(outcome.error.message, new RegExp(`denied ${permission} access to`));
  assert.match(outcome.error.message, target);
  assert.match(outcome.error.message, /while running its command probe/);
  assert.match(outcome.error.message, /its permissions allow /);
  assert.match(outcome.error.hint!, /super-agents plugins add .*plugin/);
}

async function exists(path: string): Promise<boolean> {
  return await Deno.lstat(path).then(() => true, () => false);
}

Deno.test("a granted read works, a read outside the grant is denied and names the boundary", async () => {
  const body = `ctx.stdout.write(await Deno.readTextFile(args.positionals[0]));`;
  await withPlugin({ read: ["src"] }, body, async (world) => {
    await Deno.writeTextFile(join(world.project, "src", "a.txt"), "inside\n");
    await Deno.writeTextFile(join(world.base, "secret.txt"), "outside\n");
    const inside = await runAdded(world, ["probe", join(world.project, "src", "a.txt")]);
    assert.deepEqual([inside.code, inside.stdout], [0, "inside\n"]);
    const outside = await runAdded(world, ["probe", join(world.base, "secret.txt")]);
    assertDenied(outside, "read", /secret\.txt/);
    assert.match(outside.error!.message, /allow read of .*\/src/);
    assert.equal(outside.stdout, "");
  });
});

Deno.test("a write beyond the grant is denied and creates nothing", async () => {
  const body = `await Deno.writeTextFile(args.positionals[0], "x"); ctx.stdout.write("wrote\\n");`;
  await withPlugin({ write: ["src"] }, body, async (world) => {
    const granted = await runAdded(world, ["probe", join(world.project, "src", "ok.txt")]);
    assert.deepEqual([granted.code, granted.stdout], [0, "wrote\n"]);
    const target = join(world.project, "out.txt");
    const denied = await runAdded(world, ["probe", target]);
    assertDenied(denied, "write", /out\.txt/);
    assert.equal(await exists(target), false);
  });
});

Deno.test("a broad write grant never covers git's hooks, its own acceptance or the agents", async () => {
  const body = `await Deno.writeTextFile(args.positionals[0], "#!/bin/sh\\nevil\\n");`;
  await withPlugin({ write: ["."] }, body, async (world) => {
    const ok = await runAdded(world, ["probe", join(world.project, "src", "fine.txt")]);
    assert.equal(ok.code, 0, ok.error?.message);
    const pluginsFile = join(world.project, ".claude", "plugins.json");
    const before = await Deno.readTextFile(pluginsFile);
    for (
      const target of [
        join(world.project, ".git", "hooks", "pre-commit"),
        pluginsFile,
        join(world.project, ".claude", "agents", "evil.md"),
        join(world.project, ".mcp.json"),
      ]
    ) {
      const outcome = await runAdded(world, ["probe", target]);
      assertDenied(outcome, "write", /\.git|\.claude|\.mcp\.json/);
    }
    assert.equal(await exists(join(world.project, ".git", "hooks", "pre-commit")), false);
    assert.equal(await exists(join(world.project, ".mcp.json")), false);
    assert.equal(await Deno.readTextFile(pluginsFile), before);
  });
});

Deno.test("a read grant over the data home does not reach the user's plugin key", async () => {
  const body = `ctx.stdout.write(await Deno.readTextFile(args.positionals[0]));`;
  await withPlugin({ read: ["/"] }, body, async (world) => {
    const denied = await runAdded(world, ["probe", join(world.dataHome, "plugins.key")]);
    assertDenied(denied, "read", /plugins\.key/);
  });
});

Deno.test("starting a program is denied and the program never runs", async () => {
  const body = `await new Deno.Command("touch", { args: [args.positionals[0]] }).output();`;
  await withPlugin({ read: ["."] }, body, async (world) => {
    const marker = join(world.project, "ran");
    const outcome = await runAdded(world, ["probe", marker]);
    assertDenied(outcome, "run", /touch/);
    assert.equal(await exists(marker), false);
  });
});

Deno.test("a fetch to an ungranted host is denied and no request arrives", async () => {
  let requests = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => {
    requests++;
    return new Response("hi");
  });
  try {
    const body = `ctx.stdout.write(await (await fetch(args.positionals[0])).text());`;
    await withPlugin({ net: ["example.invalid"] }, body, async (world) => {
      const url = `http://127.0.0.1:${server.addr.port}/`;
      const outcome = await runAdded(world, ["probe", url]);
      assertDenied(outcome, "net", /127\.0\.0\.1/);
      assert.match(outcome.error!.message, /allow net of example\.invalid/);
    });
    await withPlugin({ net: ["127.0.0.1"] }, body, async (world) => {
      const granted = await runAdded(world, ["probe", `http://127.0.0.1:${server.addr.port}/`]);
      assert.deepEqual([granted.code, granted.stdout], [0, "hi"]);
    });
    assert.equal(requests, 1);
  } finally {
    await server.shutdown();
  }
});

Deno.test("reading the environment without an env grant is denied", async () => {
  const body = `ctx.stdout.write(String(ctx.env("HOME")));`;
  await withPlugin({}, body, async (world) => {
    assertDenied(await runAdded(world, ["probe"]), "env", /HOME/);
  });
  await withPlugin({ env: ["HOME"] }, body, async (world) => {
    const granted = await runAdded(world, ["probe"]);
    assert.equal(granted.code, 0, granted.error?.message);
    assert.equal(granted.stdout, Deno.env.get("HOME") ?? "undefined");
  });
});

Deno.test("a module outside the plugin's folder cannot be imported by its command", async () => {
  const body = `await import(args.positionals[0]); ctx.stdout.write("imported\\n");`;
  await withPlugin({}, body, async (world) => {
    const outside = join(world.base, "outside.ts");
    await Deno.writeTextFile(outside, "export const x = 1;\n");
    const outcome = await runAdded(world, ["probe", `file://${outside}`]);
    assertDenied(outcome, "read", /outside\.ts/);
    assert.equal(outcome.stdout, "");
  });
});

Deno.test("Deno.exit ends the command with its code; a plain throw names the plugin's bug", async () => {
  await withPlugin({}, `ctx.stdout.write("bye\\n"); Deno.exit(3);`, async (world) => {
    assert.deepEqual(await runAdded(world, ["probe"]), { code: 3, stdout: "bye\n" });
  });
  await withPlugin({}, `throw new RangeError("no such thing");`, async (world) => {
    const outcome = await runAdded(world, ["probe"]);
    assert.equal(outcome.error?.code, "PLUGIN_FAILED");
    assert.match(outcome.error!.message, /plugin "probe" failed while running its command probe/);
    assert.match(outcome.error!.message, /RangeError: no such thing/);
  });
});

Deno.test("a plugin's own SuperAgentsError keeps its code, hint and exit code", async () => {
  const body = `const e = new Error("bad input"); e.code = "PROBE_BAD"; e.hint = "pass --good";
    e.exitCode = 2; throw e;`;
  await withPlugin({}, body, async (world) => {
    const outcome = await runAdded(world, ["probe"]);
    assert.equal(outcome.error?.code, "PROBE_BAD");
    assert.equal(outcome.error?.message, 'plugin "probe": bad input');
    assert.equal(outcome.error?.hint, "pass --good");
    assert.equal(outcome.code, 2);
  });
});

Deno.test("a spoofed protocol message fails the command instead of being believed", async () => {
  const body = `self.postMessage({ type: "write", stream: "/etc/passwd", text: "x" });
    await new Promise(() => {});`;
  await withPlugin({}, body, async (world) => {
    const outcome = await runAdded(world, ["probe"]);
    assert.equal(outcome.error?.code, "PLUGIN_FAILED");
    assert.match(outcome.error!.message, /malformed message/);
  });
});

Deno.test("flags and help come from the command's own spec, parsed strictly", async () => {
  const spec = `flags: { loud: { type: "boolean", description: "shout" } },`;
  const world = await pluginWorld();
  try {
    await writeFiles(world.plugin, {
      "mod.ts": manifestModule("probe"),
      "command.ts": commandModule(
        `ctx.stdout.write(args.values.loud ? "LOUD\\n" : "quiet\\n");`,
        spec,
      ),
    });
    assert.deepEqual(await runAdded(world, ["probe", "--loud"]), { code: 0, stdout: "LOUD\n" });
    const unknown = await runAdded(world, ["probe", "--shout"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.error!.message, /unknown option --shout/);
    const help = await runAdded(world, ["probe", "--help"]);
    assert.match(help.stdout, /--loud\s+shout/);
  } finally {
    await world.cleanup();
  }
});
