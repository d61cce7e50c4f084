/**
 * Plugins' config sections end to end: the `notifications` section lives
 * in its plugin's manifest (not in the kernel's schema), yet `config list`
 * shows its keys with their defaults and layers, `config get/set` validate
 * against its schema (an invalid value or a misspelt key is an error that
 * names the file, the key and the fix), environment variables reach it, a
 * config file written before the move stays valid, and a light command
 * (`status`, which loads no plugins) works with it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "../support/cli.ts";

async function project(): Promise<Sandbox> {
  const sandbox = await createSandbox();
  await Deno.mkdir(join(sandbox.project, ".claude"));
  return sandbox;
}

interface Row {
  key: string;
  value: unknown;
  source: string;
}

async function rows(sandbox: Sandbox, env: Record<string, string> = {}): Promise<Row[]> {
  const listed = await sandbox.run(["config", "list", "--json"], { env });
  assert.equal(listed.code, 0, listed.stderr);
  return JSON.parse(listed.stdout);
}

Deno.test("a plugin's section is listed with its defaults, set and got through its schema", async () => {
  const sandbox = await project();
  try {
    const before = await rows(sandbox);
    const row = (all: Row[], key: string) => all.find((r) => r.key === key);
    assert.deepEqual(row(before, "notifications.maxPerMinute"), {
      key: "notifications.maxPerMinute",
      value: 20,
      source: "default",
    });
    assert.deepEqual(row(before, "notifications.on")?.value, ["check.failed", "task.failed"]);
    assert.ok(row(before, "km.portMin"), "the kernel's keys are there too");

    const set = await sandbox.run(["config", "set", "notifications.maxPerMinute", "5"]);
    assert.equal(set.code, 0, set.stderr);
    const got = await sandbox.run(["config", "get", "notifications.maxPerMinute", "--json"]);
    assert.deepEqual(JSON.parse(got.stdout), {
      key: "notifications.maxPerMinute",
      value: 5,
      source: "project",
    });
    const fromEnv = row(
      await rows(sandbox, { SUPER_AGENTS_NOTIFICATIONS_MAX_PER_MINUTE: "7" }),
      "notifications.maxPerMinute",
    );
    assert.deepEqual([fromEnv?.value, fromEnv?.source], [7, "env"]);

    const file = join(sandbox.project, ".claude", "config.json");
    const invalid = await sandbox.run(["config", "set", "notifications.maxPerMinute", "0"]);
    assert.equal(invalid.code, 1, invalid.stdout);
    assert.match(invalid.stderr, new RegExp(`error: ${file}: key "notifications.maxPerMinute": `));
    assert.match(invalid.stderr, /hint: fix "notifications.maxPerMinute" in /);
    const enumValue = await sandbox.run(["config", "set", "notifications.on", "task.done"]);
    assert.notEqual(enumValue.code, 0);
    assert.match(enumValue.stderr, /notifications\.on\.0/);
    const unknown = await sandbox.run(["config", "get", "notifications.maxPerMinuet"]);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /unknown config key "notifications.maxPerMinuet"/);
    assert.match(unknown.stderr, /did you mean "notifications.maxPerMinute"/);
    assert.equal(JSON.parse(await Deno.readTextFile(file)).notifications.maxPerMinute, 5);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("a config file written before the move stays valid; misspelt plugin keys name file, key and fix", async () => {
  const sandbox = await project();
  try {
    const file = join(sandbox.project, ".claude", "config.json");
    const baseline = await sandbox.run(["status"]);
    await Deno.writeTextFile(
      file,
      JSON.stringify({
        km: { portMin: 5001 },
        notifications: { on: ["task.completed"], retries: 1, slackWebhookUrl: "" },
      }),
    );
    const valid = await sandbox.run(["config", "validate"]);
    assert.deepEqual([valid.code, valid.stdout], [0, "configuration is valid\n"], valid.stderr);
    const status = await sandbox.run(["status"]);
    assert.deepEqual([status.code, status.stdout], [baseline.code, baseline.stdout], status.stderr);

    await Deno.writeTextFile(
      file,
      JSON.stringify({ notifications: { retires: 1 }, notification: { on: [] } }),
    );
    const report = await sandbox.run(["config", "validate", "--json"]);
    assert.equal(report.code, 1);
    const problems = JSON.parse(report.stdout).problems as {
      origin: string;
      key: string;
      message: string;
      hint: string;
    }[];
    assert.deepEqual(
      problems.map((p) => [p.origin, p.key, p.message]),
      [
        [file, "notifications.retires", 'unknown key (did you mean "notifications.retries"?)'],
        [file, "notification", 'unknown key (did you mean "notifications"?)'],
      ],
    );
    assert.match(problems[0].hint, /rename "notifications.retires" to "notifications.retries"/);
  } finally {
    await sandbox.cleanup();
  }
});
