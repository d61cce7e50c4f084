/**
 * `service install|uninstall` writes and removes unit files under HOME and
 * prints the enable command (never running systemctl or launchctl).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { kmSandbox } from "../plugins/km/km_sandbox.ts";

Deno.test("service install --print shows the unit without writing it", async () => {
  const box = await kmSandbox();
  try {
    const linux = await box.run(["service", "install", "--print", "--platform", "linux"]);
    assert.equal(linux.code, 0, linux.stderr);
    assert.match(linux.stdout, /^\[Unit\]/);
    assert.match(linux.stdout, new RegExp(`ExecStart=.* km serve --project ${box.project}`));
    const mac = await box.run(["service", "install", "--print", "--platform", "macos"]);
    assert.match(mac.stdout, /<key>ProgramArguments<\/key>/);
    assert.match(mac.stdout, /<string>serve<\/string>/);
    for await (const _ of Deno.readDir(box.home)) assert.fail("--print must not write anything");
  } finally {
    await box.cleanup();
  }
});

Deno.test("service install writes the systemd unit under HOME; uninstall removes it", async () => {
  const box = await kmSandbox();
  try {
    const installed = await box.run(["service", "install", "--platform", "linux", "--json"]);
    assert.equal(installed.code, 0, installed.stderr);
    const unit = JSON.parse(installed.stdout);
    assert.ok(unit.path.startsWith(join(box.home, ".config", "systemd", "user")));
    assert.equal(await Deno.readTextFile(unit.path), unit.content);
    assert.match(unit.enable.join("\n"), /systemctl --user enable --now super-agents-km-/);

    const removed = await box.run(["service", "uninstall", "--platform", "linux"]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /systemctl --user disable --now/);
    await assert.rejects(Deno.stat(unit.path), Deno.errors.NotFound);
    const again = await box.run(["service", "uninstall", "--platform", "linux"]);
    assert.match(again.stdout, /no unit installed/);
  } finally {
    await box.cleanup();
  }
});

Deno.test("service rejects an unknown platform", async () => {
  const box = await kmSandbox();
  try {
    const result = await box.run(["service", "install", "--print", "--platform", "windows"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--platform must be linux or macos/);
  } finally {
    await box.cleanup();
  }
});
