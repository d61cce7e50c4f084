/**
 * `doctor` finds each planted problem — a stale pid, a taken port, a corrupt
 * database, a broken event chain, missing git hooks — with its fix, and
 * `doctor --fix` repairs the safe ones (stale state, chain, hooks) while the
 * corrupt database is only reported.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { kmSandbox } from "../plugins/km/km_sandbox.ts";
import { GIT_ENV } from "../support/git_repo.ts";

interface Finding {
  check: string;
  severity: string;
  message: string;
  fix?: string;
  repairable?: boolean;
}

function find(findings: Finding[], check: string, severity: string): Finding {
  const found = findings.find((f) => f.check === check && f.severity === severity);
  assert.ok(found, `${check} ${severity} in ${JSON.stringify(findings, null, 1)}`);
  return found;
}

Deno.test("doctor finds planted problems; --fix repairs the safe ones", async () => {
  const box = await kmSandbox();
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    Object.assign(box.env, GIT_ENV);
    const git = await new Deno.Command("git", {
      args: ["init", "-q"],
      cwd: box.project,
      env: GIT_ENV,
    })
      .output();
    assert.ok(git.success);
    const claude = join(box.project, ".claude");
    for (const dir of ["state", "events", "registry", "logs", "agents", "triggers", "workspaces"]) {
      await Deno.mkdir(join(claude, dir), { recursive: true });
    }
    // Stale pid whose recorded port another program now holds.
    const gone = new Deno.Command("true").spawn();
    assert.ok((await gone.status).success);
    await Deno.writeTextFile(join(claude, "state", "km.pid"), `${gone.pid}\n`);
    const port = (listener.addr as Deno.NetAddr).port;
    await Deno.writeTextFile(join(claude, "state", "km.port"), `${port}\n`);
    // Corrupt registry database.
    const db = join(claude, "registry", "registry.db");
    await Deno.writeTextFile(db, "this is not an SQLite database\n".repeat(200));
    // Broken event chain: an edited line.
    for (const type of ["test.one", "test.two", "test.three"]) {
      assert.equal((await box.run(["events", "emit", "--type", type])).code, 0);
    }
    const log = join(claude, "events", "log.ndjson");
    await Deno.writeTextFile(log, (await Deno.readTextFile(log)).replace("test.two", "test.TWO"));
    // Missing hooks: a fresh repository has none of ours.

    const before = await box.run(["doctor", "--json"]);
    assert.equal(before.code, 1, before.stderr);
    const findings: Finding[] = JSON.parse(before.stdout).findings;
    assert.match(find(findings, "km-dead", "error").message, /process \d+ is gone/);
    assert.match(find(findings, "km-port-conflict", "error").message, /held by another program/);
    const corrupt = find(findings, "database", "error");
    assert.match(corrupt.message, /registry\.db is damaged/);
    assert.match(corrupt.fix!, /mv .*registry\.db .*\.corrupt/);
    assert.equal(corrupt.repairable, undefined, "a damaged database is never auto-fixed");
    const chain = find(findings, "event-chain", "error");
    assert.match(chain.message, /log\.ndjson:2/);
    assert.equal(
      chain.fix,
      "super-agents events repair   (quarantines the bad lines, re-chains the rest)",
    );
    const hooks = find(findings, "git-hooks", "warning");
    assert.match(hooks.message, /pre-commit/);
    assert.match(hooks.fix!, /^super-agents hooks install/);

    const fixed = await box.run(["doctor", "--fix", "--json"]);
    const after = JSON.parse(fixed.stdout);
    const repaired = Object.fromEntries(
      after.repairs.map((r: { check: string; ok: boolean; message: string }) => [r.check, r]),
    );
    for (const check of ["km-dead", "event-chain", "git-hooks"]) {
      assert.equal(repaired[check]?.ok, true, `${check}: ${JSON.stringify(after.repairs)}`);
    }
    assert.equal(repaired.database, undefined);
    await assert.rejects(Deno.stat(join(claude, "state", "km.pid")), Deno.errors.NotFound);
    assert.equal((await box.run(["events", "verify"])).code, 0);
    const preCommit = await Deno.readTextFile(join(box.project, ".git", "hooks", "pre-commit"));
    assert.match(preCommit, /super-agents/);
    const left: Finding[] = after.findings.filter((f: Finding) =>
      f.severity === "error" || f.severity === "warning"
    );
    assert.deepEqual(
      left.filter((f) => f.check !== "install" && f.check !== "api-key").map((f) => f.check),
      ["database"],
      "only the unsafe problem is left",
    );
    assert.equal(fixed.code, 1, "the corrupt database still fails doctor");
    const text = await box.run(["doctor", "--fix"]);
    assert.match(text.stdout, /nothing to fix automatically/);
  } finally {
    listener.close();
    await box.cleanup();
  }
});

Deno.test("doctor: an invalid config is reported by the config check, the others still run", async () => {
  const box = await kmSandbox();
  try {
    await Deno.mkdir(join(box.project, ".claude"), { recursive: true });
    await Deno.writeTextFile(
      join(box.project, ".claude", "config.json"),
      '{"km": {"portMin": "x"}}',
    );
    const result = await box.run(["doctor", "--json"]);
    assert.equal(result.code, 1);
    const findings: Finding[] = JSON.parse(result.stdout).findings;
    assert.match(find(findings, "config", "error").fix!, /config validate/);
    find(findings, "deno-version", "ok");
    find(findings, "disk-space", "ok");
  } finally {
    await box.cleanup();
  }
});
