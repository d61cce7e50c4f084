/**
 * `config edit` in a real terminal: the CLI runs inside a detached tmux
 * session; keys are sent with `send-keys` and the screen is read with
 * `capture-pane`. Skipped (with a message) when tmux is not installed.
 * Without a terminal the command refuses and names `config set`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, MAIN } from "../support/cli.ts";

async function tmux(socket: string, ...args: string[]): Promise<string> {
  const output = await new Deno.Command("tmux", {
    args: ["-L", socket, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    throw new Error(`tmux ${args[0]} failed: ${new TextDecoder().decode(output.stderr)}`);
  }
  return new TextDecoder().decode(output.stdout);
}

async function tmuxInstalled(): Promise<boolean> {
  try {
    return (await new Deno.Command("tmux", { args: ["-V"], stdout: "null", stderr: "null" })
      .output()).success;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** Polls the pane until `pattern` shows (the CLI draws asynchronously). */
async function waitForScreen(socket: string, pattern: RegExp, limitMs = 30_000): Promise<string> {
  const deadline = Date.now() + limitMs;
  let screen = "";
  while (Date.now() < deadline) {
    screen = await tmux(socket, "capture-pane", "-p", "-t", "edit");
    if (pattern.test(screen)) return screen;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the screen never showed ${pattern}; last screen:\n${screen}`);
}

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

Deno.test("config edit under tmux: move, reject an invalid km.portMax inline, save, quit", async () => {
  if (!(await tmuxInstalled())) {
    console.log("skipped: tmux is not installed (apt-get install tmux)");
    return;
  }
  const sandbox = await createSandbox();
  const socket = `sa-test-${crypto.randomUUID().slice(0, 8)}`;
  try {
    assert.equal((await sandbox.run(["init"])).code, 0);
    const env = Object.entries({ ...sandbox.env, NO_COLOR: "1" })
      .map(([name, value]) => `${name}=${quote(value)}`).join(" ");
    const command = `cd ${quote(sandbox.project)} && env -i ${env} ${quote(Deno.execPath())} ` +
      `run -A --quiet ${quote(MAIN)} config edit; echo "exit=$?"; sleep 600`;
    await tmux(socket, "new-session", "-d", "-s", "edit", "-x", "100", "-y", "30", command);
    await waitForScreen(socket, /> schemaVersion/);
    await tmux(socket, "send-keys", "-t", "edit", "Down", "Down", "Down");
    await waitForScreen(socket, /> km\.portMax\s+5100/);
    await tmux(socket, "send-keys", "-t", "edit", "Enter", "C-u", "8", "0");
    await waitForScreen(
      socket,
      /km\.portMax = 80▏\n✗ km\.portMax: Too small: expected number to be >=1024/,
    );
    await tmux(socket, "send-keys", "-t", "edit", "Enter"); // refused: still editing
    await tmux(socket, "send-keys", "-t", "edit", "0", "0");
    await waitForScreen(socket, /km\.portMax = 8000▏\n✓ valid/);
    await tmux(socket, "send-keys", "-t", "edit", "Enter");
    await waitForScreen(socket, /km\.portMax changed \(s saves\)/);
    await tmux(socket, "send-keys", "-t", "edit", "s");
    await waitForScreen(socket, /saved .*config\.json/);
    await tmux(socket, "send-keys", "-t", "edit", "q");
    await waitForScreen(socket, /exit=0/);
    const config = JSON.parse(
      await Deno.readTextFile(join(sandbox.project, ".claude/config.json")),
    );
    assert.deepEqual(config.km, { portMax: 8000 });
    const resolved = await sandbox.run(["--json", "config", "get", "km.portMax"]);
    assert.equal(JSON.parse(resolved.stdout).value, 8000);
  } finally {
    await tmux(socket, "kill-server").catch(() => {
      // The server is already gone (the session ended): nothing to clean up.
    });
    await sandbox.cleanup();
  }
});

Deno.test("config edit without a terminal refuses and points to config set", async () => {
  const sandbox = await createSandbox();
  try {
    assert.equal((await sandbox.run(["init"])).code, 0);
    const result = await sandbox.run(["config", "edit"], { stdin: "q\n" });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /config edit needs an interactive terminal/);
    assert.match(result.stderr, /hint: .*super-agents config set <key> <value>/);
  } finally {
    await sandbox.cleanup();
  }
});
