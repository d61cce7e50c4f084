/**
 * Service units: systemd and launchd files run `km serve` for the project,
 * quote and escape what they must, and live under HOME.
 */
import assert from "node:assert/strict";
import { renderServiceUnit, serviceName } from "../../../plugins/km/service_units.ts";

const argv = ["/opt/deno", "run", "-A", "/src/main.ts", "km", "serve", "--project", "/w/my app"];

Deno.test("systemd unit runs km serve with the environment and a stable name", () => {
  const unit = renderServiceUnit({
    platform: "linux",
    root: "/w/my app",
    home: "/h",
    argv,
    env: { PATH: "/usr/bin", HOME: "/h" },
  });
  assert.equal(unit.name, serviceName("/w/my app"));
  assert.match(unit.name, /^super-agents-km-my-app-[0-9a-f]{8}$/);
  assert.equal(unit.path, `/h/.config/systemd/user/${unit.name}.service`);
  assert.match(
    unit.content,
    /^ExecStart=\/opt\/deno run -A \/src\/main\.ts km serve --project "\/w\/my app"$/m,
  );
  assert.match(unit.content, /^Environment=PATH=\/usr\/bin$/m);
  assert.match(unit.content, /^WantedBy=default\.target$/m);
  assert.match(
    unit.content,
    /^StandardOutput=append:\/w\/my app\/\.claude\/logs\/km_server\.log$/m,
  );
  assert.notEqual(serviceName("/w/my app"), serviceName("/v/my app"));
});

Deno.test("launchd plist escapes XML and lists every argument", () => {
  const unit = renderServiceUnit({
    platform: "macos",
    root: "/w/a&b",
    home: "/Users/me",
    argv: [...argv.slice(0, -1), "/w/a&b"],
  });
  assert.ok(
    unit.path.startsWith("/Users/me/Library/LaunchAgents/dev.super-agents.super-agents-km-a-b-"),
  );
  assert.match(unit.content, /<string>\/w\/a&amp;b<\/string>/);
  assert.ok(!unit.content.includes("a&b"));
  assert.equal((unit.content.match(/^ {4}<string>/gm) ?? []).length, argv.length);
  assert.match(unit.enable[0], /^launchctl bootstrap gui\/\$\(id -u\) /);
});
