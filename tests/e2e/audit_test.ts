/**
 * `super-agents audit` end to end: config changes, secret changes and
 * reveals, token creation and uninstall are recorded (names, never values),
 * chained and verified; the project's event log gets the same `audit.*`
 * events; an edited entry makes `audit verify` fail with its line.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";

interface Entry {
  action: string;
  target?: string;
  outcome: string;
  seq: number;
}

Deno.test("audit: sensitive operations are recorded, chained and verified", async () => {
  const sandbox = await createSandbox();
  try {
    await Deno.mkdir(join(sandbox.project, ".claude", "events"), { recursive: true });
    Object.assign(sandbox.env, { SUPER_AGENTS_SECRETS_BACKEND: "file", USER: "alice" });
    const webhook = "https://hooks.slack.test/T000/B000/secretpart";
    assert.equal((await sandbox.run(["config", "set", "km.portMin", "5050"])).code, 0);
    assert.equal(
      (await sandbox.run(["config", "set", "notifications.slackWebhookUrl", webhook])).code,
      0,
    );
    assert.equal((await sandbox.run(["secrets", "set", "HOOK"], { stdin: webhook })).code, 0);
    assert.equal((await sandbox.run(["secrets", "get", "HOOK"])).code, 0, "masked: not audited");
    assert.equal((await sandbox.run(["secrets", "get", "HOOK", "--reveal"])).code, 0);
    assert.equal((await sandbox.run(["secrets", "rm", "HOOK"])).code, 0);

    const listed = await sandbox.run(["--json", "audit"]);
    assert.equal(listed.code, 0, listed.stderr);
    const entries: Entry[] = JSON.parse(listed.stdout).entries;
    assert.deepEqual(entries.map((e) => [e.seq, e.action, e.target]), [
      [1, "config.set", "km.portMin"],
      [2, "config.set", "notifications.slackWebhookUrl"],
      [3, "secret.set", "HOOK"],
      [4, "secret.reveal", "HOOK"],
      [5, "secret.remove", "HOOK"],
    ]);
    const auditLog = join(sandbox.home, ".super-agents", "audit.ndjson");
    assert.ok(!(await Deno.readTextFile(auditLog)).includes("secretpart"), "no values");
    const text = await sandbox.run(["audit", "--action", "secret.*"]);
    assert.match(text.stdout, /ok +secret\.set HOOK by alice/);
    assert.doesNotMatch(text.stdout, /config\.set/);
    const since = await sandbox.run(["--json", "audit", "--since", "2099-01-01"]);
    assert.deepEqual(JSON.parse(since.stdout).entries, []);

    const projectLog = await Deno.readTextFile(
      join(sandbox.project, ".claude", "events", "log.ndjson"),
    );
    const projectTypes = projectLog.trim().split("\n").map((line) => JSON.parse(line).type);
    assert.deepEqual(projectTypes, [
      "audit.config.set",
      "audit.config.set",
      "audit.secret.set",
      "audit.secret.reveal",
      "audit.secret.remove",
    ]);

    const verified = await sandbox.run(["audit", "verify"]);
    assert.equal(verified.code, 0);
    assert.match(verified.stdout, /audit log ok: 5 entries chained/);
    const original = await Deno.readTextFile(auditLog);
    await Deno.writeTextFile(auditLog, original.replace('"target":"HOOK"', '"target":"NOPE"'));
    const broken = await sandbox.run(["--json", "audit", "verify"]);
    assert.equal(broken.code, 1);
    const report = JSON.parse(broken.stdout);
    assert.equal(report.ok, false);
    assert.equal(report.firstBad.line, 3);
    const doctor = await sandbox.run(["--json", "doctor"]);
    const finding = JSON.parse(doctor.stdout).findings.find((f: { check: string }) =>
      f.check === "audit-chain"
    );
    assert.equal(finding.severity, "error");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("audit: uninstall is recorded in the user's log only", async () => {
  const sandbox = await createSandbox();
  try {
    assert.equal((await sandbox.run(["init"])).code, 0);
    assert.equal((await sandbox.run(["uninstall"])).code, 0);
    const listed = await sandbox.run(["--json", "audit"]);
    const entries: Entry[] = JSON.parse(listed.stdout).entries;
    assert.deepEqual(entries.map((e) => [e.action, e.target]), [
      ["project.uninstall", sandbox.project],
    ]);
    await assert.rejects(Deno.stat(join(sandbox.project, ".claude", "events")));
  } finally {
    await sandbox.cleanup();
  }
});
